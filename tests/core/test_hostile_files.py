"""Hostile files (issue 20): every one is refused with one line naming what is wrong, before it
costs memory, or loads as what it says; nothing is accepted silently. The files are made here from
the zip and .npy formats (tests/hostile.py)."""

from __future__ import annotations

import io
import json
import math
import os
import stat
import zipfile

import numpy as np
import pytest

from core.experiments.runs import RunRecord
from core.io import safezip
from core.io.export import atomic_write_text, result_csv, result_json, write_result
from core.io.importer import DataImportError, ImportOptions, from_arrays, import_file
from core.io.workspace import Workspace, WorkspaceError, load_workspace, read_workspace, workspace_bytes
from core.training.config import ConfigError, TrainConfig
from core.training.engine import Trainer
from tests import hostile


@pytest.fixture(scope="module")
def good() -> bytes:
    """A workspace with a run whose entries were watched (linear-1d: it has a stability bound)."""
    config = TrainConfig(dataset="linear-1d", samples=60, batch_size=10, epochs=2, model="linear", lr=0.05)
    result = Trainer(config, watch=[("w", (0,)), ("b", ())]).run()
    return workspace_bytes(Workspace(TrainConfig(), [RunRecord(1, "watched", result)]))


def refused(raw: bytes) -> str:
    with pytest.raises(WorkspaceError) as info:
        read_workspace(raw)
    text = str(info.value)
    assert "\n" not in text
    return text


def changed(good: bytes, change) -> bytes:
    doc, arrays = hostile.parts(good)
    change(doc, arrays)
    return hostile.workspace(doc, arrays)


def test_the_good_file_loads(good):
    assert read_workspace(good).runs[0].result.history.segments


def run(doc: dict) -> dict:
    return doc["runs"][0]


# -- 1. huge integers ---------------------------------------------------------------------------------
HUGE = 10**400


def test_a_config_file_with_a_huge_integer_is_refused(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"lr": 1' + "0" * 400 + "}")
    with pytest.raises(ConfigError) as info:
        TrainConfig.load(path).validate()
    assert info.value.field == "lr" and "must be a finite number" in str(info.value)
    path.write_text('{"seed": -1' + "0" * 400 + "}")
    with pytest.raises(ConfigError, match="about 10\\^400"):
        TrainConfig.load(path).validate()


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (lambda d: d["config"].update(lr=HUGE), "config.lr must be a number (got inf)"),
        (lambda d: d["config"].update(epochs=HUGE), "config.epochs must be in [1, 10000] (got inf)"),
        (lambda d: d["config"].update(seed=-HUGE), "config.seed must be in"),
        (lambda d: d["runs"][0].update(elapsed_s=HUGE), "runs[0].elapsed_s must be a finite number"),
        (
            lambda d: run(d)["epochs"][0].update(train_loss_running=HUGE),
            "train_loss_running must be a finite",
        ),
        (lambda d: run(d)["epochs"][1].update(time_s=-HUGE), "epochs[1].time_s must be a finite"),
        (lambda d: run(d)["epochs"][0].update(val_loss=HUGE), "val_loss must be a finite"),
        (lambda d: run(d).update(steps_per_epoch=HUGE), "steps_per_epoch must be a whole number in [1, 60]"),
        (lambda d: d["runs"][0].update(id=HUGE), "runs[0].id must be a whole number in [0, "),
        (lambda d: d["runs"][0].update(steps=HUGE), "(got about 10^400)"),
        (lambda d: run(d)["stability"].update(lr_critical=HUGE), "lr_critical must be a finite"),
    ],
)
def test_a_huge_integer_anywhere_in_a_workspace_is_refused(good, where, expected):
    assert expected in refused(changed(good, lambda d, a: where(d)))


def test_a_huge_val_fraction_is_refused():
    data = from_arrays(np.arange(40.0).reshape(20, 2), np.arange(20) % 2, "t")
    doc, arrays = hostile.parts(workspace_bytes(Workspace(TrainConfig(), [], data)))
    doc["data"]["val_fraction"] = HUGE
    assert "data.val_fraction must be a finite number in [0.01, 0.9]" in refused(
        hostile.workspace(doc, arrays)
    )


def test_steps_per_epoch_must_fit_the_config(good):
    msg = refused(changed(good, lambda d, a: d["runs"][0].update(steps_per_epoch=61)))
    assert "runs[0].steps_per_epoch must be a whole number in [1, 60] (got 61)" in msg


