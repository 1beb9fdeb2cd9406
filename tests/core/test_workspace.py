"""The workspace file: a round trip gives back every config, name, array and epoch; a hostile or
damaged file is refused with a message; a failed save leaves the previous file whole."""

from __future__ import annotations

import errno
import io
import json
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest

from core.experiments.runs import RunRecord
from core.io import export, workspace
from core.io.export import result_csv, result_json
from core.io.importer import ImportOptions, from_arrays
from core.io.workspace import (
    ARRAYS_NAME,
    JSON_NAME,
    Workspace,
    WorkspaceError,
    load_workspace,
    save_workspace,
    workspace_bytes,
)
from core.session.catalogue import DataCatalogue
from core.training.config import CUSTOM, TrainConfig
from core.training.engine import train


@pytest.fixture(scope="module")
def runs():
    a = train(
        TrainConfig(dataset="moons", samples=200, batch_size=32, epochs=2, model="mlp", hidden=8, lr=0.1)
    )
    b = train(
        TrainConfig(dataset="linear-1d", samples=100, batch_size=10, epochs=3, model="linear", lr=0.05),
    )
    return [RunRecord(1, "moons, mlp", a, True), RunRecord(4, "line: w and b", b, False)]


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(50, 2))
    return from_arrays(
        x, np.where(x[:, 0] > 0, "yes", "no"), "table", ImportOptions(seed=2), ("p", "q"), "label"
    )


def assert_same(a: Workspace, b: Workspace) -> None:
    assert a.config == b.config
    assert len(a.runs) == len(b.runs)
    for ra, rb in zip(a.runs, b.runs, strict=True):
        assert (ra.run_id, ra.name, ra.visible) == (rb.run_id, rb.name, rb.visible)
        x, y = ra.result, rb.result
        assert x.config == y.config
        for name in ("steps_per_epoch", "last_batch_size", "status", "message", "device", "diverged_step"):
            assert getattr(x, name) == getattr(y, name), name
        assert x.elapsed_s == y.elapsed_s and x.changes == y.changes and x.stability == y.stability
        assert x.history.epochs == y.history.epochs
        ha, hb = x.history.arrays(), y.history.arrays()
        assert ha.keys() == hb.keys()
        for key in ha:
            assert ha[key].dtype == hb[key].dtype, key
            np.testing.assert_array_equal(ha[key], hb[key])
        assert x.history.segments == y.history.segments
        assert result_json(x) == result_json(y) and result_csv(x) == result_csv(y)  # exports the same
    if a.data is None:
        assert b.data is None
        return
    da, db = a.data, b.data
    for name in ("name", "source", "feature_names", "target", "classes", "val_fraction", "seed", "task"):
        assert getattr(da, name) == getattr(db, name), name
    for name in ("x_train", "y_train", "x_val", "y_val"):
        ta, tb = getattr(da.dataset, name), getattr(db.dataset, name)
        assert ta.dtype == tb.dtype and ta.equal(tb), name
    np.testing.assert_array_equal(da.mean, db.mean)
    np.testing.assert_array_equal(da.std, db.std)


def test_round_trip(tmp_path, runs, data):
    runs[0].result.changes.append({"step": 3, "lr": 0.2})
    ws = Workspace(TrainConfig(dataset=CUSTOM, samples=data.train_rows, batch_size=8), runs, data)
    path = tmp_path / "lesson.sgdlab"
    save_workspace(ws, path)
    back = load_workspace(path)
    assert_same(ws, back)
    assert back.runs[1].result.stability["lr_critical"] > 0
    # saving what was loaded gives the same file
    assert workspace_bytes(back) == path.read_bytes()


def test_round_trip_without_runs_or_data(tmp_path):
    ws = Workspace(TrainConfig(lr=0.3, momentum=0.5))
    save_workspace(ws, tmp_path / "empty.sgdlab")
    assert_same(ws, load_workspace(tmp_path / "empty.sgdlab"))


def test_watched_entries_survive(tmp_path):
    from core.training.engine import Trainer

    result = Trainer(
        TrainConfig(dataset="linear-1d", samples=50, batch_size=10, epochs=1, model="linear"),
        watch=[("w", (0,)), ("b", ())],
    ).run()
    assert result.history.segments
    ws = Workspace(TrainConfig(), [RunRecord(1, "watched", result)])
    save_workspace(ws, tmp_path / "w.sgdlab")
    back = load_workspace(tmp_path / "w.sgdlab")
    assert_same(ws, back)
    assert back.runs[0].result.history.watched(3) is not None


