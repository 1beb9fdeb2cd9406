"""Tables as people have them (issue 18): headers of numbers or in quotes, a count line, R's row names,
text, ID and date columns, missing values, compressed files, the task guess, provenance, progress and
cancel. Every file is small and written here."""

from __future__ import annotations

import bz2
import gzip
import hashlib
import lzma
import zipfile

import numpy as np
import pytest

from core.io import tables
from core.io.importer import Cancelled, DataImportError, ImportOptions, import_file, preview_file


def rng_values(n: int, k: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, k)).round(4)


def write(path, text: str):
    path.write_text(text)
    return path


def refused(path, **options) -> str:
    with pytest.raises(DataImportError) as info:
        import_file(path, ImportOptions(**options))
    return str(info.value)


def roles(data) -> dict[str, str]:
    return {r.name: r.role for r in data.roles}


# -- headers ---------------------------------------------------------------------------------------------
def test_a_header_of_years_is_a_header(tmp_path):
    x = rng_values(40, 6) * 100
    path = write(
        tmp_path / "years.csv",
        "1960,1970,1980,1990,2000,2010\n" + "".join(",".join(map(str, r)) + "\n" for r in x),
    )
    data = import_file(path, ImportOptions(target="2010"))
    assert data.target == "2010" and data.feature_names == ("1960", "1970", "1980", "1990", "2000")
    assert data.train_rows + data.val_rows == 40
    # whole numbers below that span the header's values: no header
    counts = "\n".join(",".join(str((i * 97 + j) % 2500) for j in range(3)) for i in range(30))
    assert not preview_file(write(tmp_path / "counts.csv", "1960,1970,1980\n" + counts)).has_header


@pytest.mark.parametrize(("sep", "quote"), [("\t", "'"), ("\t", '"'), (" ", "'"), (" ", '"')])
def test_quoted_names_lose_their_quotes(tmp_path, sep, quote):
    x = rng_values(30, 2)
    head = sep.join(f"{quote}{name}{quote}" for name in ("GPA", "TUCE", "GRADE"))
    body = "".join(sep.join([str(a), str(b), str(i % 2)]) + "\n" for i, (a, b) in enumerate(x))
    data = import_file(write(tmp_path / "q.txt", head + "\n" + body), ImportOptions(target="GRADE"))
    assert data.target == "GRADE" and data.feature_names == ("GPA", "TUCE") and data.classes == ("0", "1")


def test_a_count_line_is_skipped_and_names_the_classes(tmp_path):
    x = rng_values(150, 4)
    body = "".join(",".join(map(str, r)) + f",{i % 3}\n" for i, r in enumerate(x))
    data = import_file(write(tmp_path / "iris.csv", "150,4,setosa,versicolor,virginica\n" + body))
    assert data.train_rows + data.val_rows == 150 and data.features == 4
    assert data.classes == ("setosa", "versicolor", "virginica")
    assert any("row 1 holds counts (150 rows, 4 features)" in str(n) for n in data.notes)


def test_r_row_names_with_a_shorter_header(tmp_path):
    x = rng_values(30, 2)
    body = "".join(f'"{i + 1}" {a} {b} {i % 2}\n' for i, (a, b) in enumerate(x))
    data = import_file(write(tmp_path / "r.txt", '"x" "z" "y"\n' + body))
    assert data.feature_names == ("x", "z") and data.target == "y"
    assert roles(data)["row name"] == "id"
    assert any("row names (R's write.table)" in str(n) for n in data.notes)
    subset = "".join(f"{i * 3 + 7} {a} {b} {i % 2}\n" for i, (a, b) in enumerate(x))  # rows kept by a filter
    data = import_file(write(tmp_path / "r.txt", "x z y\n" + subset))
    assert roles(data)["row name"] == "id" and data.feature_names == ("x", "z")


def test_header_and_no_header_override_the_guess(tmp_path):
    x = rng_values(30, 2)
    path = write(tmp_path / "h.csv", "".join(f"{a},{b},{i % 2}\n" for i, (a, b) in enumerate(x)))
    assert not preview_file(path).has_header
    data = import_file(path, ImportOptions(header=True))
    assert data.train_rows + data.val_rows == 29 and data.feature_names == (str(x[0, 0]), str(x[0, 1]))
    assert import_file(path, ImportOptions(header=False)).train_rows + 6 == 30


# -- column roles ------------------------------------------------------------------------------------------
def mixed_table(tmp_path, n: int = 60):
    x = rng_values(n, 2)
    lines = ["obs,state,quarter,day,colour,words,a,b,y"]
    for i in range(n):
        lines.append(
            f"{i + 1},S{i},{1970 + i // 4}Q{i % 4 + 1},1958{i % 12 + 1:02d}{i % 28 + 1:02d},"
            f"{('red', 'blue', 'green')[i % 3]},w{i % 30},{x[i, 0]},{x[i, 1]},{i % 2}"
        )
    return write(tmp_path / "mixed.csv", "\n".join(lines) + "\n")


