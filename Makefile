# SGD Lab: `make run` opens the app, `make test` runs every test, `make package` builds the
# executable dist/sgd-lab/sgd-lab. Each sets up .venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check

.PHONY: run headless test test-noqt lint bench package smoke clean translations icons install-desktop \
	uninstall-desktop check-install

# Translations: the .ts sources are checked in; the .qm the app loads are built from them.
# sgd_lab_*.ts come from gui/ (lupdate); pyqtgraph_*.ts (the plots' own menus) are kept by hand.
TS := $(wildcard resources/translations/*.ts)
APP_TS := $(wildcard resources/translations/sgd_lab_*.ts)
QM := $(TS:.ts=.qm)

$(VENV)/.app-installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -r requirements.lock
	touch $@

$(VENV)/.dev-installed: $(VENV)/.app-installed requirements-dev.lock
	$(PIP) install --quiet -r requirements-dev.lock
	touch $@

resources/translations/%.qm: resources/translations/%.ts $(VENV)/.app-installed
	$(VENV)/bin/pyside6-lrelease $< -qm $@

# core/'s message templates (core/messages.py) come in through a file made for lupdate: the
# CoreMessages context follows core's table (kept translations matched by their English).
CORE_MESSAGES := build/lupdate/core_messages.py

translations: $(VENV)/.app-installed  ## refresh the .ts from every string in gui/ and core's messages (lupdate), then build the .qm
	$(PY) tools/core_messages.py $(CORE_MESSAGES)
	$(VENV)/bin/pyside6-lupdate -silent -locations none -no-obsolete $(wildcard gui/*.py gui/*/*.py) $(CORE_MESSAGES) -ts $(APP_TS)
	$(MAKE) $(QM)

$(VENV)/.package-installed: $(VENV)/.app-installed requirements-package.lock
	$(PIP) install --quiet -r requirements-package.lock
	touch $@

run: $(VENV)/.app-installed $(QM)  ## open the window (pass options with ARGS="--lr 0.1")
	$(PY) main.py $(ARGS)

headless: $(VENV)/.app-installed  ## train in the terminal (ARGS="--epochs 2 --out run.json")
	$(PY) main.py --headless $(ARGS)

# The whole suite in two parts: the window's tests and the top-level ones offscreen in $(VENV), then
# tests/core and tests/cli in $(NOQT), where Qt is not installed (they run once, there). PYTEST_ARGS
# naming tests (tests/...) narrows the run to them, all in $(VENV).
test: $(VENV)/.dev-installed $(QM)  ## the whole suite, offscreen (PYTEST_ARGS to narrow it)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS) \
	  $(if $(filter tests%,$(PYTEST_ARGS)),,--ignore=tests/core --ignore=tests/cli)
	$(if $(filter tests%,$(PYTEST_ARGS)),,@$(MAKE) --no-print-directory test-noqt)

# tests/core and tests/cli where Qt is not installed: $(NOQT) has requirements.lock less
# PySide6, shiboken6 and pyqtgraph, and the test tools they need from requirements-dev.lock.
NOQT ?= .venv-noqt
NOQT_DROP := ^(pyside6|shiboken6|pyqtgraph)
NOQT_TOOLS := ^(pytest|iniconfig|packaging|pluggy|pygments|hypothesis|sortedcontainers)==

$(NOQT)/.installed: requirements.lock requirements-dev.lock
	rm -rf $(NOQT)
	$(PYTHON) -m venv $(NOQT)
	grep -viE '$(NOQT_DROP)' requirements.lock > $(NOQT)/requirements.txt
	grep -iE '$(NOQT_TOOLS)' requirements-dev.lock >> $(NOQT)/requirements.txt
	$(NOQT)/bin/python -m pip --disable-pip-version-check install --quiet -r $(NOQT)/requirements.txt
	$(NOQT)/bin/python -c "import importlib.util as u, sys; \
	  qt = [m for m in ('PySide6', 'shiboken6', 'pyqtgraph', 'pytestqt') if u.find_spec(m)]; \
	  sys.exit(f'$(NOQT) has {qt}: it must not have Qt' if qt else 0)"
	touch $@

