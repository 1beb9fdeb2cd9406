"""MNIST and Fashion-MNIST from disk: the four IDX files (plain, gzipped, a folder, torchvision's
MNIST/raw, one file naming its siblings) and Keras's mnist.npz, compared with an independent reading;
the file's test split as the validation set, images that keep their shape, and one-line refusals."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from core.io import tables
from core.io.importer import DataImportError, ImportOptions, import_file, preview_file
from core.io.workspace import MAX_ARRAY_BYTES, Workspace, load_workspace, save_workspace
from core.session.catalogue import DataCatalogue
from core.training.config import CUSTOM, TrainConfig
from tests.mnist_files import NAMES, arrays, idx_bytes, read_idx, write_idx_folder, write_keras_npz


def expected(folder, part: str) -> tuple[np.ndarray, np.ndarray]:
    """A part's pixels flattened row by row and scaled to [0, 1], and its labels, read by the test."""
    suffix = ".gz" if (folder / (NAMES[f"{part}_images"] + ".gz")).exists() else ""
    images = read_idx(folder / (NAMES[f"{part}_images"] + suffix))
    labels = read_idx(folder / (NAMES[f"{part}_labels"] + suffix))
    return images.reshape(len(images), -1).astype(np.float32) / np.float32(255), labels.astype(np.int64)


def check_mnist(data, folder) -> None:
    x_train, y_train = expected(folder, "train")
    x_test, y_test = expected(folder, "test")
    d = data.dataset
    assert np.array_equal(d.x_train.numpy(), x_train) and np.array_equal(d.y_train.numpy(), y_train)
    assert np.array_equal(d.x_val.numpy(), x_test) and np.array_equal(d.y_val.numpy(), y_test)
    assert d.image_shape == read_idx(next(folder.glob("train-images*"))).shape[1:]
    assert data.mean is None and float(d.x_train.min()) >= 0.0 and float(d.x_train.max()) <= 1.0
    assert data.classes == tuple(str(k) for k in range(10)) and d.num_classes == 10


@pytest.mark.parametrize("gz", [False, True])
def test_a_folder_of_the_four_idx_files_is_read_as_the_files_say(tmp_path, gz):
    folder = write_idx_folder(tmp_path / "mnist", gz=gz)
    data = import_file(folder)
    check_mnist(data, folder)
    assert (data.train_rows, data.val_rows) == (120, 30)  # the file's own split, not a random one
    assert data.data_source["split"] == "file" and data.data_source["image_shape"] == [5, 4]
    assert data.data_source["standardize"] is False
    assert data.name == "mnist"
    assert any(m.code == "import.file_split" for m in data.notes)


def test_one_of_the_files_names_its_siblings_and_torchvision_s_raw_folder_is_found(tmp_path):
    raw = write_idx_folder(tmp_path / "MNIST" / "raw", gz=True)
    for given in (raw / "t10k-labels-idx1-ubyte.gz", raw, tmp_path / "MNIST"):
        data = import_file(given)
        check_mnist(data, raw)
        assert data.name == "MNIST"


def test_kaggle_s_dotted_names_and_a_mix_of_gzipped_and_plain_files(tmp_path):
    parts = arrays()
    folder = tmp_path / "kaggle"
    folder.mkdir()
    (folder / "train-images.idx3-ubyte").write_bytes(idx_bytes(parts["train_images"]))
    (folder / "train-labels.idx1-ubyte").write_bytes(idx_bytes(parts["train_labels"]))
    (folder / "t10k-images-idx3-ubyte.gz").write_bytes(gzip.compress(idx_bytes(parts["test_images"])))
    (folder / "t10k-labels-idx1-ubyte").write_bytes(idx_bytes(parts["test_labels"]))
    d = import_file(folder).dataset
    assert np.array_equal(d.x_val.numpy() * 255, parts["test_images"].reshape(30, -1).astype(np.float32))
    assert np.array_equal(d.y_train.numpy(), parts["train_labels"])


def test_fashion_mnist_s_folder_names_its_classes(tmp_path):
    data = import_file(write_idx_folder(tmp_path / "FashionMNIST" / "raw"))
    assert data.classes[0] == "T-shirt/top" and data.classes[9] == "Ankle boot"


