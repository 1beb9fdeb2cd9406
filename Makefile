# SGD Lab: `make run` opens the app, `make test` runs every test. Both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check

.PHONY: run headless test lint bench clean

$(VENV)/.app-installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -r requirements.lock
	touch $@

$(VENV)/.dev-installed: $(VENV)/.app-installed requirements-dev.lock
	$(PIP) install --quiet -r requirements-dev.lock
	touch $@

run: $(VENV)/.app-installed  ## open the window (pass options with ARGS="--lr 0.1")
	$(PY) main.py $(ARGS)

headless: $(VENV)/.app-installed  ## train in the terminal (ARGS="--epochs 2 --out run.json")
	$(PY) main.py --headless $(ARGS)

test: $(VENV)/.dev-installed  ## the whole suite, offscreen (PYTEST_ARGS to narrow it)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

bench: $(VENV)/.dev-installed  ## speed, start-up, stop, plot frame, memory; refreshes BENCHMARKS.md
	$(PY) benchmarks/bench_engine.py --write
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/bench_window.py --write
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/bench_app.py --write

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
