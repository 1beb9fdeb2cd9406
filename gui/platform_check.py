"""Before the window opens: can Qt's window plugin load here? One line that says what to install if not.

On Linux, Qt draws through its ``xcb`` platform plugin, which links to a dozen system libraries
(libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, …) that a minimal or older desktop may lack. When one
is missing, Qt prints a generic "Could not load the Qt platform plugin" and aborts the process. This
module asks first: ``ldd`` of the plugin lists the libraries the dynamic loader cannot find, and
:func:`problem` turns them into one line naming the Debian/Ubuntu packages to install. It also
catches an X11 session without a display. Nothing here imports Qt's GUI or loads a plugin.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

EXIT_PLATFORM = 4  # the window cannot open here (see README, "Exit codes")

# The shared libraries the xcb plugin and libQt6XcbQpa link to, by the Debian 12 / Ubuntu package
# that provides each (ldd of the plugin, PySide6 6.11). README.md lists the same packages.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")


def platform_plugin(env: Mapping[str, str]) -> str:
    """The platform plugin Qt tries first: ``QT_QPA_PLATFORM``'s first entry, else on Linux
    ``wayland`` in a Wayland session and ``xcb`` otherwise (Qt's own order)."""
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland":
        return "wayland"
    return "xcb"


def plugin_file(name: str, env: Mapping[str, str]) -> Path | None:
    """The plugin's shared library, where Qt would look for it: ``QT_QPA_PLATFORM_PLUGIN_PATH``, then
    ``QT_PLUGIN_PATH``'s folders, then Qt's own plugin folder."""
    from PySide6.QtCore import QLibraryInfo  # QtCore only: it loads no plugin

    folders = [Path(p) for p in env.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep) if p]
    folders += [Path(p) / "platforms" for p in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    folders.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms")
    for folder in folders:
        candidate = folder / f"libq{name}.so"
        if candidate.is_file():
            return candidate
    return None


def run_ldd(path: Path, env: Mapping[str, str]) -> str | None:
    """``ldd path``'s output, or None where there is no ldd (then nothing can be said)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        done = subprocess.run([ldd, str(path)], capture_output=True, text=True, timeout=20, env=dict(env))
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` could not find, in its order, each once."""
    found = [m.group(1) for line in ldd_output.splitlines() if (m := _NOT_FOUND.match(line))]
    return list(dict.fromkeys(found))


def install_hint(libraries: list[str]) -> str:
    """What to do about the missing libraries: the apt command for those it knows, a search for the rest."""
    packages = list(dict.fromkeys(DEBIAN_PACKAGES[lib] for lib in libraries if lib in DEBIAN_PACKAGES))
    unknown = [lib for lib in libraries if lib not in DEBIAN_PACKAGES]
    hints = []
    if packages:
        hints.append(f"on Debian or Ubuntu: sudo apt install {' '.join(packages)}")
    if unknown:
        hints.append(
            f"find the package that provides {', '.join(unknown)} (Debian: apt-file search {unknown[0]})"
        )
    return "; ".join(hints)


def xcb_problem(
    env: Mapping[str, str], ldd: Callable[[Path, Mapping[str, str]], str | None] = run_ldd
) -> str | None:
    """Why the xcb plugin cannot load here, in one sentence, or None when nothing is missing (or
    nothing can be checked: no plugin file, no ldd)."""
    plugin = plugin_file("xcb", env)
    output = ldd(plugin, env) if plugin is not None else None
    missing = missing_libraries(output) if output else []
    return describe(missing) if missing else None


def describe(missing: list[str]) -> str:
    """The missing libraries and what to install, as one sentence."""
    return (
        f"Qt's xcb window plugin needs {', '.join(missing)}, which this system lacks; {install_hint(missing)}"
    )


def problem(env: Mapping[str, str] | None = None) -> str | None:
    """One line saying why the window cannot open here, or None when it can (as far as can be told
    before Qt tries). Only Linux's xcb is checked; other platforms go straight to Qt."""
    env = os.environ if env is None else env
    if not sys.platform.startswith("linux") or platform_plugin(env) != "xcb":
        return None
    missing = xcb_problem(env)
    if missing is not None:
        return f"SGD Lab cannot open its window: {missing} (or train in the terminal: --headless)"
    if not env.get("DISPLAY"):
        return (
            "SGD Lab cannot open its window: no X11 display (DISPLAY is not set); run it on a desktop, "
            "or train in the terminal with --headless"
        )
    return None