def test_the_format_is_documented_json_and_npz(tmp_path, runs):
    save_workspace(Workspace(TrainConfig(), runs), tmp_path / "a.sgdlab")
    with zipfile.ZipFile(tmp_path / "a.sgdlab") as zf:
        assert sorted(zf.namelist()) == [ARRAYS_NAME, JSON_NAME]
        doc = json.loads(zf.read(JSON_NAME))
        arrays = np.load(io.BytesIO(zf.read(ARRAYS_NAME)), allow_pickle=False)
        assert doc["format"] == "sgd-lab-workspace" and doc["version"] == 2
        assert [r["name"] for r in doc["runs"]] == ["moons, mlp", "line: w and b"]
        np.testing.assert_array_equal(arrays["run0.loss"], runs[0].result.history.loss)
    text = (Path(workspace.__file__).parents[2] / "docs" / "workspace-format.md").read_text(encoding="utf-8")
    for key in doc["runs"][0]:
        assert f"`{key}`" in text, key
    for key in doc:
        assert f"`{key}`" in text, key


# -- refusals --------------------------------------------------------------------------------------
def good_parts(runs, data=None) -> tuple[dict, bytes]:
    raw = workspace_bytes(Workspace(TrainConfig(), runs, data))
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        return json.loads(zf.read(JSON_NAME)), zf.read(ARRAYS_NAME)


