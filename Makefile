# PlanWatch — local commands mirror CI.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PW     := $(BIN)/planwatch
SAMPLES := src/planwatch/samples

.PHONY: install run test lint typecheck bench bench-deps gate system-deps clean

$(BIN)/planwatch: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $(BIN)/planwatch

install: $(BIN)/planwatch

# System services and tools the tests need (CJK font for PDF fixtures, PostgreSQL, Chromium).
system-deps:
	bash scripts/system-deps.sh

run: install
	bash scripts/run.sh

test: install system-deps
	bash scripts/test.sh

lint: install
	bash scripts/lint.sh

# bench installs the peer baseline (Recognizers-Text) into .venv-peer itself when missing;
# bench-deps does only that, ahead of time. The peer's old pins never touch $(VENV).
bench: install
	$(BIN)/python benchmarks/run.py

bench-deps: install
	$(BIN)/python benchmarks/peer.py --install

# Quality gate: dev scores against the floors in benchmarks/baseline.json (re-pin: benchmarks/gate.py --update).
gate: install
	$(BIN)/python benchmarks/gate.py

clean:
	rm -rf $(VENV) .venv-peer .pytest_cache .mypy_cache .ruff_cache build *.egg-info
