#!/usr/bin/env bash
# The two ways a user installs SGD Lab as a Python application, checked from a clean state:
#   1. the wheel: built with `pip wheel .` (isolated, as pip install . does), installed into a fresh venv;
#   2. pipx: `pipx install .`, with pipx's home and bin folder in a temporary folder.
# Each installed `sgd-lab` command then passes packaging/smoke_test.sh, which runs from another folder
# (the source tree is not on the path): --version, a short --headless run with its JSON checked, and
# --self-test. Runtime packages come from requirements.lock either way (-c), so torch stays the CPU
# build. Usage: packaging/check_install.sh [python3]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python=${1:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
pip_quiet=(--quiet --disable-pip-version-check)

started=$SECONDS
"$python" -m venv "$tmp/build-venv"
"$tmp/build-venv/bin/pip" "${pip_quiet[@]}" wheel --no-deps -w "$tmp/dist" .
wheel=$(ls "$tmp"/dist/sgd_lab-*.whl)
echo "install: built $(basename "$wheel") ($(du -h "$wheel" | cut -f1)) in $((SECONDS - started)) s"
# The listing is read whole before grep: `unzip | grep -q` under pipefail fails at random, when grep
# stops reading at its match and unzip dies of SIGPIPE.
files=$(unzip -Z1 "$wheel")
grep -qxF "sgd_lab/resources/translations/sgd_lab_zh_CN.qm" <<< "$files" \
  || { echo "install: FAILED: the wheel has no compiled translations" >&2; exit 1; }
if grep -qE '^(core|gui|main\.py|resources)(/|$)' <<< "$files"; then
  echo "install: FAILED: the wheel puts core, gui, main.py or resources at the top level" >&2; exit 1
fi

started=$SECONDS
"$python" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" "${pip_quiet[@]}" install -c requirements.lock "$wheel"
echo "install: the wheel installed into a fresh venv in $((SECONDS - started)) s"
packaging/smoke_test.sh "$tmp/venv/bin/sgd-lab"

started=$SECONDS
"$python" -m venv "$tmp/pipx-venv"
"$tmp/pipx-venv/bin/pip" "${pip_quiet[@]}" install -r requirements-install.lock
PIPX_HOME="$tmp/pipx" PIPX_BIN_DIR="$tmp/bin" PIPX_MAN_DIR="$tmp/man" \
  "$tmp/pipx-venv/bin/pipx" install --pip-args="-c $root/requirements.lock" . > "$tmp/pipx.log" 2>&1 \
  || { cat "$tmp/pipx.log" >&2; echo "install: FAILED: pipx install ." >&2; exit 1; }
echo "install: pipx install . in $((SECONDS - started)) s"
packaging/smoke_test.sh "$tmp/bin/sgd-lab"
echo "install: passed (wheel, pipx)"
