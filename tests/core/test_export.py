from __future__ import annotations

import csv
import json
import os

import pytest

from core.io.export import atomic_write_text, write_result
from core.training.config import TrainConfig
from core.training.engine import Trainer


@pytest.fixture(scope="module")
def result():
    return Trainer(TrainConfig(epochs=2, samples=1000, batch_size=300), []).run()


def test_json_has_the_design_schema(tmp_path, result):
    path = tmp_path / "run.json"
    write_result(result, path)
    d = json.loads(path.read_text())
    assert d["steps_per_epoch"] == 4 and d["last_batch_size"] == 100 and d["status"] == "completed"
    for key in ("epochs", "batch_size", "lr", "momentum", "dataset", "samples", "model", "seed"):
        assert key in d["config"]
    assert len(d["step_loss"]) == 8 and d["step_loss"] == result.history.loss.tolist()
    assert [e["epoch"] for e in d["epochs"]] == [1, 2]
    assert set(d["epochs"][0]) == {
        "epoch",
        "train_loss_running",
        "train_loss_end",
        "val_loss",
        "val_accuracy",
        "gap",
        "time_s",
        "duration_s",
        "steps",
    }


def test_csv_has_a_row_per_step_and_epoch_metrics(tmp_path, result):
    path = tmp_path / "run.csv"
    write_result(result, path)
    rows = list(csv.DictReader(path.read_text().splitlines()))
    assert [int(r["step"]) for r in rows] == list(range(1, 9))
    assert [int(r["iteration"]) for r in rows] == [1, 2, 3, 4] * 2
    assert [r["batch_size"] for r in rows[:4]] == ["300", "300", "300", "100"]
    assert [bool(r["val_loss"]) for r in rows] == [False, False, False, True] * 2
    first = result.history.epochs[0]
    assert float(rows[3]["train_loss_running"]) == first.train_loss_running
    assert float(rows[3]["train_loss_end"]) == first.train_loss_end
    assert float(rows[3]["gap"]) == first.val_loss - first.train_loss_end
    assert float(rows[3]["duration_s"]) == pytest.approx(first.duration_s, abs=1e-6)


def test_atomic_write_never_leaves_half_a_file(tmp_path, monkeypatch):
    path = tmp_path / "run.json"
    path.write_text("previous")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_text(path, "new contents")
    assert path.read_text() == "previous"
    assert os.listdir(tmp_path) == ["run.json"]  # no temporary file left behind
    monkeypatch.undo()
    atomic_write_text(path, "new contents")
    assert path.read_text() == "new contents"
