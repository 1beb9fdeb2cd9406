"""packaging/smoke_test.sh, the check CI runs on the built executable, checked on the app from source."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SMOKE = ROOT / "packaging" / "smoke_test.sh"


def _wrapper(folder: Path, extra: str = "") -> Path:
    """An executable that runs ``python main.py`` with the arguments it gets (and ``extra`` after)."""
    exe = folder / "sgd-lab"
    exe.write_text(
        f'#!/bin/sh\nexec "{sys.executable}" "{ROOT / "main.py"}" "$@" {extra}\n', encoding="utf-8"
    )
    exe.chmod(0o755)
    return exe


def _smoke(exe: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # the script sets it itself
    return subprocess.run(
        ["bash", str(SMOKE), str(exe)], capture_output=True, text=True, timeout=300, env=env, cwd=ROOT
    )


def test_smoke_test_passes_on_a_working_app(tmp_path):
    p = _smoke(_wrapper(tmp_path))
    assert p.returncode == 0, p.stdout + p.stderr
    assert "smoke: headless: 32 steps" in p.stdout
    assert "self-test: window training: ok" in p.stdout
    assert p.stdout.rstrip().endswith("smoke: passed")


def test_smoke_test_fails_on_a_wrong_result(tmp_path):
    p = _smoke(_wrapper(tmp_path, extra="--epochs 1"))  # one epoch where two were asked for
    assert p.returncode == 1
    assert "step_loss has 2 × 16 = 32 values" in p.stderr
    assert "smoke: FAILED: the result JSON is wrong" in p.stderr
    assert "smoke: passed" not in p.stdout


def test_smoke_test_fails_without_an_executable(tmp_path):
    p = _smoke(tmp_path / "missing")
    assert p.returncode == 1
    assert "is not there; build it with: make package" in p.stderr
