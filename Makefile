.PHONY: setup samples test lint bench eval-synth clean

setup:
	bash scripts/setup.sh

samples: setup
	.venv/bin/form4 extract samples/scans/*.pdf -o out/samples
	.venv/bin/form4 eval out/samples samples/truth

test: setup
	.venv/bin/python -m pytest -q

lint:
	.venv/bin/ruff check .

bench: setup
	.venv/bin/python scripts/bench.py

# Accuracy on fresh renders: SEED and N can be set, e.g. make eval-synth SEED=9001 N=20
SEED ?= 9001
N ?= 20
eval-synth: setup
	.venv/bin/python scripts/eval_synth.py --seed $(SEED) --synthetic $(N)

clean:
	rm -rf out build *.egg-info
