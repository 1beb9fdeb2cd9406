"""The application as a real process: it paints before loading torch; closing it mid-run exits cleanly."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time

from tests.conftest import ROOT


def _lines(stream, out: queue.Queue) -> None:
    for line in stream:
        out.put(line)
    out.put(None)


def test_closing_mid_run_exits_0_without_thread_warnings():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    args = ["--start", "--verbose", "--samples", "2000", "--epochs", "10000"]
    with subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env,
    ) as proc:  # fmt: skip
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_lines, args=(proc.stderr, lines), daemon=True).start()
        seen = []
        try:
            deadline = time.monotonic() + 60
            while not any("run started" in line for line in seen):
                seen.append(lines.get(timeout=max(0.1, deadline - time.monotonic())) or "")
            proc.send_signal(signal.SIGINT)  # the app closes its window, as a click on × would
            sent = time.monotonic()
            proc.wait(timeout=30)
            took = time.monotonic() - sent
        finally:
            proc.kill()
        while (line := lines.get(timeout=10)) is not None:
            seen.append(line)
    text = "".join(seen)
    assert proc.returncode == 0, text
    assert took < 2, f"took {took:.1f} s to exit"
    assert "QThread: Destroyed" not in text and "Traceback" not in text, text
    assert "run stopped" in text


def test_the_window_paints_before_torch_is_imported():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SGD_LAB_STARTUP_PROBE="1")
    p = subprocess.run(
        [sys.executable, str(ROOT / "main.py")], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines() == ["first paint; torch imported: no"], p.stdout
    assert "Traceback" not in p.stderr
