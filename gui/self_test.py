"""``sgd-lab --self-test``: checks an installation (or the packaged executable) end to end.

A short headless training through the command line with its result JSON checked, the shipped
resources, then the window: a short training started through it, run to completion, and closed.
Exit 0 when everything passed; 1 with a one-line reason on stderr otherwise. With
``QT_QPA_PLATFORM=offscreen`` it needs no display.
"""

from __future__ import annotations

import io
import json
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from core.cli import EXIT_ERROR, EXIT_OK, parse_args, run_headless
from core.io.resources import RESOURCES, resource_path
from core.training.config import TrainConfig
from core.training.steps import steps_per_epoch

# Headless: the real 8x8 digits (read from resources/), 200 samples, batch 64 → 4 steps per epoch.
HEADLESS_ARGS = [
    "--dataset",
    "digits",
    "--samples",
    "200",
    "--batch-size",
    "64",
    "--epochs",
    "2",
    "--seed",
    "1",
]
# Window: the default MNIST-like data, made small: 600 samples, batch 64 → 10 steps per epoch.
WINDOW_CONFIG = {"samples": 600, "batch_size": 64, "epochs": 2, "seed": 1}
WINDOW_TIMEOUT_S = 120


class SelfTestError(Exception):
    """One check failed; the message says which and how."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestError(message)


def check_headless() -> str:
    """Train headless through the command-line path and check the result JSON it writes."""
    with tempfile.TemporaryDirectory(prefix="sgd-lab-self-test-") as folder:
        out = Path(folder) / "run.json"
        printed, errors = io.StringIO(), io.StringIO()
        code = run_headless(parse_args(["--headless", *HEADLESS_ARGS, "--out", str(out)]), printed, errors)
        _check(code == EXIT_OK, f"headless run exited {code}: {errors.getvalue().strip()}")
        _check(out.is_file(), f"headless run wrote no {out.name}")
        result = json.loads(out.read_text(encoding="utf-8"))
    _check(result.get("status") == "completed", f"headless status is {result.get('status')!r}")
    _check(
        result.get("steps_per_epoch") == 4,
        f"steps_per_epoch is {result.get('steps_per_epoch')}, not ⌈200/64⌉ = 4",
    )
    _check(result.get("last_batch_size") == 8, f"last_batch_size is {result.get('last_batch_size')}, not 8")
    losses = result.get("step_loss", [])
    _check(len(losses) == 8, f"step_loss has {len(losses)} values, not 2 × 4 = 8")
    _check(all(math.isfinite(x) for x in losses), "step_loss has a value that is not finite")
    epochs = result.get("epochs", [])
    _check([e.get("steps") for e in epochs] == [4, 4], f"epochs are {epochs}")
    _check(
        epochs[1]["train_loss_end"] < epochs[0]["train_loss_end"],
        f"training loss did not fall: {epochs[0]['train_loss_end']:.4f} → {epochs[1]['train_loss_end']:.4f}",
    )
    _check(epochs[1].get("val_accuracy") is not None, "no validation accuracy")
    _check(result.get("config", {}).get("dataset") == "digits", "config.dataset is not digits")
    return f"8 steps on digits, loss {losses[0]:.3f} → {losses[-1]:.3f}"


def check_resources() -> str:
    """The shipped resources are where the code looks for them and load."""
    _check(RESOURCES.is_dir(), f"no resources folder at {RESOURCES}")
    from PySide6.QtCore import QTranslator

    qm = sorted(resource_path("translations").glob("*.qm"))
    for path in qm:
        _check(QTranslator().load(str(path)), f"translation {path.name} does not load")
    presets = sorted(resource_path("presets").glob("*.json"))
    for path in presets:
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise SelfTestError(f"preset {path.name} does not load: {exc}") from exc
    files = sum(1 for p in RESOURCES.rglob("*") if p.is_file())
    return f"{files} files, {len(qm)} translations, {len(presets)} presets"


def check_window() -> str:
    """Open the window, train a short run through it to the end, and close it."""
    from PySide6.QtCore import QEventLoop, QTimer, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from gui.app import application
    from gui.main_window import MainWindow

    warnings: list[str] = []

    def on_message(kind, _context, message: str) -> None:
        serious = kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
        if serious and "propagateSizeHints" not in message:  # offscreen says this on every dock shown
            warnings.append(message)
            print(f"Qt: {message}", file=sys.stderr, flush=True)  # a fatal one ends the process next

    previous = qInstallMessageHandler(on_message)
    try:
        app = application()
        config = TrainConfig.from_dict(WINDOW_CONFIG).validate()
        window = MainWindow(config)
        window.show()
        app.processEvents()
        loop = QEventLoop()
        window.run_finished.connect(loop.quit)
        QTimer.singleShot(WINDOW_TIMEOUT_S * 1000, loop.quit)
        _check(window.start(), "the window did not start a run")
        loop.exec()
        result = window.session.last_result
        _check(result is not None, f"the run in the window did not finish within {WINDOW_TIMEOUT_S} s")
        _check(result.status == "completed", f"the window's run ended {result.status}: {result.message}")
        per_epoch = steps_per_epoch(config.samples, config.batch_size, config.drop_last)
        total = config.epochs * per_epoch
        _check(
            result.history.size == total, f"the window's run took {result.history.size} steps, not {total}"
        )
        _check(len(window.loss_plot.loss) == total, f"the loss plot shows {len(window.loss_plot.loss)} steps")
        _check(window.counter.run_bar.value() == total, "the iteration counter did not reach the last step")
        window.close()
        window.deleteLater()
        app.processEvents()
        _check(not warnings, f"Qt warned: {warnings[0] if warnings else ''}")
        platform = QApplication.platformName()
    finally:
        qInstallMessageHandler(previous)
    return f"{total} steps through the window, {platform} platform"


def check_window_plugin() -> str:
    """On Linux: every system library that Qt's xcb window plugin links to is there, whichever
    platform this self-test draws on (offscreen in CI), so the window can open on an X11 desktop."""
    if not sys.platform.startswith("linux"):
        return "not Linux, nothing to check"
    from gui import platform_check

    plugin = platform_check.plugin_file("xcb", os.environ)
    _check(plugin is not None, "Qt's xcb window plugin (libqxcb.so) is not installed")
    output = platform_check.run_ldd(plugin, os.environ)
    if output is None:
        return "no ldd here to check the xcb plugin's libraries"
    missing = platform_check.missing_libraries(output)
    _check(not missing, platform_check.describe(missing))
    return f"the xcb plugin's {output.count(' => ')} libraries are there"


CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("headless training", check_headless),
    ("resources", check_resources),
    ("window plugin", check_window_plugin),
    ("window training", check_window),
]


def run_self_test(stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run every check in order, one line each; stop at the first failure. Returns the exit code."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    for name, check in CHECKS:
        started = time.perf_counter()
        try:
            detail = check()
        except SelfTestError as exc:
            print(f"sgd-lab: self-test failed: {name}: {exc}", file=stderr)
            return EXIT_ERROR
        except Exception as exc:  # an unexpected crash is a failure too, reported in one line
            print(f"sgd-lab: self-test failed: {name}: {type(exc).__name__}: {exc}", file=stderr)
            return EXIT_ERROR
        print(f"self-test: {name}: ok ({detail}; {time.perf_counter() - started:.1f} s)", file=stdout)
    print("self-test: passed", file=stdout)
    return EXIT_OK
