# SGD Lab: `make run` opens the app, `make test` runs every test, `make package` builds the
# executable dist/sgd-lab/sgd-lab. Each sets up .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check

.PHONY: run headless test lint bench package smoke clean

$(VENV)/.app-installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -r requirements.lock
	touch $@

$(VENV)/.dev-installed: $(VENV)/.app-installed requirements-dev.lock
	$(PIP) install --quiet -r requirements-dev.lock
	touch $@

$(VENV)/.package-installed: $(VENV)/.app-installed requirements-package.lock
	$(PIP) install --quiet -r requirements-package.lock
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

bench: $(VENV)/.dev-installed  ## speed ratios, side by side in one run; refreshes BENCHMARKS.md
	$(PY) benchmarks/bench_engine.py --write
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/bench_window.py --write

# The one-folder executable, from a clean build every time. A `translations` target, where the
# Makefile has one, compiles resources/translations/*.ts to .qm first; the spec takes resources/ whole.
package: $(VENV)/.package-installed  ## build dist/sgd-lab/sgd-lab (PyInstaller, one folder)
	@if grep -q "^translations:" Makefile; then $(MAKE) translations; fi
	rm -rf build/sgd-lab dist/sgd-lab
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build packaging/sgd-lab.spec
	@du -sh dist/sgd-lab

smoke:  ## check the built executable (make package first)
	packaging/smoke_test.sh dist/sgd-lab/sgd-lab

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build dist