# -- 2. a central directory flood ------------------------------------------------------------------------
def test_a_directory_of_a_million_members_is_refused_from_its_end_record(tmp_path, monkeypatch):
    parsed = []
    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", lambda self: parsed.append(self))
    many = hostile.write(tmp_path / "many.sgdlab", hostile.directory_flood(25_000))  # 1.2 MB
    with pytest.raises(WorkspaceError, match="holds 25,000 files; at most 1,000 are read"):
        load_workspace(many)
    npz = hostile.write(tmp_path / "flood.npz", hostile.directory_flood(25_000))
    with pytest.raises(DataImportError, match=r"the \.npz file holds 25,000 files"):
        import_file(npz)
    # zipfile goes by the directory's size, not by the count: a directory that says "one member"
    flood = hostile.write(tmp_path / "flood.sgdlab", hostile.directory_flood(25_000, declared=1))
    with pytest.raises(WorkspaceError, match="its list of files takes 1 MB; at most 1 MB is read"):
        load_workspace(flood)
    assert parsed == []  # refused before zipfile read any of the directory


# -- 3. memory amplification ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("array", "dtype", "expected"),
    [
        ("run0.loss", np.int8, "run0.loss holds dtype int8; the format says float64"),
        ("run0.time_s", np.float32, "run0.time_s holds dtype float32; the format says float64"),
        ("run0.batch_size", np.uint64, "run0.batch_size holds dtype uint64; the format says int32"),
        ("run0.batch_size", np.int64, "the format says int32"),
        ("run0.watch_values", np.float16, "the format says float32 or float64"),
        ("run0.lr", ">f8", "run0.lr holds dtype >f8; the format says float64"),
        ("run0.momentum", np.bool_, "holds dtype bool"),
    ],
)
def test_an_array_of_a_dtype_the_format_does_not_name_is_refused_unread(good, array, dtype, expected):
    assert expected in refused(changed(good, lambda d, a: a.update({array: a[array].astype(dtype)})))


def test_a_deflated_arrays_npz_is_refused(good):
    doc, arrays = hostile.parts(good)
    raw = hostile.workspace(doc, arrays, stored=())
    assert "arrays.npz is compressed, but the format stores it uncompressed" in refused(raw)
    inner = hostile.npz(arrays, compressed=True)  # stored in the workspace, but its arrays deflated
    assert "run0.loss.npy is compressed" in refused(hostile.workspace(doc, inner))


def test_json_that_would_be_huge_in_memory_is_refused_before_parsing(good, monkeypatch):
    doc, arrays = hostile.parts(good)
    text = json.dumps(doc).replace('"watch_segments": [', '"watch_segments": [' + "[0,[]]," * 120_000)
    parsed = []
    monkeypatch.setattr(json, "loads", lambda *a, **k: parsed.append(a))
    assert "more than 100,000 objects and lists or 1,000,000 values" in refused(
        hostile.workspace(text, arrays)
    )
    assert parsed == []


def test_an_npz_table_larger_than_the_values_held_is_refused_unread(tmp_path):
    path = tmp_path / "wide.npz"
    x = np.lib.stride_tricks.as_strided(np.zeros(1, np.int8), (2_000, 30_001), (0, 0))  # 60 MB, no memory
    path.write_bytes(hostile.npz({"x": x, "y": np.zeros(2_000, np.int8)}, compressed=True))
    with pytest.raises(DataImportError, match="x holds 60,002,000 values; at most 60,000,000 are read"):
        import_file(path)


# -- 4. a member that lies about its size -------------------------------------------------------------
def test_a_member_that_inflates_past_its_declared_size_is_stopped_there(good, monkeypatch):
    _, arrays = hostile.parts(good)
    raw = hostile.lying_member("workspace.json", 5_466, 64 * 2**20, {"arrays.npz": hostile.npz(arrays)})
    assert len(raw) < 200_000
    read = []
    original = zipfile.ZipExtFile.read
    monkeypatch.setattr(zipfile.ZipExtFile, "read", lambda self, n=-1: read.append(n) or original(self, n))
    msg = refused(raw)
    assert "workspace.json cannot be unpacked" in msg and "Bad CRC-32" in msg
    assert max(read) <= safezip.PIECE


