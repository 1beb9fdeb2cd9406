"""Importing the learner's own data: good files become a Dataset; every bad file gets a message
naming what and where, and leaves the imported data as it was."""

from __future__ import annotations

import io
import pickle
import zipfile

import numpy as np
import pytest
import torch

from core.io import tables
from core.io.importer import DataImportError, ImportOptions, import_file, preview_file
from core.session.catalogue import DataCatalogue
from core.training.config import CUSTOM, TrainConfig
from core.training.engine import train


def table(n: int = 60, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)) * [1, 10, 100] + [0, 5, -50]
    y = np.where(x[:, 0] + x[:, 1] / 10 > 0.5, "cat", "dog")
    return x, y


def write_csv(path, x, y, header=("a", "b", "c", "label"), sep=","):
    lines = [sep.join(header)] if header else []
    lines += [sep.join([*(repr(float(v)) for v in row), str(label)]) for row, label in zip(x, y, strict=True)]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def good_csv(tmp_path):
    return write_csv(tmp_path / "pets.csv", *table())


def message(path, **options) -> str:
    with pytest.raises(DataImportError) as info:
        import_file(path, ImportOptions(**options))
    return str(info.value)


# -- good files ------------------------------------------------------------------------------------
def test_csv_with_header_becomes_a_split_standardised_dataset(good_csv):
    data = import_file(good_csv, ImportOptions(val_fraction=0.25, seed=3))
    ds = data.dataset
    assert ds.name == "pets" and data.source == "pets.csv" and ds.task == "classification"
    assert data.feature_names == ("a", "b", "c") and data.target == "label"
    assert data.classes == ("cat", "dog") and ds.num_classes == 2
    assert (data.train_rows, data.val_rows) == (45, 15) and ds.features == 3
    assert ds.x_train.dtype == torch.float32 and ds.y_train.dtype == torch.int64
    # standardised with the training part only: mean 0, std 1 there, not exactly so on validation
    np.testing.assert_allclose(ds.x_train.mean(0).numpy(), 0, atol=1e-5)
    np.testing.assert_allclose(ds.x_train.std(0, unbiased=False).numpy(), 1, atol=1e-5)
    assert not np.allclose(ds.x_val.mean(0).numpy(), 0, atol=1e-3)
    # the split is the seed's, and the rows are the file's
    x, y = table()
    raw = data.mean + data.std * ds.x_train.numpy().astype(np.float64)
    rows = [int(np.argmin(np.abs(x - r).sum(1))) for r in raw]
    np.testing.assert_allclose(x[rows], raw, rtol=1e-5, atol=1e-4)
    assert [data.classes[k] for k in ds.y_train.tolist()] == list(y[rows])
    again = import_file(good_csv, ImportOptions(val_fraction=0.25, seed=3))
    assert torch.equal(again.dataset.x_val, ds.x_val)
    other = import_file(good_csv, ImportOptions(val_fraction=0.25, seed=4))
    assert not torch.equal(other.dataset.x_val, ds.x_val)


def test_headerless_semicolon_table_with_decimal_commas_and_a_chosen_target(tmp_path):
    x, _ = table(40)
    value = x[:, 0] * 2.0
    lines = [
        ";".join([f"{value[i]:.6f}".replace(".", ","), f"{x[i, 1]:.6f}".replace(".", ",")]) for i in range(40)
    ]
    path = tmp_path / "eu.csv"
    path.write_text("\n".join(lines))
    p = preview_file(path)
    assert p.delimiter == ";" and not p.has_header and p.columns == ("column 1", "column 2")
    data = import_file(path, ImportOptions(target=1, task="regression", standardize=False))
    assert data.task == "regression" and data.target == "column 1" and data.num_classes == 0
    assert data.mean is None and data.dataset.y_train.dtype == torch.float32
    got = sorted(data.dataset.y_train.tolist() + data.dataset.y_val.tolist())
    np.testing.assert_allclose(got, sorted(np.round(value, 6)), rtol=1e-6)


def test_target_by_name_and_auto_task(tmp_path):
    x, _ = table(50)
    path = tmp_path / "t.tsv"
    lines = ["k\tu\tv"] + [f"{i % 3}\t{x[i, 0]}\t{x[i, 1]}" for i in range(50)]
    path.write_text("\n".join(lines))
    data = import_file(path, ImportOptions(target="K"))  # case-insensitive name
    assert data.task == "classification" and data.classes == ("0", "1", "2") and data.features == 2
    assert import_file(path, ImportOptions(target="v")).task == "regression"
    assert import_file(path, ImportOptions(target="k", task="regression")).task == "regression"
    assert "'z' is not in the table" in message(path, target="z")
    assert "target column 9 does not exist" in message(path, target=9)