test-noqt: $(NOQT)/.installed  ## tests/core and tests/cli in $(NOQT), a venv without PySide6 and pyqtgraph
	@echo "== tests/core and tests/cli without Qt ($(NOQT): no PySide6, shiboken6, pyqtgraph) =="
	$(NOQT)/bin/python -m pytest $(PYTEST_ARGS) tests/core tests/cli

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

bench: $(VENV)/.dev-installed $(QM)  ## speed, threads, start-up, stop, plot frame, memory; refreshes BENCHMARKS.md
	$(PY) benchmarks/bench_engine.py --write
	$(PY) benchmarks/bench_threads.py --write
	$(PY) benchmarks/bench_workers.py --write
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/bench_window.py --write
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/bench_app.py --write

# The one-folder executable, from a clean build every time, with the compiled translations;
# the spec takes resources/ whole.
package: $(VENV)/.package-installed $(QM)  ## build dist/sgd-lab/sgd-lab (PyInstaller, one folder)
	rm -rf build/sgd-lab dist/sgd-lab
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build packaging/sgd-lab.spec
	@du -sh dist/sgd-lab

smoke:  ## check the built executable (make package first)
	packaging/smoke_test.sh dist/sgd-lab/sgd-lab

check-install:  ## build the wheel, install it into a fresh venv and with pipx, and smoke-test both
	packaging/check_install.sh $(PYTHON)

icons: $(VENV)/.app-installed  ## render resources/icons/sgd-lab.svg to the PNG sizes and the .ico
	QT_QPA_PLATFORM=offscreen $(PY) tools/render_icons.py

# The desktop entry and icons, for this user (XDG: ~/.local/share). EXEC is the command the entry
# runs: by default this checkout's .venv and main.py; `make install-desktop EXEC=sgd-lab` for an
# installed sgd-lab (pipx, pip) on the PATH.
XDG_DATA_HOME ?= $(HOME)/.local/share
EXEC ?= "$(abspath $(PY))" "$(abspath main.py)"
ICON_SIZES := 16 24 32 48 64 128 256

install-desktop: $(VENV)/.app-installed $(QM)  ## add SGD Lab to this user's application menu
	install -d "$(XDG_DATA_HOME)/applications" "$(XDG_DATA_HOME)/icons/hicolor/scalable/apps"
	sed 's|@EXEC@|$(subst |,\|,$(EXEC))|' packaging/linux/sgd-lab.desktop > "$(XDG_DATA_HOME)/applications/sgd-lab.desktop"
	install -m 644 resources/icons/sgd-lab.svg "$(XDG_DATA_HOME)/icons/hicolor/scalable/apps/sgd-lab.svg"
	for s in $(ICON_SIZES); do \
		install -D -m 644 resources/icons/sgd-lab-$$s.png "$(XDG_DATA_HOME)/icons/hicolor/$${s}x$$s/apps/sgd-lab.png"; \
	done
	-command -v update-desktop-database >/dev/null && update-desktop-database -q "$(XDG_DATA_HOME)/applications"
	@echo "SGD Lab is in the application menu (Education); it runs: $(EXEC)"

uninstall-desktop:  ## remove what install-desktop added
	rm -f "$(XDG_DATA_HOME)/applications/sgd-lab.desktop" "$(XDG_DATA_HOME)/icons/hicolor/scalable/apps/sgd-lab.svg"
	for s in $(ICON_SIZES); do rm -f "$(XDG_DATA_HOME)/icons/hicolor/$${s}x$$s/apps/sgd-lab.png"; done

clean:
	rm -rf $(VENV) $(NOQT) .pytest_cache .ruff_cache .hypothesis build dist $(QM)
