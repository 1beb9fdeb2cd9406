"""Where the app's data files live: ``resources/`` beside the code, or inside the packaged executable.

Every file the app reads from ``resources/`` (data, icons, translations, presets) is found through
:func:`resource_path`, so the same code runs from a source checkout and from the PyInstaller build,
which unpacks ``resources/`` next to its modules (``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path


def _resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # set by the packaged executable only
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


RESOURCES = _resources_dir()


def resource_path(*parts: str) -> Path:
    """``resources/<parts…>``, from source or frozen; the file need not exist."""
    return RESOURCES.joinpath(*parts)
