#!/usr/bin/env bash
# Smoke test of the packaged executable: sgd-lab --version, a short headless training with its
# result JSON checked, and sgd-lab --self-test (the window, offscreen). Exits non-zero on any failure.
# Usage: packaging/smoke_test.sh [dist/sgd-lab/sgd-lab]
set -euo pipefail
exe=${1:-dist/sgd-lab/sgd-lab}
root="$(cd "$(dirname "$0")/.." && pwd)"
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }
[ -x "$exe" ] || fail "$exe is not there; build it with: make package"
exe="$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"  # away from the source tree: the executable must not need it
export QT_QPA_PLATFORM=offscreen

version=$("$exe" --version)
expected="SGD Lab $(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$root/core/__init__.py")"
[ "$version" = "$expected" ] || fail "--version printed '$version', not '$expected'"
echo "smoke: --version: $version"

help=$("$exe" --help)  # read whole: `| grep -q` under pipefail can fail by SIGPIPE
grep -qF -- "--self-test" <<< "$help" || fail "--help does not list --self-test"

# 1,000 samples, batch 64: ⌈1000/64⌉ = 16 steps per epoch, the last batch 1000 − 15·64 = 40.
set +e
"$exe" --headless --samples 1000 --batch-size 64 --epochs 2 --out "$tmp/run.json" > "$tmp/headless.log" 2>&1
code=$?
set -e
[ "$code" -eq 0 ] || { cat "$tmp/headless.log" >&2; fail "the headless run exited $code"; }
python3 - "$tmp/run.json" <<'PY' || fail "the result JSON is wrong"
import json, math, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
checks = {
    "status is completed": lambda: d["status"] == "completed",
    "steps_per_epoch is 16": lambda: d["steps_per_epoch"] == 16,
    "last_batch_size is 40": lambda: d["last_batch_size"] == 40,
    "step_loss has 2 × 16 = 32 values": lambda: len(d["step_loss"]) == 32,
    "every step loss is finite": lambda: all(math.isfinite(x) for x in d["step_loss"]),
    "two epochs of 16 steps": lambda: [e["steps"] for e in d["epochs"]] == [16, 16],
    "the training loss fell": lambda: d["epochs"][1]["train_loss_end"] < d["epochs"][0]["train_loss_end"],
    "config echoes the options": lambda: (d["config"]["samples"], d["config"]["batch_size"], d["config"]["epochs"]) == (1000, 64, 2),
}


def holds(check):
    try:
        return check()
    except (KeyError, IndexError, TypeError):
        return False


bad = [name for name, check in checks.items() if not holds(check)]
if bad:
    sys.exit("smoke: result JSON: " + "; ".join(bad))
print(f"smoke: headless: {len(d['step_loss'])} steps, loss {d['step_loss'][0]:.3f} -> {d['step_loss'][-1]:.3f}")
PY

# Bad input: exit code 2 and one line naming the option.
set +e
err=$("$exe" --headless --lr 99 2>&1 >/dev/null)
code=$?
set -e
[ "$code" -eq 2 ] || fail "--lr 99 exited $code, not 2"
case "$err" in *--lr*) ;; *) fail "--lr 99 said: $err" ;; esac

"$exe" --self-test || fail "--self-test exited $?"
echo "smoke: passed"
