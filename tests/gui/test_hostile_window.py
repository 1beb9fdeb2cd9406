"""Hostile files through the window's own File actions (issue 20): every one shows a message and
leaves the open work as it was; no exception escapes a slot."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from core.experiments.runs import RunRecord
from core.io.workspace import Workspace, workspace_bytes
from core.training.config import TrainConfig
from core.training.engine import train
from tests import hostile


@pytest.fixture(scope="module")
def good() -> bytes:
    config = TrainConfig(dataset="linear-1d", samples=60, batch_size=10, epochs=2, model="linear", lr=0.05)
    return workspace_bytes(Workspace(config, [RunRecord(1, "line", train(config))]))


def hostile_workspaces(good: bytes) -> dict[str, bytes]:
    doc, arrays = hostile.parts(good)
    run = doc["runs"][0]

    def edited(change) -> bytes:
        d, a = json.loads(json.dumps(doc)), dict(arrays)
        change(d["runs"][0], a)
        return hostile.workspace(d, a)

    text = json.dumps(doc)
    segments = text.replace('"watch_segments": [', '"watch_segments": [' + "[0,[]]," * 110_000)
    twice = text.replace('"visible": true', '"visible": true, "visible": 1')
    lying = hostile.lying_member("workspace.json", 5_466, 8 * 2**20, {"arrays.npz": hostile.npz(arrays)})
    max64 = np.full(run["steps"], 2**64 - 1, np.uint64)
    nan = {
        **arrays,
        "run0.loss": np.where(np.arange(len(arrays["run0.loss"])) == 2, math.nan, arrays["run0.loss"]),
    }
    return {
        "cut": good[: good.rfind(b"PK\x01\x02")],
        "flood": hostile.directory_flood(30_000),
        "int8": edited(lambda r, a: a.update({"run0.loss": a["run0.loss"].astype(np.int8)})),
        "deflated": hostile.workspace(doc, arrays, stored=()),
        "segments": hostile.workspace(segments, arrays),
        "lying": lying,
        "huge": edited(lambda r, a: r.update(elapsed_s=10**400)),
        "nan": hostile.workspace(doc, nan),
        "twice": hostile.workspace(twice, arrays),
        "stability": edited(lambda r, a: r.update(stability={"status": 1})),
        "uint64": edited(lambda r, a: a.update({"run0.batch_size": max64})),
    }  # fmt: skip


def test_hostile_workspaces_show_a_message_and_change_nothing(make_window, qtbot, tmp_path, good):
    w = make_window()
    (tmp_path / "good.sgdlab").write_bytes(good)
    assert w.files.open_workspace_from(tmp_path / "good.sgdlab")
    records, config = list(w.run_records), w.controls.config()
    for name, raw in hostile_workspaces(good).items():
        path = hostile.write(tmp_path / f"{name}.sgdlab", raw)
        with qtbot.assertNotEmitted(w.runs_changed):
            assert not w.files.open_workspace_from(path), name
        text = w.files.message_box.text()
        assert w.files.message_box.isVisible() and f"{name}.sgdlab" in text and "Nothing was changed" in text
        assert w.run_records == records and w.controls.config() == config, name


CONFIGS = {
    '{"lr": 1' + "0" * 400 + "}": "lr: must be a finite number",
    '{"seed": 1' + "0" * 400 + "}": "seed: must be in",
    '{"lr": 0.1, "lr": 0.2}': "the option 'lr' is given twice",
    '{"lr": NaN}': "lr: must be a finite number",
    "[" * 100_000: "nested too deeply",
    '{"epochs": 1' + "0" * 5_000 + "}": "not a usable config",
}


def test_hostile_configs_show_a_message_and_change_nothing(make_window, tmp_path):
    w = make_window()
    before = w.controls.config()
    for i, (content, expected) in enumerate(CONFIGS.items()):
        path = tmp_path / f"{i}.json"
        path.write_text(content)
        assert not w.files.open_config_from(path)
        assert expected in w.files.message_box.text() and w.controls.config() == before


def test_hostile_tables_show_a_message_and_import_nothing(make_window, qtbot, tmp_path):
    w = make_window()
    files = {
        "line.csv": b"a,b\n" + b"12," * 1_500_000 + b"1\n",
        "cells.csv": b"a,b\n" + b"1," * 120_000 + b"1\n",
        "flood.npz": hostile.directory_flood(30_000),
        "wide.npz": hostile.npz(
            {"x": np.zeros((2_000, 30_001), np.int8), "y": np.zeros(2_000)}, compressed=True
        ),
        "cut.npz": hostile.npz({"x": np.zeros((50, 2)), "y": np.arange(50) % 2})[:-30],
    }
    expected = (
        "longer than 4,194,304 bytes",
        "more than 100,000 columns",
        "holds 30,000 files",
        "at most 60,000,000",
        "truncated",
    )
    dialog = w.files.import_data()
    for (name, raw), says in zip(files.items(), expected, strict=True):
        dialog.set_path(hostile.write(tmp_path / name, raw))
        dialog.accept()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)  # a file over 1 MB: on the job thread
        assert dialog.isVisible() and says in dialog.message.text(), (name, dialog.message.text())
        assert w.session.catalogue.imported is None


def test_exports_of_a_run_with_numbers_that_are_not_finite_and_bad_paths(make_window, tmp_path, good):
    w = make_window()
    (tmp_path / "good.sgdlab").write_bytes(good)
    assert w.files.open_workspace_from(tmp_path / "good.sgdlab")
    result = w.run_records[0].result
    result.history._buf["loss"][1] = math.nan  # as an older file, or a future engine, might hold
    result.stability = {"hessian_max_eigenvalue": math.inf, "lr_critical": math.nan}
    assert w.files.export_history_to(result, tmp_path / "run.json")
    assert json.loads((tmp_path / "run.json").read_text())["step_loss"][1] is None
    assert w.files.export_history_to(result, tmp_path / "run.csv")
    for target in (tmp_path, tmp_path / "missing" / "run.json"):  # a folder; a folder that is not there
        assert not w.files.export_history_to(result, target)
        assert "Any earlier file of that name is unchanged" in w.files.message_box.text()
    assert not w.files.save_workspace_to(tmp_path / "missing" / "w.sgdlab")
    assert not w.files.save_config_to(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.sgdlab", "run.csv", "run.json"]


def test_a_failed_export_that_is_not_an_os_error_is_a_message(make_window, tmp_path, good, monkeypatch):
    from core.io import export

    w = make_window()
    (tmp_path / "good.sgdlab").write_bytes(good)
    assert w.files.open_workspace_from(tmp_path / "good.sgdlab")
    monkeypatch.setattr(export, "result_json", lambda r: json.dumps(math.nan, allow_nan=False))
    assert not w.files.export_history_to(w.run_records[0].result, tmp_path / "run.json")
    assert "Out of range float values are not JSON compliant" in w.files.message_box.text()
    assert not (tmp_path / "run.json").exists()