def make_zip(members: dict[str, bytes | str]) -> bytes:
    """A zip of ``members``: arrays.npz stored, as the format says, the others deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content, zipfile.ZIP_STORED if name == ARRAYS_NAME else None)
    return out.getvalue()


def refused(tmp_path, raw: bytes) -> str:
    path = tmp_path / "bad.sgdlab"
    path.write_bytes(raw)
    with pytest.raises(WorkspaceError) as info:
        load_workspace(path)
    return str(info.value)


def test_newer_version_is_refused(tmp_path, runs):
    doc, npz = good_parts(runs)
    doc["version"] = 7
    msg = refused(tmp_path, make_zip({JSON_NAME: json.dumps(doc), ARRAYS_NAME: npz}))
    assert "made by a newer SGD Lab (format 7)" in msg


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(format="something-else"), "not an SGD Lab workspace"),
        (lambda d: d.update(version="1"), "unknown workspace format version '1'"),
        (lambda d: d.update(version=0), "unknown workspace format version 0"),
        (lambda d: d.pop("runs"), "workspace.runs is missing"),
        (lambda d: d.update(runs={}), "workspace.runs must be a list"),
        (lambda d: d["config"].update(epochs="five"), "config.epochs must be a whole number"),
        (lambda d: d["config"].update(lr=None), "config.lr must be a number"),
        (lambda d: d["config"].update(dataset="imagenet"), "unknown dataset 'imagenet'"),
        (
            lambda d: d["config"].update(dataset="custom"),
            "trains on imported data, but the workspace holds none",
        ),
        (lambda d: d["config"].update(colour="red"), "config.colour is not a known option"),
        (lambda d: d["config"].update(lr=-1.0), "config.lr must be in [1e-05, 10] (got -1)"),
        (lambda d: d["config"].update(seed=2**70), "config.seed must be in"),
        (lambda d: d["config"].update(batch_size=0), "config.batch_size must be in [1, 200000]"),
        (lambda d: d["runs"][0].update(name=3), "runs[0].name must be text"),
        (lambda d: d["runs"][0].update(visible="yes"), "runs[0].visible must be true or false"),
        (lambda d: d["runs"][0].update(status="exploded"), "unknown status 'exploded'"),
        (lambda d: d["runs"][0].update(steps=13), "its arrays do not hold 13 steps each"),
        (lambda d: d["runs"][1].update(id=1), "runs[1].id 1 is used twice"),
        (
            lambda d: d["runs"][0]["epochs"][0].update(val_loss="low"),
            "runs[0].epochs[0].val_loss must be a number",
        ),
        (
            lambda d: d["runs"][0]["config"].update(model="resnet"),
            "runs[0].config.model: unknown value 'resnet'",
        ),
        (lambda d: d["runs"].append(d["runs"][0] | {"id": 99}), "runs[2]: the array run2.loss is missing"),
    ],
)
def test_wrong_contents_are_refused(tmp_path, runs, change, expected):
    doc, npz = good_parts(runs)
    change(doc)
    assert expected in refused(tmp_path, make_zip({JSON_NAME: json.dumps(doc), ARRAYS_NAME: npz}))


def test_damaged_data_is_refused(tmp_path, runs, data):
    doc, npz = good_parts(runs, data)
    doc["data"]["train_rows"] += 1
    assert "the train arrays do not have" in refused(
        tmp_path, make_zip({JSON_NAME: json.dumps(doc), ARRAYS_NAME: npz})
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "the file is empty"),
        (b"just some text", "not a zip archive"),
        (b"PK\x03\x04 and then nothing", "the workspace is truncated"),
        (make_zip({"readme.txt": "hi"}), "unexpected file 'readme.txt'"),
        (make_zip({ARRAYS_NAME: b""}), "no workspace.json"),
        (make_zip({JSON_NAME: "{not json"}), "workspace.json is not valid JSON (line 1, column 2"),
        (make_zip({JSON_NAME: "[1, 2]"}), "must hold a JSON object"),
        (make_zip({JSON_NAME: "[" * 100_000 + "]" * 100_000}), "workspace.json cannot be read"),
        (make_zip({JSON_NAME: b"\xff\xfe{}"}), "not UTF-8"),
        (make_zip({JSON_NAME: '{"format": "sgd-lab-workspace", "version": NaN}'}), "cannot be read"),
        (make_zip({"../../etc/passwd": "x", JSON_NAME: "{}"}), "unexpected file '../../etc/passwd'"),
    ],
)
def test_corrupt_files_are_refused(tmp_path, raw, expected):
    assert expected in refused(tmp_path, raw)


def test_truncated_file_is_refused(tmp_path, runs):
    raw = workspace_bytes(Workspace(TrainConfig(), runs))
    for cut in (len(raw) // 3, len(raw) - 10, len(raw) - 200):
        assert "the workspace is truncated" in refused(tmp_path, raw[:cut])


def test_a_flipped_byte_is_caught(tmp_path, runs):
    raw = bytearray(workspace_bytes(Workspace(TrainConfig(), runs)))
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        info = zf.getinfo(ARRAYS_NAME)
    raw[info.header_offset + 30 + len(ARRAYS_NAME) + 500] ^= 0xFF  # inside the stored npz
    assert "cannot be unpacked" in refused(tmp_path, bytes(raw))  # the CRC check


def test_pickle_inside_is_refused_and_never_run(tmp_path, runs, monkeypatch):
    doc, _ = good_parts(runs)
    evil = io.BytesIO()
    np.savez(evil, **{"run0.loss": np.array([object()] * 3, dtype=object)})
    loaded = []
    monkeypatch.setattr(pickle, "loads", lambda *a, **k: loaded.append(a))
    monkeypatch.setattr(pickle, "load", lambda *a, **k: loaded.append(a))
    msg = refused(tmp_path, make_zip({JSON_NAME: json.dumps(doc), ARRAYS_NAME: evil.getvalue()}))
    assert "Python objects (a pickle, never loaded)" in msg and loaded == []
    # a workspace that is a pickle altogether
    assert "not a zip archive" in refused(tmp_path, pickle.dumps(doc))


def test_zip_bomb_is_refused_before_unpacking(tmp_path, runs, monkeypatch):
    doc, _ = good_parts(runs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(JSON_NAME, json.dumps(doc))
        with zf.open(ARRAYS_NAME, "w") as member:
            zero = bytes(2**20)
            for _ in range(64):
                member.write(zero)
    raw = out.getvalue()
    assert len(raw) < 200_000
    monkeypatch.setattr(workspace, "MAX_ARRAY_BYTES", 16 * 2**20)
    read = []
    original = workspace.read_member
    monkeypatch.setattr(
        workspace, "read_member", lambda zf, name, *a: read.append(name) or original(zf, name, *a)
    )
    assert "would unpack to more than" in refused(tmp_path, raw)
    assert read == []  # refused from the declared sizes, before anything was unpacked


def test_a_member_that_lies_about_its_size_is_stopped(tmp_path, runs):
    doc, npz = good_parts(runs)
    raw = bytearray(make_zip({JSON_NAME: json.dumps(doc), ARRAYS_NAME: npz}))
    # shrink the declared size of workspace.json in the central directory and the local header
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        info = zf.getinfo(JSON_NAME)
    central = bytes(raw).find(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (10).to_bytes(4, "little")
    raw[info.header_offset + 22 : info.header_offset + 26] = (10).to_bytes(4, "little")
    msg = refused(tmp_path, bytes(raw))
    assert "cannot be unpacked" in msg or "not valid JSON" in msg


def test_too_large_file_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "huge.sgdlab"
    path.write_bytes(b"PK" + bytes(2_000))
    monkeypatch.setattr(workspace, "MAX_FILE_BYTES", 1_000)
    with pytest.raises(WorkspaceError, match="a workspace is at most"):
        load_workspace(path)


# -- failed saves leave the previous file ------------------------------------------------------------
def test_full_disk_leaves_the_previous_file(tmp_path, runs, monkeypatch):
    path = tmp_path / "lesson.sgdlab"
    save_workspace(Workspace(TrainConfig(), runs[:1]), path)
    before = path.read_bytes()

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    for name in ("write", "fsync"):
        with monkeypatch.context() as m:
            m.setattr(os, name, full)
            with pytest.raises(OSError, match="No space left"):
                save_workspace(Workspace(TrainConfig(), runs), path)
        assert path.read_bytes() == before
        assert os.listdir(tmp_path) == ["lesson.sgdlab"]
    assert len(load_workspace(path).runs) == 1


def test_read_only_folder_leaves_the_previous_file(tmp_path, runs, monkeypatch):
    path = tmp_path / "lesson.sgdlab"
    save_workspace(Workspace(TrainConfig(), runs[:1]), path)
    before = path.read_bytes()

    def denied(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(export, "_create_beside", denied)
    with pytest.raises(PermissionError):
        save_workspace(Workspace(TrainConfig(), runs), path)
    with pytest.raises(PermissionError):
        export.write_result(runs[0].result, tmp_path / "run.json")
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["lesson.sgdlab"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_real_read_only_folder(tmp_path, runs):
    path = tmp_path / "lesson.sgdlab"
    save_workspace(Workspace(TrainConfig(), runs[:1]), path)
    before = path.read_bytes()
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(PermissionError):
            save_workspace(Workspace(TrainConfig(), runs), path)
    finally:
        tmp_path.chmod(0o755)
    assert path.read_bytes() == before


def test_loading_registers_nothing(tmp_path, runs, data):
    """Reading a workspace only returns it; making its data current is the caller's step."""
    save_workspace(
        Workspace(TrainConfig(dataset=CUSTOM, samples=data.train_rows, batch_size=8), runs, data),
        tmp_path / "d.sgdlab",
    )
    back = load_workspace(tmp_path / "d.sgdlab")
    catalogue = DataCatalogue()
    assert catalogue.errors(back.config)  # nothing imported until the caller says so
    catalogue.set_imported(back.data)
    assert catalogue.validate(back.config).dataset == CUSTOM


def test_a_real_size_zip_bomb_costs_no_memory(tmp_path, runs):
    """With the real limits: 600 MB of zeros in a small file is refused with memory to spare."""
    import tracemalloc

    doc, _ = good_parts(runs)
    path = tmp_path / "bomb.sgdlab"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(JSON_NAME, json.dumps(doc))
        with zf.open(ARRAYS_NAME, "w", force_zip64=True) as member:
            zero = bytes(8 * 2**20)
            for _ in range(75):
                member.write(zero)
    assert path.stat().st_size < 5 * 2**20
    tracemalloc.start()
    try:
        with pytest.raises(WorkspaceError, match="would unpack to more than"):
            load_workspace(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * path.stat().st_size + 2**20


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_or_a_pipe_is_refused_unread(tmp_path):
    from core.io.workspace import WorkspaceError, load_workspace

    pipe = tmp_path / "pipe.sgdlab"
    os.mkfifo(pipe)
    for path in ("/dev/zero", pipe):  # endless, or blocking: must never be read
        with pytest.raises(WorkspaceError, match="not a regular file"):
            load_workspace(path)
