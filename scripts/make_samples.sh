#!/usr/bin/env bash
# Rebuilds samples/: eight fictional filings rendered by `form4 synth` (seed 2024), covering the
# three layouts and the three degradations, each with its truth record.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
.venv/bin/form4 synth --synthetic 3 --layout all --degradation all --seed 2024 -o "$tmp" -q
rm -rf samples/scans samples/truth
mkdir -p samples/scans samples/truth
for id in syn2024-000-edgar-clean syn2024-001-edgar-moderate syn2024-002-edgar-heavy \
          syn2024-001-paper-clean syn2024-000-paper-moderate syn2024-002-paper-heavy \
          syn2024-001-paper-pre2002-moderate syn2024-000-paper-pre2002-heavy; do
  cp "$tmp/scans/$id.pdf" samples/scans/
  cp "$tmp/truth/$id.json" samples/truth/
done
rm -rf "$tmp"
du -sh samples