# -- 5. a CSV line longer than the limit ---------------------------------------------------------------
def test_a_huge_csv_line_is_refused_before_it_is_split(tmp_path):
    path = tmp_path / "line.csv"
    path.write_bytes(b"a,b\n" + b"12," * 1_500_000 + b"1\n3,4\n")
    with pytest.raises(DataImportError, match="row 2 is longer than 4,194,304 bytes: not a table"):
        import_file(path)
    path.write_bytes(b"a,b\n" + b"1," * 150_000 + b"1\n3,4\n")  # 300 KB, but 150,001 cells
    with pytest.raises(DataImportError, match="row 2 has more than 100,000 columns"):
        import_file(path)
    path.write_bytes(b"a b\n" + b"1 " * 150_000 + b"1\n3 4\n")
    with pytest.raises(DataImportError, match="row 2 has more than 100,000 columns"):
        import_file(path)


# -- 6. NaN and infinity in a run's arrays ----------------------------------------------------------
@pytest.mark.parametrize("name", ["loss", "lr", "grad_norm", "time_s", "momentum"])
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_run_array_that_is_not_finite_is_refused(good, name, value):
    def poison(d, a):
        a[f"run0.{name}"][3] = value

    assert f"runs[0]: the array run0.{name} holds NaN or infinite values" in refused(changed(good, poison))


def test_no_export_raises_on_numbers_that_are_not_finite(good, tmp_path):
    result = read_workspace(good).runs[0].result
    result.history._buf["loss"][2] = math.nan
    result.elapsed_s = math.inf
    result.stability = {"hessian_max_eigenvalue": math.inf, "lr_critical": None}
    doc = json.loads(result_json(result))  # strict JSON: null where a number is not finite
    assert doc["step_loss"][2] is None and doc["elapsed_s"] is None
    assert "nan" in result_csv(result).splitlines()[3]
    write_result(result, tmp_path / "run.json")
    assert json.loads((tmp_path / "run.json").read_text())["step_loss"][2] is None


# -- 7. what was accepted silently ---------------------------------------------------------------------
def sizes(a, value):
    a["run0.batch_size"][0] = value


def segments(d):
    return run(d)["watch_segments"]


def epoch(d):
    return run(d)["epochs"][0]


SILENT = [
    (lambda d, a: sizes(a, -1), "run0.batch_size holds batch sizes outside [1, 10]"),
    (lambda d, a: sizes(a, 11), "run0.batch_size holds batch sizes outside [1, 10]"),
    (lambda d, a: run(d)["stability"].update(status=1), 'runs[0].stability: unknown key "status"'),
    (lambda d, a: run(d).update(diverged_step=-3), "diverged_step must be a whole number in [1, 13]"),
    (lambda d, a: run(d).update(watch_segments=[[0, []]]), "[0]: the first step must be in [1, 13]"),
    (lambda d, a: segments(d).append([1, []]), "the segments' first steps must increase"),
    (lambda d, a: segments(d)[0][1].append(["W9", [0]]), "'W9' at that index is not an entry"),
    (lambda d, a: segments(d)[0][1].append(["w", [5]]), "'w' at that index is not an entry"),
    (lambda d, a: segments(d)[0][1].append(["w", [0]]), "each entry once"),
    (lambda d, a: segments(d)[0].__setitem__(0, True), "watch_segments[0] must be [first step"),
    (lambda d, a: [a.pop("run0.watch_values"), a.pop("run0.watch_norms")], "without the watched"),
    (lambda d, a: epoch(d).update(epoch=0), "epochs[0].epoch must be a whole number in [1, 2]"),
    (lambda d, a: epoch(d).update(val_accuracy=1.5), "val_accuracy must be a finite number in [0, 1]"),
    (lambda d, a: run(d)["epochs"].extend([epoch(d)] * 2), "more epochs than its config's 2"),
    (lambda d, a: run(d).update(elapsed_s=-1), "runs[0].elapsed_s must be a finite number in [0, ∞]"),
    (lambda d, a: run(d).update(last_batch_size=11), "last_batch_size must be a whole number in [0, 10]"),
]


@pytest.mark.parametrize(("change", "expected"), SILENT)
def test_what_was_accepted_silently_is_refused_naming_the_field(good, change, expected):
    assert expected in refused(changed(good, change))


