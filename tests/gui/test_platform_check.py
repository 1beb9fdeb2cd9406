"""The window's start-up check: a missing system library of Qt's xcb plugin, or no display, is one
line naming what to install, and exit code 4, instead of Qt's abort."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo

from gui import platform_check
from tests.conftest import ROOT

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
QT_PLUGINS = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))


@pytest.mark.parametrize(
    ("env", "plugin"),
    [
        ({}, "xcb"),
        ({"QT_QPA_PLATFORM": "offscreen"}, "offscreen"),
        ({"QT_QPA_PLATFORM": "xcb:display=:1"}, "xcb"),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "wayland"),
        ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, "wayland"),
        ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "x11"}, "xcb"),
    ],
)
def test_the_plugin_qt_tries_first(env, plugin):
    assert platform_check.platform_plugin(env) == plugin


def test_missing_libraries_are_read_from_ldd():
    output = (
        "\tlinux-vdso.so.1 (0x00007ffd)\n"
        "\tlibQt6XcbQpa.so.6 => /opt/Qt/lib/libQt6XcbQpa.so.6 (0x00007f4c)\n"
        "\tlibxcb-cursor.so.0 => not found\n"
        "\tlibxcb-icccm.so.4 => not found\n"
        "\tlibxcb-cursor.so.0 => not found\n"
        "\tlibxcb-keysyms.so.1 => not found\n"
        "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f4b)\n"
    )
    missing = platform_check.missing_libraries(output)
    assert missing == ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert platform_check.install_hint(missing) == (
        "on Debian or Ubuntu: sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"
    )


def test_an_unknown_library_gets_a_search_hint():
    hint = platform_check.install_hint(["libxcb-cursor.so.0", "libfoo.so.7"])
    assert hint == (
        "on Debian or Ubuntu: sudo apt install libxcb-cursor0; "
        "find the package that provides libfoo.so.7 (Debian: apt-file search libfoo.so.7)"
    )


def _launch(env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "DISPLAY", "WAYLAND"))}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py")],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


@linux_only
@pytest.mark.skipif(shutil.which("ldd") is None, reason="needs ldd")
def test_a_missing_xcb_library_is_named_before_qt_aborts(tmp_path):
    """A copy of the real plugin that needs a library no system has: the app names it and exits 4."""
    plugin = (QT_PLUGINS / "platforms" / "libqxcb.so").read_bytes()
    needed = b"libxcb-cursor.so.0\x00"
    assert plugin.count(needed) == 1
    platforms = tmp_path / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    (platforms / "libqxcb.so").write_bytes(plugin.replace(needed, b"libxcb-cursor.so.9\x00"))
    # The plugin finds Qt's own libraries at $ORIGIN/../../lib, as in the wheel.
    (tmp_path / "lib").symlink_to(QT_PLUGINS.parent / "lib", target_is_directory=True)

    done = _launch(
        {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":99", "QT_QPA_PLATFORM_PLUGIN_PATH": str(platforms)}
    )
    assert done.returncode == platform_check.EXIT_PLATFORM, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(
        "SGD Lab cannot open its window: Qt's xcb window plugin needs libxcb-cursor.so.9,"
    )
    assert "apt-file search libxcb-cursor.so.9" in lines[0]
    assert "--headless" in lines[0]


@linux_only
def test_no_display_is_said_in_one_line():
    done = _launch({"QT_QPA_PLATFORM": "xcb"})
    assert done.returncode == platform_check.EXIT_PLATFORM, done.stderr
    assert done.stderr.strip() == (
        "SGD Lab cannot open its window: no X11 display (DISPLAY is not set); run it on a desktop, "
        "or train in the terminal with --headless"
    )


def test_offscreen_and_other_platforms_are_left_to_qt():
    assert platform_check.problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert platform_check.problem({"QT_QPA_PLATFORM": "wayland"}) is None


def test_the_readme_lists_every_package_the_check_names():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("sudo apt install libxcb-cursor0", 1)[1].split("```", 1)[0]
    listed = {"libxcb-cursor0", *block.replace("\\", " ").split()}
    assert listed == set(platform_check.DEBIAN_PACKAGES.values())
