"""Each epoch record says which training loss it holds, its own duration, and one generalisation gap
(issue 16, item 5); files written before keep being read."""

from __future__ import annotations

import csv
import io
import itertools
import json
import zipfile

import numpy as np
import pytest
import torch

from core.experiments.lab import training_loss
from core.experiments.runs import RunRecord
from core.io.export import result_csv
from core.io.workspace import ARRAYS_NAME, JSON_NAME, Workspace, load_workspace, save_workspace
from core.training.config import TrainConfig
from core.training.data import load_dataset
from core.training.engine import Callback, Trainer

CONFIG = TrainConfig(dataset="linear-1d", model="linear", samples=300, batch_size=32, epochs=3, lr=0.05)


class EndLoss(Callback):
    """The whole training set's MSE at each epoch's end, computed here in float64."""

    def __init__(self) -> None:
        self.trainer, self.losses = None, []

    def set_trainer(self, trainer) -> None:
        self.trainer = trainer

    def on_epoch_end(self, record) -> None:
        data = load_dataset(CONFIG)
        params = dict(self.trainer.model.named_parameters())
        w, b = params["w"].detach().double()[0], params["b"].detach().double()
        x, y = data.x_train.double()[:, 0], data.y_train.double()
        self.losses.append(float(torch.mean((w * x + b - y) ** 2)))


@pytest.fixture(scope="module")
def run():
    probe = EndLoss()
    return Trainer(CONFIG, [probe]).run(), probe.losses


def test_the_two_training_losses(run):
    result, end_losses = run
    h = result.history
    sizes = h.column("batch_size").astype(float)
    loss = h.column("loss")
    per_epoch = result.steps_per_epoch
    for k, record in enumerate(h.epochs):
        part = slice(k * per_epoch, (k + 1) * per_epoch)
        running = float(np.sum(loss[part] * sizes[part]) / sizes[part].sum())
        assert record.train_loss_running == pytest.approx(running, rel=1e-12)
        assert record.train_loss_end == pytest.approx(end_losses[k], rel=1e-5)
        assert record.train_loss == record.train_loss_running  # the old name, in Python


def test_one_gap_everywhere(run):
    result, _ = run
    d = result.to_dict()
    rows = [r for r in csv.DictReader(io.StringIO(result_csv(result))) if r["gap"]]
    assert len(rows) == len(d["epochs"]) == 3
    for e, row in zip(d["epochs"], rows, strict=True):
        assert e["gap"] == e["val_loss"] - e["train_loss_end"] == float(row["gap"])
        assert "train_loss" not in e
    # the batch-size lab's final training loss is the same whole-set loss of the trained weights
    data = load_dataset(CONFIG)
    assert training_loss(result.model, data) == pytest.approx(d["epochs"][-1]["train_loss_end"], rel=1e-6)


def test_durations_add_up_to_the_elapsed_time(run):
    result, _ = run
    epochs = result.to_dict()["epochs"]
    assert epochs[0]["duration_s"] == epochs[0]["time_s"]
    for before, after in itertools.pairwise(epochs):
        assert after["duration_s"] == pytest.approx(after["time_s"] - before["time_s"], abs=1e-12)
    assert all(e["duration_s"] > 0 for e in epochs)
    assert sum(e["duration_s"] for e in epochs) == pytest.approx(epochs[-1]["time_s"])


def test_a_format_1_workspace_with_train_loss_is_read(run, tmp_path):
    result, _ = run
    path = tmp_path / "new.sgdlab"
    save_workspace(Workspace(CONFIG, [RunRecord(1, "run", result)]), path)
    with zipfile.ZipFile(path) as zf:
        doc = json.loads(zf.read(JSON_NAME))
        arrays = zf.read(ARRAYS_NAME)
    assert doc["version"] == 2
    doc["version"] = 1
    for e in doc["runs"][0]["epochs"]:
        e["train_loss"] = e.pop("train_loss_running")
        for key in ("train_loss_end", "gap", "duration_s"):
            del e[key]
    old = tmp_path / "old.sgdlab"
    with zipfile.ZipFile(old, "w") as zf:
        zf.writestr(JSON_NAME, json.dumps(doc), compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr(ARRAYS_NAME, arrays, compress_type=zipfile.ZIP_STORED)
    back = load_workspace(old).runs[0].result.history.epochs
    assert [e.train_loss_running for e in back] == [e.train_loss_running for e in result.history.epochs]
    assert all(e.train_loss_end is None and e.gap is None and e.duration_s is None for e in back)
    again = load_workspace(path).runs[0].result.history.epochs
    assert again == result.history.epochs


def test_an_old_result_json_still_works_as_a_config(run, tmp_path):
    from core.cli import config_from_args, parse_args

    result, _ = run
    d = result.to_dict()
    for e in d["epochs"]:
        e["train_loss"] = e.pop("train_loss_running")
    path = tmp_path / "old.json"
    path.write_text(json.dumps(d))
    assert config_from_args(parse_args(["--config", str(path)])) == CONFIG