def test_npz_file(tmp_path):
    x, _ = table(80)
    path = tmp_path / "arrays.npz"
    np.savez(path, x=x.astype(np.float32), y=(x[:, 0] > 0).astype(np.int64), extra=np.arange(3))
    data = import_file(path)
    assert data.task == "classification" and data.classes == ("0", "1") and data.features == 3
    assert data.train_rows + data.val_rows == 80
    assert preview_file(path).columns == ("x1", "x2", "x3", "y")


def test_import_then_train_a_few_steps(good_csv):
    data = import_file(good_csv)
    catalogue = DataCatalogue(data)
    config = TrainConfig(
        dataset=CUSTOM, samples=data.train_rows, batch_size=8, epochs=2, lr=0.1, model="softmax"
    )
    assert catalogue.task(catalogue.validate(config)) == "classification"
    assert catalogue.val_samples(config) == data.val_rows
    assert catalogue.parameter_shapes(config) == {"W": (2, 3), "b": (2,)}
    result = train(config, dataset=catalogue.dataset_for_run(config))
    assert result.status == "completed" and result.history.size == 2 * 6
    assert result.history.epochs[-1].val_accuracy is not None


def test_custom_needs_data_and_its_row_count(good_csv):
    catalogue = DataCatalogue()
    problems = {e.field: e.message for e in catalogue.errors(TrainConfig(dataset=CUSTOM, samples=48))}
    assert "none is loaded" in problems["dataset"]
    catalogue.set_imported(import_file(good_csv))
    problems = {e.field: e.message for e in catalogue.errors(TrainConfig(dataset=CUSTOM, samples=40))}
    assert "must be 48, the training rows of the imported data" in problems["samples"]
    config = TrainConfig(dataset=CUSTOM, samples=48, model="linear")
    problems = {e.field: e.message for e in catalogue.errors(config)}
    assert "classification" in problems["model"]
    TrainConfig().validate()  # the built-in data keep working


# -- bad files: a message naming what and where ----------------------------------------------------
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "the file is empty"),
        ("\n  \n\n", "empty (only blank lines)"),
        ("a,b,c,label\n", "no data rows below the header (row 1)"),
        ("a,b,label\n1,2,cat\n3,4\n5,6,dog\n", "row 3 has 2 columns, but the header (row 1) has 3"),
        ("a,b,label\n1,2,cat\n3,oops,dog\n", "row 3, column 2 ('b'): 'oops' is not a number"),
        ("a,b,label\n1,2,cat\n3,inf,dog\n", "row 3, column 2 ('b'): 'inf' is an infinite value"),
        ("a,b,label\n1,2,cat\n3,1e999,dog\n", "row 3, column 2 ('b'): '1e999' is an infinite value"),
        ("a,b,y\n1,2,3\n3,4,inf\n", "row 3, target 'y': 'inf' is NaN or infinite"),
        ("values\n1\n2\n3\n", "one column only"),
        ("1,2,3\n4,5,6\n", "2 data rows leave 1 for training"),
        ("a,b\n" + "1,cat\n" * 30, "one class only: every row's target 'b' is 'cat'"),
        ("a,b\n" + "".join(f"{i * 7 % 13},{i * 0.37}\n" for i in range(300)), None),
    ],
)
def test_bad_csv(tmp_path, content, expected):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    if expected is None:  # a control: the same shape of file, good
        assert import_file(path).train_rows == 240
        return
    assert expected in message(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("a,b,label\n1,2,cat\n\n3,,dog\n", "row 4, column 2 ('b'): empty cell"),
        ("a,b,label\n1,2,cat\n3,nan,dog\n", "row 3, column 2 ('b'): 'nan' is NaN"),
        ("a,b,label\n1,2,cat\n3,NA,dog\n", "row 3, column 2 ('b'): 'NA' is a missing value"),
        ("a,b,label\n1,2,cat\n3,?,dog\n", "row 3, column 2 ('b'): '?' is a missing value"),
    ],
)
def test_missing_values_refused_with_missing_error(tmp_path, content, expected):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    assert expected in message(path, missing="error")