def test_ids_dates_and_text_are_left_out_and_few_values_one_hot(tmp_path):
    data = import_file(mixed_table(tmp_path))
    assert roles(data) == {
        "obs": "id", "state": "id", "quarter": "date-left-out", "day": "date-left-out",
        "colour": "one-hot", "words": "text", "a": "number", "b": "number", "y": "target",
    }  # fmt: skip
    assert data.feature_names == ("a", "b", "colour=blue", "colour=green", "colour=red")
    line = str(data.left_out())
    assert line.startswith("left out: 'obs' (an ID: the row number, or different in every row)")
    assert "'quarter' (a date; choose it as a feature to use it)" in line
    assert "'words' (text of 30 values, more than the 20 that are one-hot encoded)" in line
    assert data.data_source["features"] == list(data.feature_names)


def test_features_and_ignore_choose_the_columns(tmp_path):
    path = mixed_table(tmp_path)
    data = import_file(path, ImportOptions(features=("a", "quarter", "day", "words")))
    words = tuple(sorted(f"words=w{i}" for i in range(30)))
    assert data.feature_names == ("a", "quarter", "day", *words)  # numbers first, then the encoded ones
    assert roles(data)["b"] == "not-chosen" and roles(data)["quarter"] == "date"
    ds = data.dataset
    assert ds.features == len(data.feature_names) == 1 + 30 + 2
    data = import_file(path, ImportOptions(ignore=("colour", "b"), standardize=False))
    assert data.feature_names == ("a",) and roles(data)["colour"] == "ignored"
    quarter = import_file(path, ImportOptions(features=("quarter",), standardize=False))
    years = np.sort(
        np.concatenate([quarter.dataset.x_train[:, 0].numpy(), quarter.dataset.x_val[:, 0].numpy()])
    )
    assert years[0] == 1970.0 and years[1] == 1970.25  # 1970Q1, 1970Q2 as decimal years
    assert "'y' is the target; it cannot be a feature too" in refused(path, features=("y",))
    assert "column 'nope' is not in the table" in refused(path, ignore=("nope",))


def test_text_dates_are_recognised(tmp_path):
    days = [f"{m}-{d}-1995" for m in ("Jan", "Feb", "Mar") for d in range(1, 21)]
    body = "".join(f"{day},{i % 5},{i % 2}\n" for i, day in enumerate(days))
    data = import_file(write(tmp_path / "d.csv", "date,v,y\n" + body))
    assert roles(data)["date"] == "date-left-out" and data.feature_names == ("v",)


# -- missing values -----------------------------------------------------------------------------------------
def test_rows_with_missing_values_are_dropped_with_a_notice(tmp_path):
    x = rng_values(40, 2)
    cells = [[str(a), str(b), str(i % 2)] for i, (a, b) in enumerate(x)]
    cells[3][0], cells[7][1], cells[9][0], cells[11][1] = "NA", "", "?", "NaN"
    cells[13][2] = ""  # no target: always dropped
    path = write(tmp_path / "m.csv", "a,b,y\n" + "".join(",".join(c) + "\n" for c in cells))
    data = import_file(path)
    assert data.train_rows + data.val_rows == 35
    notes = [str(n) for n in data.notes]
    assert "4 rows with a missing value dropped (--missing error refuses them instead)" in notes
    assert "1 rows without a target 'y' dropped" in notes
    assert data.data_source["rows_dropped"] == 5
    assert "row 5, column 1 ('a'): 'NA' is a missing value" in refused(path, missing="error")
    cells[3][0] = cells[7][1] = cells[9][0] = cells[11][1] = "1"
    path = write(tmp_path / "m.csv", "a,b,y\n" + "".join(",".join(c) + "\n" for c in cells))
    assert import_file(path, ImportOptions(missing="error")).train_rows == 31  # the target's row only


# -- the task guess -----------------------------------------------------------------------------------------
def test_whole_numbers_are_classes_only_when_few_for_the_rows(tmp_path):
    x = rng_values(150, 2)
    sixteen = write(
        tmp_path / "s.csv", "a,b,y\n" + "".join(f"{a},{b},{i}\n" for i, (a, b) in enumerate(x[:16]))
    )
    data = import_file(sixteen)
    assert data.task == "regression"
    assert any("16 different values in 16 rows: trained as regression" in str(n) for n in data.notes)
    assert any("--task classification" in str(n) for n in data.notes)
    three = write(tmp_path / "t.csv", "a,b,y\n" + "".join(f"{a},{b},{i % 3}\n" for i, (a, b) in enumerate(x)))
    assert import_file(three).task == "classification"