@pytest.mark.parametrize("compressed", [False, True])
def test_keras_mnist_npz_is_read_with_its_test_split(tmp_path, compressed):
    parts = arrays(train=80, test=20, height=6, width=6)
    path = write_keras_npz(tmp_path / "mnist.npz", parts, compressed=compressed)
    data = import_file(path)
    with np.load(path, allow_pickle=False) as f:  # the independent reading
        x_train, y_train, x_test, y_test = (f[k] for k in ("x_train", "y_train", "x_test", "y_test"))
    d = data.dataset
    assert np.array_equal(d.x_train.numpy(), x_train.reshape(80, 36).astype(np.float32) / np.float32(255))
    assert np.array_equal(d.x_val.numpy(), x_test.reshape(20, 36).astype(np.float32) / np.float32(255))
    assert np.array_equal(d.y_train.numpy(), y_train) and np.array_equal(d.y_val.numpy(), y_test)
    assert d.image_shape == (6, 6) and data.mean is None and data.name == "mnist"


def test_standardising_images_is_the_learner_s_choice(tmp_path):
    folder = write_idx_folder(tmp_path / "m")
    data = import_file(folder, ImportOptions(standardize=True))
    x = data.dataset.x_train.numpy().astype(np.float64)
    spread = x.std(0)
    assert np.allclose(x.mean(0), 0, atol=1e-5) and np.allclose(spread[spread > 0], 1, atol=1e-4)


def test_the_preview_reads_the_first_images_only(tmp_path):
    folder = write_idx_folder(tmp_path / "m", gz=True)
    preview = preview_file(folder)
    assert preview.image_shape == (5, 4) and preview.split == (120, 30)
    assert len(preview.rows) == 10 and len(preview.columns) == 21 and preview.columns[-1] == "label"
    assert preview.table.n == tables.SAMPLE_LINES  # not the whole file as a table


def test_the_limits_hold_mnist_and_a_saved_mnist_workspace_reopens(tmp_path):
    assert tables.MAX_VALUES >= 70_000 * (784 + 1)  # the table, pixels and label
    assert MAX_ARRAY_BYTES >= 4 * 70_000 * 784 + 8 * 70_000  # the workspace's float32 pixels and labels
    data = import_file(write_idx_folder(tmp_path / "m"))
    catalogue = DataCatalogue(data)
    config = catalogue.validate(TrainConfig(dataset=CUSTOM, samples=data.train_rows))
    save_workspace(Workspace(config, [], data), tmp_path / "w.sgdlab")
    back = load_workspace(tmp_path / "w.sgdlab").data
    assert back.dataset.image_shape == (5, 4) and back.data_source["split"] == "file"
    assert np.array_equal(back.dataset.x_val.numpy(), data.dataset.x_val.numpy())


# -- refusals: one line each, and nothing loaded ------------------------------------------------------
def refused(path) -> str:
    with pytest.raises(DataImportError) as err:
        import_file(path)
    text = str(err.value)
    assert "\n" not in text and text
    return text


def test_a_wrong_magic_number_is_refused(tmp_path):
    parts = arrays()
    bad = idx_bytes(parts["train_images"], magic=0x00000D03)  # 3-D, of floats: not MNIST's bytes
    assert "wrong magic number 0x00000D03" in refused(write_idx_folder(tmp_path / "a", train_images=bad))
    labels_as_images = idx_bytes(parts["train_images"])
    text = refused(write_idx_folder(tmp_path / "b", train_labels=labels_as_images))
    assert "train-labels-idx1-ubyte" in text and "0x00000801" in text


@pytest.mark.parametrize("gz", [False, True])
def test_a_header_whose_sizes_do_not_match_the_file_is_refused(tmp_path, gz):
    parts = arrays()
    longer = idx_bytes(parts["train_images"], dims=(121, 5, 4))  # one image more than the file holds
    text = refused(write_idx_folder(tmp_path / "a", gz=gz, train_images=longer))
    assert "121 × 5 × 4 (2,420 bytes of data) but the file holds 2,400 bytes of data" in text
    shorter = idx_bytes(parts["test_images"], dims=(29, 5, 4))
    text = refused(write_idx_folder(tmp_path / "b", gz=gz, test_images=shorter))
    holds = "more than 580 bytes" if gz else "600 bytes"  # a gzip is unpacked no further than 1 byte more
    assert (
        "t10k-images-idx3-ubyte" in text and f"(580 bytes of data) but the file holds {holds} of data" in text
    )


