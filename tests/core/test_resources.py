"""resources/ is found the same way from a source checkout and from the packaged executable."""

from __future__ import annotations

import sys

from core.io import resources
from core.training.data import DIGITS_FILE
from tests.conftest import ROOT


def test_from_source_resources_sit_beside_the_code():
    assert resources.RESOURCES == ROOT / "resources"
    assert resources.resource_path("data", "digits.npz") == ROOT / "resources" / "data" / "digits.npz"
    assert resources.resource_path("data", "digits.npz") == DIGITS_FILE
    assert DIGITS_FILE.is_file()


def test_frozen_resources_are_read_from_the_bundle(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources._resources_dir() == tmp_path / "resources"


def test_a_stray_meipass_without_frozen_is_ignored(monkeypatch, tmp_path):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources._resources_dir() == ROOT / "resources"