# -- compressed files ----------------------------------------------------------------------------------------
def test_compressed_tables_read_as_the_plain_one(tmp_path):
    x = rng_values(50, 3)
    text = ("a,b,c,y\n" + "".join(",".join(map(str, r)) + f",{i % 2}\n" for i, r in enumerate(x))).encode()
    plain = import_file(write(tmp_path / "p.csv", text.decode()))
    packed = {
        "t.csv.gz": gzip.compress(text),
        "t.csv.bz2": bz2.compress(text),
        "t.csv.xz": lzma.compress(text),
    }
    with zipfile.ZipFile(tmp_path / "t.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("t.csv", text)
    for name, raw in packed.items():
        (tmp_path / name).write_bytes(raw)
    for name in (*packed, "t.zip"):
        data = import_file(tmp_path / name)
        assert np.array_equal(data.dataset.x_train.numpy(), plain.dataset.x_train.numpy()), name
        assert data.data_source["sha256"] == hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
    with zipfile.ZipFile(tmp_path / "two.zip", "w") as zf:
        zf.writestr("a.csv", text)
        zf.writestr("b.csv", text)
    assert "a zip file must hold exactly one table; this one holds 2 files" in refused(tmp_path / "two.zip")
    (tmp_path / "cut.gz").write_bytes(gzip.compress(text)[:-30])
    assert "the gzip file cannot be unpacked" in refused(tmp_path / "cut.gz")


def test_a_gzip_bomb_is_stopped_at_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_FILE_BYTES", 1_000_000)
    (tmp_path / "bomb.csv.gz").write_bytes(gzip.compress(b"1,2,3\n" * 2_000_000))  # 12 MB of text
    assert "the gzip file unpacks to more than the 0 MB" in refused(tmp_path / "bomb.csv.gz")


# -- large tables, progress and cancel ---------------------------------------------------------------
def test_a_large_table_is_held_as_float32_with_progress_and_can_be_cancelled(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "WIDE_VALUES", 100)
    monkeypatch.setattr(tables, "CHUNK_VALUES", 500)
    x = rng_values(400, 5)
    path = write(
        tmp_path / "big.csv",
        "label,a,b,c,d,e\n" + "".join(f"{i % 4}," + ",".join(map(str, r)) + "\n" for i, r in enumerate(x)),
    )
    shares: list[float] = []
    data = import_file(path, ImportOptions(target="label", standardize=False), progress=shares.append)
    assert shares == sorted(shares) and shares[-1] == 1.0 and len(shares) == 5
    assert data.classes == ("0", "1", "2", "3") and data.features == 5
    got = np.concatenate([data.dataset.x_train.numpy(), data.dataset.x_val.numpy()])
    assert sorted(map(tuple, got)) == sorted(map(tuple, x.astype(np.float32)))
    with pytest.raises(Cancelled):
        import_file(path, progress=shares.append, stop=lambda: len(shares) > 7)


def test_a_text_cell_past_the_sample_is_named(tmp_path):
    x = rng_values(200, 2)
    cells = [[str(a), str(b), str(i % 2)] for i, (a, b) in enumerate(x)]
    cells[150][1] = "oops"
    path = write(tmp_path / "late.csv", "a,b,y\n" + "".join(",".join(c) + "\n" for c in cells))
    assert "row 152, column 2 ('b'): 'oops' is not a number" in refused(path)


def test_provenance(tmp_path):
    path = mixed_table(tmp_path)
    data = import_file(path, ImportOptions(ignore=("colour",)))
    source = data.data_source
    assert source["path"] == str(path) and source["size"] == path.stat().st_size
    assert source["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert source["target"] == "y" and source["features"] == ["a", "b"] and source["columns"] == ["a", "b"]
    assert source["task"] == "classification" and source["classes"] == ["0", "1"]
    assert source["header"] is True and source["delimiter"] == "," and source["rows_dropped"] == 0


def test_the_workspace_keeps_the_provenance_and_grows_with_the_import_limits(tmp_path):
    from core.io import workspace
    from core.io.workspace import Workspace, WorkspaceError, read_workspace, workspace_bytes
    from core.training.config import TrainConfig
    from tests import hostile

    data = import_file(mixed_table(tmp_path))
    raw = workspace_bytes(Workspace(TrainConfig(), [], data))
    assert read_workspace(raw).data.data_source == data.data_source
    doc, arrays = hostile.parts(raw)
    doc["data"]["data_source"]["sha256"] = 5
    with pytest.raises(WorkspaceError, match=r"data\.data_source: the key sha256 is unknown or of the wrong"):
        read_workspace(hostile.workspace(doc, arrays))
    # the largest table the importer holds (as float32) fits in a workspace with room for runs
    assert workspace.MAX_ARRAY_BYTES >= 4 * tables.MAX_VALUES + 256 * 2**20
    assert workspace.MAX_FILE_BYTES >= workspace.MAX_ARRAY_BYTES


def test_a_run_of_the_session_on_imported_data_records_its_source(tmp_path):
    from core.session.catalogue import DataCatalogue
    from core.training.config import CUSTOM, TrainConfig
    from tests.core.test_session import _session

    data = import_file(mixed_table(tmp_path))
    config = TrainConfig(dataset=CUSTOM, samples=data.train_rows, batch_size=16, epochs=1)
    session, runner, _ = _session(config, DataCatalogue(data))
    assert session.start()
    runner.deliver()
    assert session.last_result.to_dict()["data_source"] == data.data_source
