"""SGD Lab on a real X11 display, as a user starts it: ``python main.py`` on Xvfb with Qt's xcb
plugin, a run started with a real key press (XTEST, through xdotool), watched to the end, a
screenshot of the screen, then Ctrl+Q and exit code 0.

Needs Xvfb, xdotool and ImageMagick's ``import`` (Debian: xvfb, xdotool, imagemagick). Without them
the test is skipped, unless ``SGD_LAB_REQUIRE_X11`` is set, as ``.ci/run`` does after installing them:
then their absence fails it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time

import pytest
from PySide6.QtGui import QImage

from tests.conftest import ROOT

TOOLS = ("Xvfb", "xdotool", "import")
TIMEOUT_S = 120  # every wait below; the run itself takes a second or two
SCREEN = (1280, 800)


def _tools_or_skip() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"needs {', '.join(missing)} (Debian: apt-get install xvfb xdotool imagemagick)"
    if os.environ.get("SGD_LAB_REQUIRE_X11"):
        pytest.fail(reason)
    pytest.skip(reason)


@contextlib.contextmanager
def xvfb(width: int, height: int):
    """A fresh Xvfb server of that screen size on a free display number (it picks one itself and
    says which); its display name is yielded."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=TIMEOUT_S)


@pytest.fixture
def display():
    """A fresh Xvfb server of SCREEN's size."""
    if not sys.platform.startswith("linux"):
        pytest.skip("X11 test: Linux only")
    _tools_or_skip()
    with xvfb(*SCREEN) as name:
        yield name


def _x(env: dict[str, str], *args: str) -> str:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=True).stdout


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        assert time.monotonic() < deadline, f"no {what} within {TIMEOUT_S} s"
        time.sleep(0.2)


def test_the_app_trains_and_quits_on_a_real_x11_display(display, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND"))}
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        SGD_LAB_SETTINGS=str(tmp_path / "settings.ini"),  # a first launch: no remembered state
        LANGUAGE="en",
        LC_ALL="C.UTF-8",
    )
    log = tmp_path / "app.log"
    # 2,000 samples, batch 64: ⌈2000/64⌉ = 32 iterations per epoch, 2 epochs, 64 steps.
    args = ["--samples", "2000", "--batch-size", "64", "--epochs", "2", "--verbose"]
    with log.open("w") as out:
        app = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), *args], env=env, stderr=out, cwd=tmp_path
        )
    try:
        _wait_for(lambda: _search(env, "SGD Lab"), "SGD Lab window on the display")
        window = _search(env, "SGD Lab")[0]
        # A real pointer move and click into the window (it takes the keyboard focus), then F5 = Start.
        _x(env, "xdotool", "mousemove", "--window", window, "400", "300", "click", "1")
        _wait_for(lambda: "run started" in log.read_text() or _press(env, "F5"), "run started after F5")
        _wait_for(lambda: "run completed" in log.read_text(), "completed run")
        assert "completed 64 steps in 2 epochs" in log.read_text()

        shot = tmp_path / "screen.png"
        _x(env, "import", "-window", "root", str(shot))
        image = QImage(str(shot))
        assert (image.width(), image.height()) == SCREEN
        colours = {image.pixel(x, y) for x in range(0, SCREEN[0], 40) for y in range(0, SCREEN[1], 40)}
        assert len(colours) > 20, "the screenshot is (nearly) blank: the window was not drawn"

        _x(env, "xdotool", "key", "ctrl+q")
        assert app.wait(timeout=TIMEOUT_S) == 0, log.read_text()
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert "Traceback" not in log.read_text()


def _search(env: dict[str, str], name: str) -> list[str]:
    done = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", name], env=env, capture_output=True, text=True
    )
    return done.stdout.split()


def _press(env: dict[str, str], key: str) -> bool:
    """Press ``key`` (a real key event through XTEST); False, so that a wait goes on watching."""
    _x(env, "xdotool", "key", key)
    time.sleep(0.5)
    return False
