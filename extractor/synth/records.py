"""Fictional Form 4 truth records for ``form4 synth``, and their per-layout variants.

:func:`synthetic_records` draws plausible filings (made-up issuers, owners and amounts, with
value distributions modelled on the SEC insider-transactions data set) as records in the
output contract; every field has ``confidence`` 1.0 and no ``text``/``page``/``bbox``.
:func:`truth_for_layout` adjusts a truth record to what a given paper layout can print.

Invariants of every synthetic record (the tests check them):

* shares owned following a transaction chain per position (same security title, ownership
  form and nature, and for Table II the same exercise price and dates): each row's amount is the
  previous row's amount plus (A) or minus (D) its shares; a holding row of a position that has
  transactions reports the position after them;
* transaction codes agree with (A)/(D): P, A, M, C, X acquire and S, F, D dispose in Table I;
  in Table II, A and P acquire, M, C, X, S, F, D dispose; G and J go either way;
* every footnote marker names a footnote, every footnote is referenced, ids are numbered in
  order of first appearance on the form;
* ``period_of_report`` is the earliest transaction date; signatures are dated on or after the
  last transaction; an amendment's original submission lies between the two;
* transaction, filing and signature dates fall in 2003-2025 (expiration dates of options and
  notes granted late in that range may lie up to ten years beyond it, as on real filings).
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from extractor.record import Field, Record, empty_owner, empty_record, iter_fields, make_field

__all__ = ["LAYOUTS", "position_key", "synthetic_records", "truth_for_layout"]

LAYOUTS = ("edgar", "paper", "paper-pre2002")

FIRST_DATE = date(2003, 1, 2)
LAST_DATE = date(2025, 12, 31)
# Latest first transaction date: leaves room for multi-day series, late signatures and
# amendments filed weeks later, all before LAST_DATE.
_LAST_START = date(2025, 9, 15)

# --------------------------------------------------------------------------- word lists

# fmt: off
_ISSUER_FIRST = (
    "Northwind", "Bluefield", "Cedar Ridge", "Harborview", "Summitline", "Granite Peak",
    "Meridian Falls", "Silverline", "Crescent Bay", "Ironwood", "Lakeshore", "Redstone",
    "Alder", "Brightwater", "Copperleaf", "Driftwood", "Evergreen Hollow", "Fairhaven",
    "Goldcrest", "Highmark", "Juniper", "Kestrel", "Larkspur", "Marrowind", "Nettlefield",
    "Oakhurst", "Pinecrest", "Quarry Point", "Ravenbrook", "Saltmarsh", "Tidewater",
    "Upland", "Valemont", "Westbrook", "Yarrow", "Zephyr", "Amberly", "Blackfen", "Coldspring",
    "Dunmore", "Eastwick", "Foxglove", "Greywater", "Hollister Bay", "Stonebridge", "Wexley",
)
_ISSUER_SECTOR = (
    "Biologics", "Therapeutics", "Pharmaceuticals", "Semiconductor", "Energy", "Bancorp",
    "Financial", "Holdings", "Systems", "Networks", "Logistics", "Materials", "Software",
    "Diagnostics", "Medical", "Robotics", "Foods", "Minerals", "Realty", "Aerospace",
    "Genomics", "Instruments", "Brands", "Industries", "Technologies", "Resources",
)
_ISSUER_SUFFIX = (
    ", Inc.", ", Inc.", ", Inc.", " Corp", " Corporation", " Co.", " Holdings, Inc.", ", Ltd.",
    " plc", " Group, Inc.", " Incorporated",
)
_LAST_NAMES = (
    "ABERNATHY", "BALDWIN", "CALLOWAY", "DELACROIX", "ELLSWORTH", "FAIRCHILD", "GALLAGHER",
    "HAWTHORNE", "IVERSON", "JANSSEN", "KOWALSKI", "LINDQVIST", "MARCHETTI", "NAKAMURA",
    "OKAFOR", "PEMBERTON", "QUINTERO", "RASMUSSEN", "SANTORO", "THORNBURY", "UNDERHILL",
    "VANDERMEER", "WHITLOCK", "YAMADA", "ZIMMERMANN", "ASHFORD", "BRENNAN", "CHOWDHURY",
    "DRISCOLL", "ESPINOZA", "FINNEGAN", "GOLDBERG", "HALVORSEN", "IBARRA", "KESSLER",
    "LOCKHART", "MERCADO", "NORDSTROM", "OSTROWSKI", "PRESCOTT", "RADCLIFFE", "SHEPHERD",
    "TALBOT", "VOSKUIJLEN", "WAINWRIGHT", "ACHTERBERG", "BOATENG", "CASTELLANOS",
)
_FIRST_NAMES = (
    "MARGARET", "JONATHAN", "PRIYA", "GREGORY", "ELENA", "SAMUEL", "CATHERINE", "DAVID",
    "AISHA", "THOMAS", "LAUREN", "RICHARD", "MEI", "ANDREW", "NATALIE", "CHRISTOPHER", "SOFIA",
    "BENJAMIN", "RACHEL", "MICHAEL", "HANNAH", "VIKRAM", "JULIA", "PATRICK", "OLIVIA",
    "FREDERICK", "DIANE", "KENNETH", "ROSA", "WILLIAM", "ELIZABETH", "ANTHONY", "GRACE",
    "STEPHEN", "NADIA", "ROBERT", "CAROLINE", "MARCUS", "HELEN", "DANIEL",
)
_OFFICER_TITLES = (
    "Chief Executive Officer", "Chief Financial Officer", "EVP, General Counsel",
    "Chief Operating Officer", "SVP, Chief Accounting Officer", "President",
    "EVP & Chief Commercial Officer", "Chief Technology Officer", "General Counsel and Secretary",
    "SVP, Human Resources", "Chief Medical Officer", "EVP, Global Operations",
    "Chief Legal Officer", "VP, Controller", "Chief Scientific Officer",
    "President, North America", "EVP and CFO", "SVP, Sales", "Chief People Officer",
    "EVP, Chief Information Officer", "Treasurer",
)
_DIRECTOR_OFFICER_TITLES = (
    "Chairman and CEO", "President and CEO", "Executive Chairman", "CEO",
    "Chairman, President & CEO",
)
_OTHER_TEXTS = (
    "Former Director", "Member of 13(d) group", "See Remarks", "Former Officer",
    "Director by deputization", "Possible member of 10% group",
)
_STREETS = (
    "MARKET STREET", "HARBOR BOULEVARD", "INNOVATION DRIVE", "COMMERCE PARKWAY", "ELM AVENUE",
    "RIVERSIDE DRIVE", "LAKEVIEW ROAD", "CORPORATE CENTER DRIVE", "MAIN STREET", "PARK AVENUE",
    "TECHNOLOGY WAY", "CANYON ROAD", "WATER STREET", "BROADWAY", "SHORELINE BOULEVARD",
    "EXECUTIVE CIRCLE", "WESTLAKE AVENUE NORTH", "PEACHTREE ROAD NE", "CONGRESS AVENUE",
)
_CITIES = (
    ("SAN DIEGO", "CA", "921"), ("PALO ALTO", "CA", "943"), ("SOUTH SAN FRANCISCO", "CA", "940"),
    ("AUSTIN", "TX", "787"), ("HOUSTON", "TX", "770"), ("DALLAS", "TX", "752"),
    ("BOSTON", "MA", "021"), ("CAMBRIDGE", "MA", "021"), ("WALTHAM", "MA", "024"),
    ("NEW YORK", "NY", "100"), ("STAMFORD", "CT", "069"), ("PRINCETON", "NJ", "085"),
    ("CHICAGO", "IL", "606"), ("MINNEAPOLIS", "MN", "554"), ("DENVER", "CO", "802"),
    ("SEATTLE", "WA", "981"), ("PORTLAND", "OR", "972"), ("ATLANTA", "GA", "303"),
    ("CHARLOTTE", "NC", "282"), ("RALEIGH", "NC", "276"), ("NASHVILLE", "TN", "372"),
    ("MIAMI", "FL", "331"), ("TAMPA", "FL", "336"), ("PHOENIX", "AZ", "850"),
    ("SALT LAKE CITY", "UT", "841"), ("PITTSBURGH", "PA", "152"), ("COLUMBUS", "OH", "432"),
    ("DETROIT", "MI", "482"), ("ST. LOUIS", "MO", "631"), ("WILMINGTON", "DE", "198"),
    ("MENLO PARK", "CA", "940"), ("GREENWICH", "CT", "068"), ("BETHESDA", "MD", "208"),
)
_SUITES = (
    "SUITE 400", "SUITE 1200", "SUITE 210", "FLOOR 12", "SUITE 3100", "SUITE 500", "5TH FLOOR",
)
_COMMON_TITLES = (
    ("Common Stock", 62),
    ("Class A Common Stock", 14),
    ("Common Shares", 5),
    ("Ordinary Shares", 4),
    ("Common Stock, par value $0.001 per share", 5),
    ("Common Stock, $0.01 par value", 4),
    ("COMMON STOCK", 3),
    ("Class B Common Stock", 3),
)
_OPTION_TITLES = (
    "Stock Option (Right to Buy)", "Employee Stock Option (right to buy)",
    "Non-Qualified Stock Option (right to buy)", "Stock Options (Right to Buy)",
    "Incentive Stock Option (right to buy)", "Option to Purchase Common Stock",
)
_RSU_TITLES = (
    "Restricted Stock Units", "Restricted Stock Unit", "Restricted Stock Units (RSUs)",
    "Performance Stock Units", "Performance Share Units", "Deferred Stock Units",
)
_WARRANT_TITLES = ("Warrants (right to buy)", "Common Stock Warrants", "Warrant (right to buy)")
_FUND_WORDS = (
    "Ridgeline", "Bayfront", "Talus", "Northgate", "Kingsford", "Bellhaven", "Cormorant",
    "Sagebrush", "Ashgrove", "Windward", "Lodestar", "Palisade",
)
_FUND_KINDS = (
    "Capital Partners {n}, L.P.", "Ventures {n}, L.P.", "Growth Fund {n}, L.P.",
    "Opportunity Fund {n}, LP", "Healthcare Fund {n}, L.P.",
)
_AMENDMENT_REMARKS = (
    "This amendment is being filed to correct the number of shares beneficially owned following "
    "the reported transactions.",
    "This Form 4/A amends the Form 4 filed on {orig} to correct the transaction date reported in "
    "Table I.",
    "This amendment is filed solely to add a footnote inadvertently omitted from the original "
    "filing.",
)
_REMARKS = (
    "Exhibit 24 - Power of Attorney",
    "Exhibit List: Exhibit 24 - Power of Attorney.",
    "This report is one of two reports filed on the same date by the reporting person relating "
    "to transactions on the same dates.",
    "The reporting person is filing this Form 4 voluntarily.",
)
_JOINT_REMARKS = (
    "The reporting persons are filing jointly; each disclaims beneficial ownership of the "
    "reported securities except to the extent of its pecuniary interest therein.",
    "This Form 4 is filed jointly by the reporting persons listed above. Exhibit 99.1 - Joint "
    "Filer Information.",
    "Exhibit 24 - Power of Attorney",
)
_ROMAN = ("II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
# fmt: on


# --------------------------------------------------------------------------- small helpers


def _f(value: Any = None) -> Field:
    return make_field(value, confidence=1.0)


def _num(value: Decimal | int | float) -> int | float:
    dec = value if isinstance(value, Decimal) else Decimal(str(value))
    if dec == dec.to_integral_value():
        return int(dec)
    return float(dec)


def _iso(day: date) -> str:
    return day.isoformat()


def _prose(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _trading_day(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _weighted(
    rng: random.Random, pairs: tuple[tuple[Any, float], ...] | list[tuple[Any, float]]
) -> Any:
    items = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return rng.choices(items, weights=weights, k=1)[0]


def _lognormal_int(rng: random.Random, median: float, sigma: float, lo: int, hi: int) -> int:
    value = int(round(math.exp(rng.gauss(math.log(median), sigma))))
    return max(lo, min(hi, value))


def _share_count(
    rng: random.Random, median: float, sigma: float = 1.3, *, frac: bool = False
) -> Decimal:
    """A share count: mostly whole, often in round lots; rarely fractional when ``frac``."""
    n = _lognormal_int(rng, median, sigma, 1, 50_000_000)
    roll = rng.random()
    if roll < 0.35 and n >= 1000:
        n = int(round(n, -2))
    elif roll < 0.45 and n >= 10_000:
        n = int(round(n, -3))
    elif frac and roll > 0.97:
        return Decimal(n) + Decimal(rng.randint(1, 999)) / Decimal(1000)
    return Decimal(max(n, 1))


def _window(rng: random.Random, end: date, lo_days: int, hi_days: int) -> date:
    """A day between ``hi_days`` and ``lo_days`` before ``end``, not before FIRST_DATE."""
    latest = max(FIRST_DATE, end - timedelta(days=lo_days))
    earliest = max(FIRST_DATE, end - timedelta(days=hi_days))
    return earliest + timedelta(days=rng.randint(0, (latest - earliest).days))


def _money(value: float, places: int) -> Decimal:
    q = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)


def position_key(table: str, row: dict[str, Field]) -> tuple[Any, ...]:
    """A position: what rows chain their ``shares_owned_following_transaction`` along."""
    base = (
        row["security_title"]["value"],
        row["direct_or_indirect_ownership"]["value"],
        row["nature_of_ownership"]["value"],
    )
    if table.startswith("derivative"):
        return base + (
            row["conversion_or_exercise_price"]["value"],
            row["exercise_date"]["value"],
            row["expiration_date"]["value"],
        )
    return base


_TABLE_ORDER = (
    "non_derivative_transactions",
    "non_derivative_holdings",
    "derivative_transactions",
    "derivative_holdings",
)


# --------------------------------------------------------------------------- the builder


@dataclass
class _Person:
    last: str
    first: str
    middle: str | None

    def filer_name(self, upper: bool) -> str:
        parts = [self.last, self.first] + ([self.middle] if self.middle else [])
        name = " ".join(parts)
        return name if upper else name.title()

    def natural(self) -> str:
        mid = f" {self.middle}." if self.middle else ""
        return f"{self.first.title()}{mid} {self.last.title()}"


@dataclass
class _Pending:
    """A row under construction: its fields, its table, and the shares it moves."""

    table: str
    row: dict[str, Field]
    delta: Decimal = Decimal(0)  # + acquired, - disposed, 0 for holdings
    start_hint: Decimal | None = None


@dataclass
class _Issuer:
    name: str
    ticker: str
    common: str
    price: float
    city: tuple[str, str, str]
    street: str


@dataclass
class _Owner:
    display: str  # as signed
    entity: bool
    person: _Person | None
    fields: dict[str, Field] = field(default_factory=dict)


class _Filing:
    """Builds one fictional filing from its own random stream."""

    def __init__(self, rng: random.Random, long_filing: bool) -> None:
        self.rng = rng
        self.long = long_filing
        self.rows: list[_Pending] = []
        self.notes: list[str] = []
        self.note_cap = 40 if long_filing else 6
        self.record = empty_record()
        self.tx_dates: list[date] = []
        self.start = FIRST_DATE
        self.plan_adopted: date | None = None

    # -- footnotes --------------------------------------------------------------------
    def note(self, fld: Field, text: str, *, required: bool = False) -> bool:
        """Attach a footnote (re-using an identical one); optional notes respect the cap."""
        if text in self.notes:
            fid = f"F{self.notes.index(text) + 1}"
        elif required or len(self.notes) < self.note_cap:
            self.notes.append(text)
            fid = f"F{len(self.notes)}"
        else:
            return False
        if fid not in fld["footnote_ids"]:
            fld["footnote_ids"].append(fid)
        return True

    def maybe_note(self, p: float, fld: Field, text: str) -> None:
        if self.rng.random() < p:
            self.note(fld, text)

    # -- people and places ------------------------------------------------------------
    def person(self) -> _Person:
        rng = self.rng
        middle = rng.choice("ABCDEFGHJKLMNPRSTW") if rng.random() < 0.55 else None
        return _Person(rng.choice(_LAST_NAMES), rng.choice(_FIRST_NAMES), middle)

    def issuer(self) -> _Issuer:
        rng = self.rng
        first = rng.choice(_ISSUER_FIRST)
        sector = rng.choice(_ISSUER_SECTOR)
        name = f"{first} {sector}{rng.choice(_ISSUER_SUFFIX)}"
        letters = [w[0] for w in first.replace("-", " ").split()] + [sector[0]]
        ticker = "".join(letters).upper()
        pool = (first.replace(" ", "") + sector).upper()
        while len(ticker) < rng.choice((3, 4, 4)):
            ticker += rng.choice(pool[1:])
        ticker = ticker[:4]
        price = math.exp(rng.gauss(math.log(28.0), 1.0))
        price = min(max(price, 0.35), 950.0)
        street = f"{rng.randint(1, 9999)} {rng.choice(_STREETS)}"
        return _Issuer(
            name=name,
            ticker=ticker,
            common=_weighted(rng, _COMMON_TITLES),
            price=price,
            city=rng.choice(_CITIES),
            street=street,
        )

    def address(
        self, owner: dict[str, Field], street1: str, street2: str | None, city: tuple
    ) -> None:
        owner["street1"] = _f(street1)
        owner["street2"] = _f(street2)
        owner["city"] = _f(city[0])
        owner["state"] = _f(city[1])
        owner["zip_code"] = _f(f"{city[2]}{self.rng.randint(1, 99):02d}")

    def fund_name(self) -> str:
        rng = self.rng
        return f"{rng.choice(_FUND_WORDS)} {rng.choice(_FUND_KINDS).format(n=rng.choice(_ROMAN))}"

    def owners(self, iss: _Issuer) -> list[_Owner]:
        rng = self.rng
        n_owners = _weighted(rng, ((1, 84), (2, 11), (3, 5)))
        upper = rng.random() < 0.6
        out: list[_Owner] = []
        person = self.person()
        primary = empty_owner()
        primary["name"] = _f(person.filer_name(upper))
        role = _weighted(
            rng,
            (
                ("officer", 36),
                ("director", 30),
                ("director+officer", 10),
                ("ten", 8),
                ("director+ten", 8),
                ("other", 4),
                ("officer+ten", 4),
            ),
        )
        if n_owners > 1 and role in ("officer", "officer+ten"):
            role = "director+ten"
        is_dir = "director" in role
        is_off = "officer" in role
        is_ten = "ten" in role
        is_oth = role == "other"
        primary["is_director"] = _f(is_dir)
        primary["is_officer"] = _f(is_off)
        primary["is_ten_percent_owner"] = _f(is_ten)
        primary["is_other"] = _f(is_oth)
        title = None
        if is_off:
            title = rng.choice(_DIRECTOR_OFFICER_TITLES if is_dir else _OFFICER_TITLES)
        primary["officer_title"] = _f(title)
        primary["other_text"] = _f(rng.choice(_OTHER_TEXTS) if is_oth else None)

        fund_street = f"{rng.randint(1, 3999)} {rng.choice(_STREETS)}"
        fund_city = rng.choice(_CITIES)
        fund_suite = rng.choice(_SUITES) if rng.random() < 0.6 else None
        if n_owners > 1:
            self.address(primary, fund_street, fund_suite, fund_city)
        elif rng.random() < 0.55:
            self.address(primary, f"C/O {iss.name.upper()}", iss.street, iss.city)
        else:
            suite = rng.choice(_SUITES) if rng.random() < 0.3 else None
            self.address(primary, iss.street, suite, iss.city)
        out.append(_Owner(display=person.natural(), entity=False, person=person, fields=primary))

        for k in range(1, n_owners):
            entity = self.fund_name() if k == 1 else f"{rng.choice(_FUND_WORDS)} Management, LLC"
            fields = empty_owner()
            fields["name"] = _f(entity.upper() if upper else entity)
            group = rng.random() < 0.3
            fields["is_director"] = _f(False)
            fields["is_officer"] = _f(False)
            fields["is_ten_percent_owner"] = _f(not group)
            fields["is_other"] = _f(group)
            fields["officer_title"] = _f(None)
            fields["other_text"] = _f(rng.choice(_OTHER_TEXTS[1:3]) if group else None)
            self.address(fields, fund_street, fund_suite, fund_city)
            fields["zip_code"] = copy.deepcopy(primary["zip_code"])
            out.append(_Owner(display=entity, entity=True, person=None, fields=fields))
        return out

    # -- rows -------------------------------------------------------------------------
    def ownership(
        self,
        owner_last: str,
        indirect: bool,
        fund: str | None = None,
        exclude: tuple[str, ...] = (),
    ) -> tuple[Field, Field]:
        """(direct_or_indirect_ownership, nature_of_ownership); ``exclude``: natures in use."""
        rng = self.rng
        if not indirect:
            return _f("D"), _f(None)
        if fund is not None:
            nature = _f(f"By {fund}")
            self.note(
                nature,
                f"The securities are held directly by {fund.rstrip('.')}. The reporting person "
                "may be deemed to share voting and dispositive power over these securities and "
                "disclaims beneficial ownership except to the extent of his or her pecuniary "
                "interest therein.",
                required=True,
            )
            return _f("I"), nature
        kind = _weighted(
            rng,
            [
                (k, w)
                for k, w in (
                    ("By Trust", 26),
                    ("See footnote", 22),
                    ("By Spouse", 15),
                    ("By 401(k) Plan", 9),
                    ("By IRA", 6),
                    ("By LLC", 6),
                    ("By Family Trust", 6),
                    ("By GRAT", 4),
                    ("See Footnote", 6),
                )
                if k.lower() not in {e.lower() for e in exclude}
            ],
        )
        nature = _f(kind)
        fam = owner_last.title()
        year = rng.randint(FIRST_DATE.year, max(FIRST_DATE.year, self.start.year - 1))
        if kind.startswith("See"):
            self.note(
                nature,
                rng.choice(
                    (
                        f"The shares are held by the {fam} Family Trust, of which the reporting "
                        "person is a trustee.",
                        f"Held by {fam} Holdings LLC, of which the reporting person is the sole "
                        "managing member. The reporting person disclaims beneficial ownership "
                        "except to the extent of his or her pecuniary interest therein.",
                        f"The shares are held by the {fam} {year} Irrevocable Trust for the "
                        "benefit of the reporting person's children.",
                    )
                ),
                required=True,
            )
        elif kind in ("By Trust", "By Family Trust", "By GRAT"):
            self.maybe_note(
                0.6,
                nature,
                f"The shares are held by the {fam} Revocable Trust u/a/d "
                f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{year}, of which the reporting person "
                "is trustee.",
            )
        elif kind == "By Spouse":
            self.maybe_note(
                0.5,
                nature,
                "The shares are held by the reporting person's spouse. The reporting person "
                "disclaims beneficial ownership of these shares except to the extent of his or "
                "her pecuniary interest therein.",
            )
        return _f("I"), nature

    def nd_tx(
        self,
        iss: _Issuer,
        day: date,
        code: str,
        shares: Decimal,
        ad: str,
        price: Decimal | None,
        own: tuple[Field, Field],
        *,
        start_hint: Decimal | None = None,
        title: str | None = None,
    ) -> _Pending:
        row = self.tx_common(title or iss.common, day, code, shares, ad, price, own)
        pending = _Pending(
            "non_derivative_transactions", row, shares if ad == "A" else -shares, start_hint
        )
        self.rows.append(pending)
        return pending

    def tx_common(
        self,
        title: str,
        day: date,
        code: str,
        shares: Decimal,
        ad: str,
        price: Decimal | None,
        own: tuple[Field, Field],
    ) -> dict[str, Field]:
        rng = self.rng
        self.tx_dates.append(day)
        deemed = None
        if rng.random() < 0.03:
            deemed = _iso(day + timedelta(days=rng.randint(1, 3)))
        return {
            "security_title": _f(title),
            "transaction_date": _f(_iso(day)),
            "deemed_execution_date": _f(deemed),
            "transaction_code": _f(code),
            "equity_swap_involved": _f(rng.random() < 0.015),
            "shares": _f(_num(shares)),
            "price_per_share": _f(_num(price) if price is not None else None),
            "acquired_disposed_code": _f(ad),
            "shares_owned_following_transaction": _f(None),
            "direct_or_indirect_ownership": copy.deepcopy(own[0]),
            "nature_of_ownership": copy.deepcopy(own[1]),
        }

    def d_tx(
        self,
        title: str,
        conv: Decimal | None,
        day: date,
        code: str,
        shares: Decimal,
        ad: str,
        price: Decimal | None,
        exercise: date | None,
        expiration: date | None,
        underlying: str,
        underlying_shares: Decimal,
        own: tuple[Field, Field],
        *,
        start_hint: Decimal | None = None,
    ) -> _Pending:
        base = self.tx_common(title, day, code, shares, ad, price, own)
        row = {
            "security_title": base["security_title"],
            "conversion_or_exercise_price": _f(_num(conv) if conv is not None else None),
            "transaction_date": base["transaction_date"],
            "deemed_execution_date": base["deemed_execution_date"],
            "transaction_code": base["transaction_code"],
            "equity_swap_involved": base["equity_swap_involved"],
            "shares": base["shares"],
            "price_per_share": base["price_per_share"],
            "acquired_disposed_code": base["acquired_disposed_code"],
            "exercise_date": _f(_iso(exercise) if exercise else None),
            "expiration_date": _f(_iso(expiration) if expiration else None),
            "underlying_security_title": _f(underlying),
            "underlying_security_shares": _f(_num(underlying_shares)),
            "shares_owned_following_transaction": _f(None),
            "direct_or_indirect_ownership": base["direct_or_indirect_ownership"],
            "nature_of_ownership": base["nature_of_ownership"],
        }
        pending = _Pending(
            "derivative_transactions", row, shares if ad == "A" else -shares, start_hint
        )
        self.rows.append(pending)
        return pending

    def nd_holding(self, title: str, own: tuple[Field, Field], hint: Decimal) -> _Pending:
        row = {
            "security_title": _f(title),
            "shares_owned_following_transaction": _f(None),
            "direct_or_indirect_ownership": copy.deepcopy(own[0]),
            "nature_of_ownership": copy.deepcopy(own[1]),
        }
        pending = _Pending("non_derivative_holdings", row, Decimal(0), hint)
        self.rows.append(pending)
        return pending

    def d_holding(
        self,
        title: str,
        conv: Decimal | None,
        exercise: date | None,
        expiration: date | None,
        underlying: str,
        amount: Decimal,
        own: tuple[Field, Field],
    ) -> _Pending:
        row = {
            "security_title": _f(title),
            "conversion_or_exercise_price": _f(_num(conv) if conv is not None else None),
            "exercise_date": _f(_iso(exercise) if exercise else None),
            "expiration_date": _f(_iso(expiration) if expiration else None),
            "underlying_security_title": _f(underlying),
            "underlying_security_shares": _f(_num(amount)),
            "shares_owned_following_transaction": _f(None),
            "direct_or_indirect_ownership": copy.deepcopy(own[0]),
            "nature_of_ownership": copy.deepcopy(own[1]),
        }
        pending = _Pending("derivative_holdings", row, Decimal(0), amount)
        self.rows.append(pending)
        return pending

    # -- prices -----------------------------------------------------------------------
    def market(self, iss: _Issuer, spread: float = 0.02) -> float:
        return max(0.05, iss.price * (1 + self.rng.gauss(0, spread)))

    def trade_price(self, iss: _Issuer, fld_hint: float | None = None) -> Decimal:
        value = fld_hint if fld_hint is not None else self.market(iss)
        places = 4 if self.rng.random() < 0.3 else 2
        return _money(value, places)

    def weighted_average_note(self, fld: Field, price: Decimal, verb: str) -> None:
        lo = float(price) * (1 - self.rng.uniform(0.002, 0.02))
        hi = float(price) * (1 + self.rng.uniform(0.002, 0.02))
        self.note(
            fld,
            "The price reported in Column 4 is a weighted average price. These shares were "
            f"{verb} in multiple transactions at prices ranging from ${lo:,.2f} to ${hi:,.2f}, "
            "inclusive. The reporting person undertakes to provide to the Issuer, any security "
            "holder of the Issuer, or the staff of the Securities and Exchange Commission, upon "
            f"request, full information regarding the number of shares {verb} at each separate "
            "price.",
        )

    def plan_note(self, fld: Field, day: date) -> None:
        if self.plan_adopted is None:
            self.plan_adopted = _window(self.rng, day, 95, 400)
        adopted = self.plan_adopted
        self.note(
            fld,
            "The transactions reported on this Form 4 were effected pursuant to a Rule 10b5-1 "
            f"trading plan adopted by the reporting person on {_prose(adopted)}.",
        )

    # -- scenarios ----------------------------------------------------------------------
    def series_days(self, start: date, n: int) -> list[date]:
        days = [start]
        while len(days) < n:
            days.append(_trading_day(days[-1] + timedelta(days=1)))
        return days

    def sale(self, iss: _Issuer, who: _Owner, start: date, code: str = "S") -> None:
        rng = self.rng
        verb = "sold" if code == "S" else "purchased"
        ad = "D" if code == "S" else "A"
        n_rows = (
            rng.randint(12, 30)
            if self.long
            else _weighted(rng, ((1, 55), (2, 22), (3, 13), (4, 10)))
        )
        n_days = min(n_rows, rng.randint(1, 5 if self.long else 2))
        days = self.series_days(start, n_days)
        if who.entity or (rng.random() < 0.1 and not self.long):
            accounts = [self.ownership("X", True, fund=self.fund_name())]
        else:
            last = who.person.last if who.person else "Holdings"
            accounts = [self.ownership(last, False)]
            if rng.random() < (0.5 if self.long else 0.2):
                accounts.append(self.ownership(last, True))
        plan = code == "S" and rng.random() < 0.45
        median = 4000 if code == "S" else 3000
        if iss.price < 5:
            median *= 8
        hints: dict[int, Decimal] = {}
        for i in range(n_rows):
            day = days[min(i * n_days // n_rows, n_days - 1)]
            acct_i = (
                i % len(accounts)
                if self.long
                else (0 if i < n_rows - 1 or len(accounts) == 1 else 1)
            )
            shares = _share_count(rng, median, 1.1, frac=True)
            price = self.trade_price(iss, self.market(iss, 0.006))
            iss.price = float(price)
            p = self.nd_tx(iss, day, code, shares, ad, price, accounts[acct_i])
            if acct_i not in hints and code == "S":
                hints[acct_i] = Decimal(0) if rng.random() < 0.08 else _share_count(rng, 60000, 1.4)
                p.start_hint = hints[acct_i]
            if rng.random() < (0.75 if self.long else 0.5):
                self.weighted_average_note(p.row["price_per_share"], price, verb)
            if plan:
                self.plan_note(p.row["transaction_code"], day)

    def award(self, iss: _Issuer, who: _Owner, day: date) -> None:
        rng = self.rng
        own = self.ownership("X", False)
        kind = _weighted(rng, (("stock", 40), ("option", 30), ("rsu", 30)))
        median = 12000 if iss.price > 5 else 80000
        shares = _share_count(rng, median, 1.0)
        if kind == "stock":
            price = _weighted(rng, ((Decimal(0), 60), (None, 40)))
            p = self.nd_tx(iss, day, "A", shares, "A", price, own)
            self.maybe_note(
                0.8,
                p.row["shares"],
                rng.choice(
                    (
                        "Represents shares of restricted stock granted under the Issuer's "
                        f"{rng.randint(max(FIRST_DATE.year, day.year - 8), day.year)} Equity "
                        "Incentive Plan. The shares vest in three equal annual installments "
                        "beginning on the first anniversary of the grant date.",
                        "Represents an annual award of fully vested shares to non-employee "
                        "directors in lieu of cash compensation.",
                    )
                ),
            )
            return
        if kind == "option":
            title = rng.choice(_OPTION_TITLES)
            conv = _money(self.market(iss, 0.0), 2)
            expiration = _add_years(day, 10) - timedelta(days=1)
            vest_first = _add_years(day, 1)
            by_note = rng.random() < 0.55
            p = self.d_tx(
                title,
                conv,
                day,
                "A",
                shares,
                "A",
                _weighted(rng, ((Decimal(0), 65), (None, 35))),
                None if by_note else vest_first,
                expiration,
                iss.common,
                shares,
                own,
                start_hint=Decimal(0),
            )
            if by_note:
                self.note(
                    p.row["exercise_date"],
                    "The option vests in four equal annual installments beginning on "
                    f"{_prose(vest_first)}, subject to the reporting person's continued service "
                    "through each vesting date.",
                    required=True,
                )
            return
        title = rng.choice(_RSU_TITLES)
        p = self.d_tx(
            title,
            None,
            day,
            "A",
            shares,
            "A",
            _weighted(rng, ((Decimal(0), 60), (None, 40))),
            None,
            None,
            iss.common,
            shares,
            own,
            start_hint=Decimal(0),
        )
        self.rsu_notes(p, day)

    def rsu_notes(self, p: _Pending, first_vest: date) -> None:
        conv_note = (
            "Each restricted stock unit represents a contingent right to receive one share of "
            "the Issuer's common stock."
        )
        self.note(p.row["conversion_or_exercise_price"], conv_note, required=True)
        vest = (
            "The restricted stock units vest in three equal annual installments beginning on "
            f"{_prose(first_vest)}. Vested units will be settled in shares of common stock as "
            "soon as practicable after vesting."
        )
        self.note(p.row["exercise_date"], vest, required=True)
        self.note(p.row["expiration_date"], vest, required=True)

    def exercise(self, iss: _Issuer, who: _Owner, day: date, rsu: bool) -> None:
        rng = self.rng
        own = self.ownership("X", False)
        # First vesting / exercisable date: on or before the exercise.
        exercisable = _window(rng, day, 0, 7 * 365)
        median = 15000 if iss.price > 5 else 90000
        shares = _share_count(rng, median, 1.0)
        exercised_all = rng.random() < 0.4
        hint = shares if exercised_all else shares + _share_count(rng, median, 1.0)
        if rsu:
            title = rng.choice(_RSU_TITLES[:4])
            p = self.d_tx(
                title,
                None,
                day,
                "M",
                shares,
                "D",
                _weighted(rng, ((Decimal(0), 60), (None, 40))),
                None,
                None,
                iss.common,
                shares,
                own,
                start_hint=hint,
            )
            self.rsu_notes(p, exercisable)
            self.nd_tx(
                iss,
                day,
                "M",
                shares,
                "A",
                _weighted(rng, ((Decimal(0), 70), (None, 30))),
                own,
                start_hint=_share_count(rng, 30000, 1.3),
            )
            withheld = (shares * Decimal(rng.uniform(0.3, 0.45))).to_integral_value()
            if withheld > 0 and rng.random() < 0.75:
                f = self.nd_tx(iss, day, "F", withheld, "D", self.trade_price(iss), own)
                self.maybe_note(
                    0.7,
                    f.row["transaction_code"],
                    "Represents shares withheld by the Issuer to satisfy tax withholding "
                    "obligations in connection with the vesting of restricted stock units.",
                )
            return
        title = rng.choice(_OPTION_TITLES)
        conv = _money(iss.price * rng.uniform(0.25, 0.9), 2)
        expiration = _add_years(exercisable, 9) - timedelta(days=1)
        p = self.d_tx(
            title,
            conv,
            day,
            "M",
            shares,
            "D",
            _weighted(rng, ((Decimal(0), 55), (None, 45))),
            exercisable,
            expiration,
            iss.common,
            shares,
            own,
            start_hint=hint,
        )
        if rng.random() < 0.4:
            p.row["exercise_date"]["value"] = None
            self.note(
                p.row["exercise_date"],
                "The option vested in four equal annual installments beginning on "
                f"{_prose(exercisable)}.",
                required=True,
            )
        self.nd_tx(iss, day, "M", shares, "A", conv, own, start_hint=_share_count(rng, 20000, 1.4))
        follow = rng.random()
        if follow < 0.55:
            sold = (
                shares
                if rng.random() < 0.6
                else (shares * Decimal(rng.uniform(0.3, 0.9))).to_integral_value()
            )
            price = self.trade_price(iss)
            s = self.nd_tx(iss, day, "S", max(sold, Decimal(1)), "D", price, own)
            if rng.random() < 0.6:
                self.weighted_average_note(s.row["price_per_share"], price, "sold")
            if rng.random() < 0.5:
                self.plan_note(s.row["transaction_code"], day)
        elif follow < 0.8:
            withheld = (shares * Decimal(rng.uniform(0.2, 0.5))).to_integral_value()
            f = self.nd_tx(
                iss, day, "F", max(withheld, Decimal(1)), "D", self.trade_price(iss), own
            )
            self.maybe_note(
                0.6,
                f.row["transaction_code"],
                "Represents shares withheld by the Issuer to pay the exercise price and satisfy "
                "tax withholding obligations upon the net exercise of the option.",
            )

    def gift(self, iss: _Issuer, who: _Owner, day: date) -> None:
        rng = self.rng
        shares = _share_count(rng, 1500, 1.2)
        price = _weighted(rng, ((None, 55), (Decimal(0), 45)))
        own = self.ownership("X", False)
        p = self.nd_tx(
            iss, day, "G", shares, "D", price, own, start_hint=_share_count(rng, 50000, 1.2)
        )
        self.maybe_note(
            0.6,
            p.row["transaction_code"],
            rng.choice(
                (
                    "Represents a bona fide gift to a charitable organization for no "
                    "consideration.",
                    "The reporting person made a gift of these shares to a donor-advised fund.",
                    "Gift to a family member for estate planning purposes.",
                )
            ),
        )
        if rng.random() < 0.35 and who.person is not None:
            trust = self.ownership(who.person.last, True)
            self.nd_tx(
                iss, day, "G", shares, "A", price, trust, start_hint=_share_count(rng, 20000, 1.5)
            )

    def conversion(self, iss: _Issuer, who: _Owner, day: date) -> None:
        rng = self.rng
        fund = self.fund_name() if who.entity or rng.random() < 0.6 else None
        own = self.ownership("X", fund is not None, fund=fund)
        n_series = _weighted(rng, ((1, 60), (2, 30), (3, 10)))
        total = Decimal(0)
        for k in range(n_series):
            series = "ABCDEF"[rng.randint(0, 3) + k] if k else "ABCD"[rng.randint(0, 3)]
            title = f"Series {series} Convertible Preferred Stock"
            shares = _share_count(rng, 600000, 1.0)
            ratio = _weighted(rng, ((Decimal(1), 70), (Decimal("0.5"), 15), (Decimal("0.25"), 15)))
            under = (shares * ratio).to_integral_value()
            p = self.d_tx(
                title,
                None,
                day,
                "C",
                shares,
                "D",
                _weighted(rng, ((Decimal(0), 50), (None, 50))),
                None,
                None,
                iss.common,
                under,
                own,
                start_hint=shares,
            )
            text = (
                f"Each share of {title} automatically converted into {iss.common} on a "
                f"1:{ratio.normalize():f} basis upon the closing of the Issuer's initial public "
                "offering and had no expiration date."
            )
            for key in ("conversion_or_exercise_price", "exercise_date", "expiration_date"):
                self.note(p.row[key], text, required=True)
            total += under
        self.nd_tx(
            iss,
            day,
            "C",
            total,
            "A",
            _weighted(rng, ((None, 60), (Decimal(0), 40))),
            own,
            start_hint=Decimal(0) if rng.random() < 0.7 else _share_count(rng, 100000, 1.0),
        )

    def distribution(self, iss: _Issuer, who: _Owner, day: date) -> None:
        rng = self.rng
        fund = self.fund_name()
        own = self.ownership("X", True, fund=fund)
        shares = _share_count(rng, 250000, 1.0)
        p = self.nd_tx(
            iss,
            day,
            "J",
            shares,
            "D",
            _weighted(rng, ((Decimal(0), 50), (None, 50))),
            own,
            start_hint=_share_count(rng, 2_000_000, 0.8),
        )
        self.note(
            p.row["transaction_code"],
            f"Represents a pro rata in-kind distribution by {fund} to its partners, without "
            "additional consideration.",
        )
        if who.person is not None and rng.random() < 0.6:
            received = (shares * Decimal(rng.uniform(0.005, 0.05))).to_integral_value() + 1
            self.nd_tx(
                iss,
                day,
                "J",
                received,
                "A",
                None,
                self.ownership("X", False),
                start_hint=_share_count(rng, 20000, 1.3),
            )

    def warrant_exercise(self, iss: _Issuer, who: _Owner, day: date) -> None:
        rng = self.rng
        own = self.ownership("X", False)
        issued = _window(rng, day, 30, 4 * 365)
        expiration = _add_years(issued, 5)
        conv = _money(iss.price * rng.uniform(0.2, 0.8), _weighted(rng, ((2, 80), (4, 20))))
        shares = _share_count(rng, 80000, 1.1)
        self.d_tx(
            rng.choice(_WARRANT_TITLES),
            conv,
            day,
            "X",
            shares,
            "D",
            None,
            issued,
            expiration,
            iss.common,
            shares,
            own,
            start_hint=shares if rng.random() < 0.5 else shares * 2,
        )
        self.nd_tx(iss, day, "X", shares, "A", conv, own, start_hint=_share_count(rng, 100000, 1.3))

    def convertible_note(self, iss: _Issuer, who: _Owner, day: date) -> None:
        rng = self.rng
        fund = self.fund_name() if who.entity or rng.random() < 0.5 else None
        own = self.ownership("X", fund is not None, fund=fund)
        maturity = _add_years(day, rng.randint(3, 7))
        rate = _weighted(
            rng, (("2.00%", 2), ("3.25%", 2), ("5.00%", 2), ("6.00%", 1), ("8.00%", 1))
        )
        title = rng.choice(
            (f"{rate} Convertible Senior Notes due {maturity.year}", "Convertible Promissory Note")
        )
        principal = Decimal(rng.choice((250, 500, 1000, 2500, 5000, 10000, 25000)) * 1000)
        conv = _money(iss.price * rng.uniform(1.1, 1.4), _weighted(rng, ((2, 70), (4, 30))))
        under = (principal / conv).to_integral_value(rounding=ROUND_FLOOR)
        p = self.d_tx(
            title,
            conv,
            day,
            "P",
            principal,
            "A",
            None,
            day,
            maturity,
            iss.common,
            under,
            own,
            start_hint=Decimal(0),
        )
        self.note(
            p.row["shares"],
            "Represents the aggregate principal amount of the notes purchased. The notes were "
            "purchased at 100% of their principal amount.",
            required=True,
        )

    def disposition(self, iss: _Issuer, who: _Owner, day: date) -> None:
        rng = self.rng
        own = self.ownership("X", False)
        cash = _money(iss.price * rng.uniform(1.1, 1.5), 2)
        shares = _share_count(rng, 40000, 1.2)
        parent = f"{rng.choice(_ISSUER_FIRST)} {rng.choice(_ISSUER_SECTOR)} Holdings, Inc."
        p = self.nd_tx(iss, day, "D", shares, "D", cash, own, start_hint=Decimal(0))
        self.note(
            p.row["transaction_code"],
            "Disposed of pursuant to the Agreement and Plan of Merger between the Issuer and "
            f"{parent}, under which each share of the Issuer's common stock was converted into "
            f"the right to receive ${cash:,.2f} in cash.",
            required=True,
        )
        if rng.random() < 0.5:
            grant = _window(rng, day, 60, 6 * 365)
            opt = _share_count(rng, 20000, 1.0)
            conv = _money(float(cash) * rng.uniform(0.3, 0.9), 2)
            d = self.d_tx(
                rng.choice(_OPTION_TITLES),
                conv,
                day,
                "D",
                opt,
                "D",
                None,
                _add_years(grant, 1),
                _add_years(grant, 10) - timedelta(days=1),
                iss.common,
                opt,
                own,
                start_hint=opt,
            )
            self.note(
                d.row["transaction_code"],
                "In connection with the merger, each outstanding option was cancelled in "
                "exchange for a cash payment equal to the excess of the merger consideration "
                "over the exercise price, multiplied by the number of shares subject to the "
                "option.",
                required=True,
            )

    # -- extras ----------------------------------------------------------------------
    def holdings(self, iss: _Issuer, who: _Owner) -> None:
        rng = self.rng
        if rng.random() < 0.35:
            last = who.person.last if who.person else "Holdings"
            for _ in range(_weighted(rng, ((1, 70), (2, 25), (3, 5)))):
                if len(self.notes) >= self.note_cap:
                    break  # an indirect holding may need a footnote of its own
                taken = tuple(
                    p.row["nature_of_ownership"]["value"] or ""
                    for p in self.rows
                    if p.table.startswith("non_")
                )
                if who.person is None:
                    own = self.ownership(last, True, fund=self.fund_name(), exclude=taken)
                else:
                    own = self.ownership(last, True, exclude=taken)
                self.nd_holding(iss.common, own, _share_count(rng, 25000, 1.6))
        if rng.random() < 0.12 and not who.entity:
            own = self.ownership("X", False)
            latest = max(self.tx_dates) if self.tx_dates else self.start
            for _ in range(rng.randint(1, 3)):
                grant = _window(rng, latest, 200, 8 * 365)
                amount = _share_count(rng, 20000, 1.0)
                self.d_holding(
                    rng.choice(_OPTION_TITLES[:3]),
                    _money(iss.price * rng.uniform(0.4, 1.3), 2),
                    _add_years(grant, 1),
                    _add_years(grant, 10) - timedelta(days=1),
                    iss.common,
                    amount,
                    own,
                )

    # -- assembly ---------------------------------------------------------------------
    def settle_positions(self) -> None:
        """Fill ``shares_owned_following_transaction`` so every position chains."""
        groups: dict[tuple[str, tuple[Any, ...]], list[_Pending]] = {}
        for p in self.rows:
            space = "nd" if p.table.startswith("non") else "d"
            groups.setdefault((space, position_key(p.table, p.row)), []).append(p)
        for members in groups.values():
            cum = Decimal(0)
            low = Decimal(0)
            for p in members:
                cum += p.delta
                low = min(low, cum)
            hint = next((p.start_hint for p in members if p.start_hint is not None), None)
            if hint is None:
                hint = _share_count(self.rng, 30000, 1.4)
            start = max(hint, -low) if low < 0 else hint
            pos = start
            for p in members:
                pos += p.delta
                p.row["shares_owned_following_transaction"]["value"] = _num(pos)

    def ensure_a_footnote(self) -> None:
        if any(fld["footnote_ids"] for p in self.rows for fld in p.row.values()):
            return
        for p in self.rows:
            if p.table == "non_derivative_transactions":
                self.note(
                    p.row["shares_owned_following_transaction"],
                    f"Includes {self.rng.randint(50, 900)} shares acquired under the Issuer's "
                    "Employee Stock Purchase Plan since the reporting person's last report.",
                    required=True,
                )
                return
        self.note(
            self.rows[0].row["security_title"],
            "The reporting person's holdings are reported as of the date of this report.",
            required=True,
        )

    def renumber_footnotes(self, record: Record) -> None:
        mapping: dict[str, str] = {}
        for _, fld in iter_fields(record):
            for fid in fld["footnote_ids"]:
                if fid not in mapping:
                    mapping[fid] = f"F{len(mapping) + 1}"
        for _, fld in iter_fields(record):
            fld["footnote_ids"] = [mapping[f] for f in fld["footnote_ids"]]
        notes = []
        for old, new in sorted(mapping.items(), key=lambda kv: int(kv[1][1:])):
            text = self.notes[int(old[1:]) - 1]
            notes.append({"id": new, "text": _f(text)})
        record["footnotes"] = notes

    def signature_name(self, who: _Owner) -> str:
        rng = self.rng
        aif = self.person().natural()
        if who.entity:
            signer = self.person().natural()
            return rng.choice(
                (
                    f"{who.display}, By: /s/ {signer}, Managing Member",
                    f"/s/ {signer}, Authorized Signatory",
                    f"/s/ {aif}, Attorney-in-Fact",
                )
            )
        assert who.person is not None
        return _weighted(
            rng,
            (
                (f"/s/ {who.person.natural()}", 42),
                (who.person.natural(), 10),
                (f"/s/ {aif}, Attorney-in-Fact", 30),
                (f"/s/ {aif}, as Attorney-in-Fact for {who.person.natural()}", 18),
            ),
        )

    def remarks(self, record: Record, amendment: bool, n_owners: int) -> str | None:
        rng = self.rng
        if amendment and rng.random() < 0.7:
            orig = _prose(date.fromisoformat(record["date_of_original_submission"]["value"]))
            return rng.choice(_AMENDMENT_REMARKS).format(orig=orig)
        if rng.random() < (0.5 if n_owners > 1 else 0.1):
            return rng.choice(_JOINT_REMARKS if n_owners > 1 else _REMARKS)
        return None

    def build(self) -> Record:
        rng = self.rng
        iss = self.issuer()
        owners = self.owners(iss)
        who = owners[0] if len(owners) == 1 else owners[rng.randrange(len(owners))]
        span = (_LAST_START - FIRST_DATE).days
        start = _trading_day(FIRST_DATE + timedelta(days=rng.randint(0, span)))
        self.start = start

        if self.long:
            if rng.random() < 0.3 and not who.entity:
                self.exercise(iss, who, start, rsu=False)
            self.sale(iss, who, start)
        else:
            scenario = _weighted(
                rng,
                (
                    ("sale", 30),
                    ("purchase", 10),
                    ("award", 14),
                    ("option", 11),
                    ("rsu", 11),
                    ("gift", 6),
                    ("conversion", 4),
                    ("distribution", 4),
                    ("warrant", 3),
                    ("note", 2),
                    ("disposition", 2),
                    ("award+sale", 3),
                ),
            )
            if who.entity and scenario in ("award", "option", "rsu", "award+sale", "gift"):
                scenario = rng.choice(("distribution", "purchase", "sale", "conversion"))
            if scenario == "sale":
                self.sale(iss, who, start)
            elif scenario == "purchase":
                self.sale(iss, who, start, code="P")
            elif scenario == "award":
                self.award(iss, who, start)
            elif scenario == "award+sale":
                self.award(iss, who, start)
                self.sale(iss, who, _trading_day(start + timedelta(days=rng.randint(0, 2))))
            elif scenario == "option":
                self.exercise(iss, who, start, rsu=False)
            elif scenario == "rsu":
                self.exercise(iss, who, start, rsu=True)
            elif scenario == "gift":
                self.gift(iss, who, start)
            elif scenario == "conversion":
                self.conversion(iss, who, start)
            elif scenario == "distribution":
                self.distribution(iss, who, start)
            elif scenario == "warrant":
                self.warrant_exercise(iss, who, start)
            elif scenario == "note":
                self.convertible_note(iss, who, start)
            else:
                self.disposition(iss, who, start)
        self.holdings(iss, who)
        # Form order: Table I before Table II, transactions before holdings, chronological
        # (stable within a day); positions chain along this order.
        tables = list(_TABLE_ORDER)
        self.rows.sort(
            key=lambda p: (
                tables.index(p.table),
                (p.row.get("transaction_date") or {}).get("value") or "",
            )
        )
        self.settle_positions()
        self.ensure_a_footnote()

        record = self.record
        for p in self.rows:
            record[p.table].append(p.row)

        first, last = min(self.tx_dates), max(self.tx_dates)
        amendment = rng.random() < 0.15
        filed = last + timedelta(
            days=_weighted(rng, ((0, 15), (1, 35), (2, 30), (3, 10), (7, 6), (30, 4)))
        )
        record["document_type"] = _f("4/A" if amendment else "4")
        record["period_of_report"] = _f(_iso(first))
        record["not_subject_to_section16"] = _f(rng.random() < 0.01)
        record["date_of_original_submission"] = _f(None)
        if amendment:
            record["date_of_original_submission"] = _f(_iso(filed))
            filed = filed + timedelta(days=rng.randint(1, 60))
        record["issuer"] = {"name": _f(iss.name), "trading_symbol": _f(iss.ticker)}
        record["reporting_owners"] = [o.fields for o in owners]
        record["signatures"] = [
            {"name": _f(self.signature_name(o)), "date": _f(_iso(filed))} for o in owners
        ]
        record["remarks"] = _f(self.remarks(record, amendment, len(owners)))
        self.renumber_footnotes(record)
        assert filed <= LAST_DATE, filed
        return record


# --------------------------------------------------------------------------- public API


def _stamp(record: Record, seed: int, index: int) -> None:
    body = {k: v for k, v in record.items() if k != "source"}
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode("utf-8")).hexdigest()
    record["source"] = {
        "path": f"synthetic/seed-{seed}/{index:05d}",
        "sha256": digest,
        "pages": 0,
        "dpi": None,
    }


def synthetic_records(n: int, seed: int) -> list[Record]:
    """``n`` fictional Form 4 truth records, deterministic for ``seed``.

    Record ``i`` depends only on ``seed`` and ``i`` (the first records of a larger batch equal a
    smaller batch). About one in ten is a long filing (12-30 Table I rows) that continues onto
    further pages.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, not {n}")
    master = random.Random(seed)
    out: list[Record] = []
    for index in range(n):
        rng = random.Random(master.getrandbits(64))
        long_filing = rng.random() < 0.1
        record = _Filing(rng, long_filing).build()
        _stamp(record, seed, index)
        out.append(record)
    return out


def truth_for_layout(record: Record, layout: str) -> Record:
    """A deep copy of ``record`` as the given layout can print it.

    ``edgar`` and ``paper`` print everything. ``paper-pre2002`` (the form before August 2002)
    has no Deemed Execution Date column, and its boxes 4 and 5 ask for month/year only.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    out = copy.deepcopy(record)
    if layout != "paper-pre2002":
        return out
    for table in ("non_derivative_transactions", "derivative_transactions"):
        for row in out.get(table) or []:
            fld = row.get("deemed_execution_date")
            if isinstance(fld, dict):
                fld["value"] = None
                fld["footnote_ids"] = []
    for name in ("period_of_report", "date_of_original_submission"):
        fld = out.get(name)
        if isinstance(fld, dict) and isinstance(fld.get("value"), str):
            fld["value"] = fld["value"][:7]
    return out