def test_a_header_of_huge_sizes_is_refused_before_anything_is_allocated(tmp_path):
    parts = arrays()
    huge = idx_bytes(parts["train_images"], dims=(2**31 - 1, 4096, 4096))
    assert "but the file holds 2,400 bytes" in refused(write_idx_folder(tmp_path / "a", train_images=huge))
    text = refused(write_idx_folder(tmp_path / "b", gz=True, train_images=huge))
    assert "more than the 192 MB SGD Lab reads" in text


def test_a_truncated_gzip_is_refused(tmp_path):
    folder = write_idx_folder(tmp_path / "a", gz=True)
    path = folder / "train-images-idx3-ubyte.gz"
    whole = path.read_bytes()
    for cut in (len(whole) - 4, len(whole) // 2, 12):  # the trailer, half the data, inside the header
        path.write_bytes(whole[:cut])
        assert "train-images-idx3-ubyte.gz: the gzip file is cut short" in refused(folder)


def test_labels_whose_count_differs_from_the_images_are_refused(tmp_path):
    parts = arrays()
    fewer = idx_bytes(parts["train_labels"][:-1])
    text = refused(write_idx_folder(tmp_path / "a", train_labels=fewer))
    assert text == "train-labels-idx1-ubyte holds 119 labels but train-images-idx3-ubyte holds 120 images"
    keras = arrays()
    keras["test_labels"] = keras["test_labels"][:-3]
    assert "y_test holds 27 labels but x_test holds 30 images" in refused(
        write_keras_npz(tmp_path / "k.npz", keras)
    )


def test_labels_out_of_range_are_refused(tmp_path):
    parts = arrays()
    parts["test_labels"] = parts["test_labels"].copy()
    parts["test_labels"][7] = 10
    text = refused(write_idx_folder(tmp_path / "a", parts))
    assert text.startswith("t10k-labels-idx1-ubyte: label 10 of item 8 is out of range")
    assert "0 to 9" in text
    keras = arrays()
    keras["train_labels"] = keras["train_labels"].astype(np.int64) - 1
    assert "y_train: label -1 of item 1 is out of range" in refused(
        write_keras_npz(tmp_path / "k.npz", keras)
    )


def test_a_missing_file_and_mismatched_image_sizes_are_refused(tmp_path):
    folder = write_idx_folder(tmp_path / "a")
    (folder / NAMES["test_labels"]).unlink()
    assert "does not hold t10k-labels-idx1-ubyte" in refused(folder)
    assert "does not hold t10k-labels-idx1-ubyte" in refused(folder / NAMES["train_images"])
    assert refused(folder / NAMES["test_labels"]).endswith("t10k-labels-idx1-ubyte does not exist")
    parts = arrays()
    parts["test_images"] = np.zeros((30, 4, 5), dtype=np.uint8)
    assert "holds 5×4 images but t10k-images-idx3-ubyte holds 4×5" in refused(
        write_idx_folder(tmp_path / "b", parts)
    )


def test_keras_layout_refusals(tmp_path):
    parts = arrays()
    path = tmp_path / "k.npz"
    np.savez(path, x_train=parts["train_images"], y_train=parts["train_labels"])
    assert "lacks x_test, y_test" in refused(path)
    write_keras_npz(path, {**parts, "train_images": parts["train_images"].astype(np.float32)})
    assert "x_train must hold pixels as bytes (uint8)" in refused(path)


def test_a_refused_file_leaves_the_data_loaded_before(tmp_path):
    good = import_file(write_idx_folder(tmp_path / "good"))
    catalogue = DataCatalogue(good)
    bad = write_idx_folder(tmp_path / "bad", train_images=b"\x00\x00\x08\x03" + b"\x00" * 8)
    with pytest.raises(DataImportError):
        catalogue.set_imported(import_file(bad))
    assert catalogue.imported is good