def test_text_in_a_target_imported_as_regression(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("a,y\n" + "".join(f"{i},{i}\n" for i in range(20)) + "7,seven\n")
    assert "row 22, target 'y': 'seven' is not a number; regression needs numbers" in message(
        path, task="regression"
    )


def test_too_many_classes(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("a,y\n" + "".join(f"{i},label{i}\n" for i in range(150)))
    assert "150 different values, too many classes" in message(path)


@pytest.mark.parametrize(
    "blob",
    [
        bytes(range(256)) * 8,
        pickle.dumps({"x": [1, 2, 3]}),
        b"\x89PNG\r\n\x1a\n" + bytes(500),
        zipfile.ZipFile.__name__.encode() + b"\xff\xfe\xfa\x01\x02" * 100,
    ],
)
def test_binary_junk(tmp_path, blob):
    path = tmp_path / "junk.csv"
    path.write_bytes(blob)
    assert "not a text table: the file holds binary data" in message(path)


def test_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_text("a,b,label\n" + "1,2,cat\n3,4,dog\n" * 20)
    read = []
    monkeypatch.setattr(type(path), "read_bytes", lambda self: read.append(self) or b"")
    monkeypatch.setattr(tables, "MAX_FILE_BYTES", 100)
    text = message(path)
    assert "larger than the 0 MB that SGD Lab reads into memory; about 11 of its rows would fit" in text
    assert read == []  # refused from its size alone


def test_too_many_values(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_VALUES", 30)
    path = tmp_path / "wide.csv"
    path.write_text("a,b,label\n" + "1,2,cat\n3,4,dog\n" * 20)
    assert "the table has 40 rows × 3 columns = 120 values, more than the 30" in message(path)
    assert "10 rows would fit: keep a sample of that many rows (for example with shuf -n 10)" in message(path)


def test_missing_file_and_folder(tmp_path):
    assert "does not exist" in message(tmp_path / "nope.csv")
    assert "is a folder" in message(tmp_path)


# -- bad .npz files --------------------------------------------------------------------------------
def test_npz_with_a_pickled_object_array_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "evil.npz"
    np.savez(path, x=np.zeros((20, 2)), y=np.array([object()] * 20, dtype=object))
    loaded = []
    monkeypatch.setattr(pickle, "loads", lambda *a, **k: loaded.append(a))
    assert "y holds Python objects (a pickle, never loaded)" in message(path)
    assert loaded == []


@pytest.mark.parametrize(
    ("arrays", "expected"),
    [
        ({"x": np.zeros((20, 2))}, "y missing"),
        ({"a": np.zeros((20, 2)), "b": np.zeros(20)}, "x and y missing"),
        ({"x": np.zeros(20), "y": np.zeros(20)}, "x must be 2-D"),
        ({"x": np.zeros((20, 2)), "y": np.zeros((20, 1))}, "y must be 1-D"),
        ({"x": np.zeros((20, 2)), "y": np.zeros(19)}, "x has 20 rows but y has 19"),
        ({"x": np.array([["a", "b"]] * 20), "y": np.zeros(20)}, "x must hold numbers"),
        ({"x": np.zeros((20, 2), dtype=complex), "y": np.zeros(20)}, "complex"),
        (
            {"x": np.where(np.eye(20, 2) > 0, np.nan, 1.0), "y": np.arange(20.0)},
            "x: row 1, column 1 ('x1') is NaN",
        ),
        ({"x": np.zeros((20, 2)), "y": np.ones(20)}, "one class only"),
    ],
)
def test_bad_npz(tmp_path, arrays, expected):
    path = tmp_path / "bad.npz"
    np.savez(path, **arrays)
    assert expected in message(path)


def test_npz_that_is_not_a_zip_or_is_truncated(tmp_path):
    path = tmp_path / "bad.npz"
    path.write_bytes(b"hello, not a zip")
    assert "not a valid zip archive" in message(path)
    good = io.BytesIO()
    np.savez(good, x=np.zeros((20, 2)), y=np.arange(20) % 2)
    path.write_bytes(good.getvalue()[: len(good.getvalue()) // 2])
    assert "the .npz file is truncated" in message(path)


def test_npz_zip_bomb_is_refused_before_unpacking(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_NPZ_BYTES", 1_000_000)
    path = tmp_path / "bomb.npz"
    big = np.zeros((2_000, 1_000))  # 16 MB of zeros: a few KB compressed
    np.savez_compressed(path, x=big, y=np.arange(2_000) % 2)
    assert path.stat().st_size < 100_000
    assert "would unpack to more than" in message(path)


def test_a_bad_file_leaves_the_imported_data_as_it_was(tmp_path, good_csv):
    catalogue = DataCatalogue(import_file(good_csv))
    data = catalogue.imported
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,x\n")
    with pytest.raises(DataImportError):
        catalogue.set_imported(import_file(bad))
    assert catalogue.imported is data


def test_wide_rows_longer_than_the_sample(tmp_path):
    n_features = 9_000  # a row of about 90 KB: longer than the part read to detect the format
    rng = np.random.default_rng(0)
    x = rng.normal(size=(12, n_features)).round(5)
    lines = [",".join(f"f{j}" for j in range(n_features)) + ",y"]
    lines += [",".join(map(str, row)) + f",{i % 2}" for i, row in enumerate(x)]
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(lines))
    data = import_file(path, ImportOptions(val_fraction=0.1, standardize=False))
    assert data.features == n_features and data.train_rows == 11
    path.write_text("1," * 3_000_000)
    assert "row 1 is longer than 4,194,304 bytes" in message(path)


def test_a_value_past_32_bit_floats_is_refused_without_a_warning(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text("a,b,y\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(30)) + "3,1e300,1\n")
    with pytest.raises(DataImportError, match="too large for 32-bit floats"):
        import_file(path, ImportOptions(standardize=False))