def test_duplicate_keys_are_refused(good, tmp_path):
    doc, arrays = hostile.parts(good)
    text = json.dumps(doc).replace('"visible": true', '"visible": true, "visible": false')
    assert 'workspace.json: the key "visible" appears twice in one object' in refused(
        hostile.workspace(text, arrays)
    )
    path = tmp_path / "twice.json"
    path.write_text('{"lr": 0.1, "epochs": 2, "lr": 5}')
    with pytest.raises(ConfigError, match="the option 'lr' is given twice"):
        TrainConfig.load(path)


def test_data_with_no_rows_or_no_features_is_refused():
    data = from_arrays(np.arange(40.0).reshape(20, 2), np.arange(20) % 2, "t")
    doc, arrays = hostile.parts(workspace_bytes(Workspace(TrainConfig(), [], data)))
    for key in ("x_train", "x_val"):
        arrays[f"data.{key}"] = arrays[f"data.{key}"][:, :0]
    empty = {**doc, "data": {**doc["data"], "features": 0, "feature_names": []}}
    assert "data.features must be a whole number in [1, " in refused(hostile.workspace(empty, arrays))
    none = {**doc, "data": {**doc["data"], "train_rows": 0}}
    assert "data.train_rows must be a whole number in [1, " in refused(hostile.workspace(none, arrays))
    with pytest.raises(DataImportError, match="x has shape \\(20, 0\\): no data"):
        from_arrays(np.zeros((20, 0)), np.arange(20) % 2, "t")
    with pytest.raises(DataImportError, match="no data"):
        from_arrays(np.zeros((0, 2)), np.zeros(0), "t")


def test_data_arrays_of_other_dtypes_are_refused():
    data = from_arrays(np.arange(40.0).reshape(20, 2), np.arange(20) % 2, "t")
    doc, arrays = hostile.parts(workspace_bytes(Workspace(TrainConfig(), [], data)))
    arrays["data.x_train"] = arrays["data.x_train"].astype(np.float64)
    assert "data.x_train holds dtype float64; the format says float32" in refused(
        hostile.workspace(doc, arrays)
    )


# -- 8. a file with its end cut off ---------------------------------------------------------------------
def test_a_workspace_cut_after_its_inner_npz_says_it_is_truncated(good):
    end_of_arrays = good.rfind(b"PK\x01\x02")  # the outer directory's last entry: arrays.npz
    for cut in (end_of_arrays, end_of_arrays + 20, len(good) - 1):
        msg = refused(good[:cut])
        assert msg.startswith("the workspace is truncated"), msg
    assert "unexpected file" not in refused(good[: good.find(b"PK\x01\x02")])


# -- 9. permissions of written files --------------------------------------------------------------------
@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_written_file_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "run.json"
        atomic_write_text(path, "{}")
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        path.chmod(0o664)
        atomic_write_text(path, "[]")
        assert stat.S_IMODE(path.stat().st_mode) == 0o664 and path.read_text() == "[]"
        os.umask(0o077)
        atomic_write_text(tmp_path / "private.json", "{}")
        assert stat.S_IMODE((tmp_path / "private.json").stat().st_mode) == 0o600
    finally:
        os.umask(old)


# -- nothing else ---------------------------------------------------------------------------------------
def test_what_a_reader_refuses_reads_no_further(tmp_path):
    """A folder, a missing file and a file that is not a zip: each one line, none an exception."""
    for raw in (b"PK", b"PK\x05\x06" + bytes(18), hostile.directory_flood(1)):
        refused(raw)
    npz = tmp_path / "x.npz"
    npz.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip
    with pytest.raises(DataImportError, match="needs arrays named x"):
        import_file(npz, ImportOptions())


def test_an_array_of_no_dimensions_and_a_long_member_name_are_refused_in_one_line(good):
    doc, arrays = hostile.parts(good)
    scalar = {**arrays, "run0.loss": np.float64(1.0)}
    assert "its arrays do not hold" in refused(hostile.workspace(doc, scalar))
    msg = refused(hostile.zip_of({"workspace.json": "{}", "x" * 5_000: b""}))
    assert "unexpected file" in msg and len(msg) < 200


def test_a_member_stored_twice_under_one_name_in_arrays_is_refused(good):
    doc, arrays = hostile.parts(good)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf, pytest.warns(UserWarning, match="Duplicate name"):
        for name in ("run0.loss", "run0.loss"):
            with zf.open(f"{name}.npy", "w") as member:
                np.lib.format.write_array(member, arrays[name])
    assert "the array run0.loss appears twice" in refused(hostile.workspace(doc, out.getvalue()))
