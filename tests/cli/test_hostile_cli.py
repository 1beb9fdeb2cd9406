"""Hostile files on the command line (issue 20): exit 2 with one line, no traceback; ``--out`` keeps
the earlier file's permissions and creates a new one with the umask."""

from __future__ import annotations

import os
import stat

import pytest

import main as entry
from core.cli import EXIT_OK, EXIT_USAGE
from tests import hostile

SMALL = ["--headless", "--samples", "60", "--epochs", "1", "--batch-size", "30", "--quiet"]


SEED = "sgd-lab: error: --seed: must be in [0, 2,147,483,647] (got -about 10^400)"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"lr": 1' + "0" * 400 + "}", "sgd-lab: error: --lr: must be a finite number (got inf)"),
        ('{"seed": -1' + "0" * 400 + "}", SEED),
        ('{"lr": 0.1, "lr": 0.2}', "sgd-lab: error: --config: the option 'lr' is given twice"),
    ],
)  # fmt: skip
def test_a_hostile_config_file_is_one_line(tmp_path, capsys, content, expected):
    path = tmp_path / "x.json"
    path.write_text(content)
    assert entry.main([*SMALL, "--config", str(path)]) == EXIT_USAGE
    out, err = capsys.readouterr()
    assert err.splitlines() == [expected] and "Traceback" not in out + err


def test_a_hostile_data_file_is_one_line(tmp_path, capsys):
    flood = hostile.write(tmp_path / "flood.npz", hostile.directory_flood(30_000))
    assert entry.main([*SMALL, "--data", str(flood)]) == EXIT_USAGE
    _, err = capsys.readouterr()
    assert err.splitlines() == [
        f"sgd-lab: error: --data: {flood}: the .npz file holds 30,000 files; at most 1,000 are read"
    ]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_out_keeps_the_earlier_files_mode_and_a_new_one_follows_the_umask(tmp_path):
    kept, new = tmp_path / "kept.json", tmp_path / "new.csv"
    kept.write_text("earlier")
    kept.chmod(0o664)
    old = os.umask(0o022)
    try:
        assert entry.main([*SMALL, "--out", str(kept)]) == EXIT_OK
        assert entry.main([*SMALL, "--out", str(new)]) == EXIT_OK
    finally:
        os.umask(old)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o664 and kept.read_text() != "earlier"
    assert stat.S_IMODE(new.stat().st_mode) == 0o644
