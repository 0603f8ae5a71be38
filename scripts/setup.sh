#!/usr/bin/env bash
# Installs everything form4-extractor needs, idempotently:
#   system packages (tesseract-ocr, poppler-utils, ghostscript, fonts, python3-venv) via
#   apt-get when they are missing and we are root or have sudo; a virtual environment in
#   .venv; the package with its test extras; tesserocr when its wheel installs.
# Usage: bash scripts/setup.sh            (safe to run again: it skips what is there)
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v tesseract >/dev/null 2>&1 || need_apt+=(tesseract-ocr tesseract-ocr-eng)
[ -f /usr/share/tesseract-ocr/5/tessdata/osd.traineddata ] || \
  ls /usr/share/tesseract-ocr/*/tessdata/osd.traineddata >/dev/null 2>&1 || need_apt+=(tesseract-ocr-osd)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v gs >/dev/null 2>&1 || need_apt+=(ghostscript)
ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 || need_apt+=(fonts-dejavu-core)
ls /usr/share/fonts/truetype/liberation*/LiberationMono-Regular.ttf >/dev/null 2>&1 || need_apt+=(fonts-liberation)
ls /usr/share/fonts/truetype/freefont/FreeMono.ttf >/dev/null 2>&1 || need_apt+=(fonts-freefont-ttf)
PY=${PYTHON:-python3}
if ! command -v "$PY" >/dev/null 2>&1; then need_apt+=(python3 python3-venv python3-pip); fi
if command -v "$PY" >/dev/null 2>&1 && ! "$PY" -c "import venv, ensurepip" >/dev/null 2>&1; then
  need_apt+=(python3-venv)
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "setup: missing system packages: ${need_apt[*]} (run as root or install them)" >&2
      exit 1
    fi
  fi
  echo "setup: apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "form4-extractor needs Python >= 3.11")'
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test,calibrate,review,batch]"
# The fast OCR binding is optional: the pytesseract path works without it.
.venv/bin/python -m pip install -q --disable-pip-version-check "tesserocr>=2.6" >/dev/null 2>&1 \
  || echo "setup: tesserocr not installed (optional); OCR uses pytesseract"
echo "setup: ready ($(.venv/bin/form4 --version), $(tesseract --version 2>&1 | head -n1))"
