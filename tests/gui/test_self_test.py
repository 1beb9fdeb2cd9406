"""``sgd-lab --self-test``: passes on a working installation and fails, in one line, on a broken one."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import pytest

from gui import self_test
from gui.self_test import SelfTestError, check_headless, check_resources, check_window, run_self_test
from tests.conftest import ROOT


def test_self_test_passes_as_a_process():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--self-test"],
        capture_output=True, text=True, timeout=180, cwd=ROOT, env=env,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert [line.split(":")[1].strip() for line in lines[:-1]] == [
        "headless training",
        "resources",
        "window plugin",
        "window training",
    ]
    assert all(": ok (" in line for line in lines[:-1])
    assert lines[-1] == "self-test: passed"
    assert "Traceback" not in p.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_a_missing_xcb_library_fails_the_window_plugin_check(monkeypatch):
    from gui import platform_check

    ldd = "\tlibxcb-cursor.so.0 => not found\n\tlibc.so.6 => /lib/libc.so.6 (0x7f00)\n"
    monkeypatch.setattr(platform_check, "run_ldd", lambda *_: ldd)
    with pytest.raises(
        SelfTestError,
        match=re.escape(
            "Qt's xcb window plugin needs libxcb-cursor.so.0, which this system lacks; "
            "on Debian or Ubuntu: sudo apt install libxcb-cursor0"
        ),
    ):
        self_test.check_window_plugin()
    monkeypatch.setattr(platform_check, "run_ldd", lambda *_: "\tlibc.so.6 => /lib/libc.so.6 (0x7f00)\n")
    assert self_test.check_window_plugin() == "the xcb plugin's 1 libraries are there"


def test_the_window_check_trains_through_the_window(qtbot):
    assert check_window().startswith("20 steps through the window")


def test_a_result_json_that_is_off_fails_the_headless_check(monkeypatch):
    monkeypatch.setattr(self_test, "HEADLESS_ARGS", [*self_test.HEADLESS_ARGS, "--epochs", "3"])
    with pytest.raises(SelfTestError, match="step_loss has 12 values, not 2 × 4 = 8"):
        check_headless()


def test_missing_or_broken_resources_fail(monkeypatch, tmp_path):
    monkeypatch.setattr(self_test, "RESOURCES", tmp_path / "nowhere")
    with pytest.raises(SelfTestError, match="no resources folder"):
        check_resources()

    monkeypatch.setattr(self_test, "RESOURCES", tmp_path)
    monkeypatch.setattr(self_test, "resource_path", tmp_path.joinpath)
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations" / "sgd_lab_xx.qm").write_bytes(b"not a translation")
    with pytest.raises(SelfTestError, match=re.escape("translation sgd_lab_xx.qm does not load")):
        check_resources()

    (tmp_path / "translations" / "sgd_lab_xx.qm").unlink()
    (tmp_path / "presets").mkdir()
    (tmp_path / "presets" / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(SelfTestError, match=re.escape("preset broken.json does not load")):
        check_resources()

    (tmp_path / "presets" / "broken.json").write_text('{"lr": 0.1}', encoding="utf-8")
    assert check_resources() == "1 files, 0 translations, 1 presets"


def test_the_first_failure_stops_the_run_with_one_line_and_exit_1(monkeypatch):
    ran = []

    def broken() -> str:
        raise SelfTestError("it broke")

    def crashing() -> str:
        raise KeyError("status")

    def later() -> str:
        ran.append("later")
        return "fine"

    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(self_test, "CHECKS", [("first", later), ("second", broken), ("third", later)])
    assert run_self_test(out, err) == 1
    assert ran == ["later"]
    assert err.getvalue() == "sgd-lab: self-test failed: second: it broke\n"
    assert "passed" not in out.getvalue()

    err = io.StringIO()
    monkeypatch.setattr(self_test, "CHECKS", [("crash", crashing)])
    assert run_self_test(io.StringIO(), err) == 1
    assert err.getvalue() == "sgd-lab: self-test failed: crash: KeyError: 'status'\n"
