"""Shared test set-up: Qt runs offscreen; every test is bounded and fails loudly."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _no_imported_data_left():
    """Imported data is process-wide (the ``custom`` dataset): every test starts and ends without it."""
    from core.config import set_imported

    set_imported(None)
    yield
    set_imported(None)
