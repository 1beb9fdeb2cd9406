"""File → Import with MNIST's files: the dialog describes the images, keeps the pixels unstandardised
and the file's split, imports them, and a refused file leaves the data loaded before in place."""

from __future__ import annotations

from core.training.config import CUSTOM
from tests.mnist_files import NAMES, arrays, idx_bytes, write_idx_folder


def test_an_mnist_folder_is_imported_and_a_bad_one_keeps_what_is_loaded(make_window, qtbot, tmp_path):
    w = make_window()
    good = write_idx_folder(tmp_path / "MNIST" / "raw", arrays(300, 60, 6, 5), gz=True)
    dialog = w.files.import_data()
    dialog.set_path(good / (NAMES["train_images"] + ".gz"))
    assert "300 training and 60 test images of 6×5 pixels" in dialog.summary.text()
    assert not dialog.standardize.isChecked() and not dialog.val_fraction.isEnabled()
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.busy and not dialog.isVisible(), timeout=20_000)
    loaded = w.session.catalogue.imported
    assert loaded.dataset.image_shape == (6, 5) and (loaded.train_rows, loaded.val_rows) == (300, 60)
    assert loaded.mean is None and w.session.draft.dataset == CUSTOM and w.session.draft.samples == 300

    parts = arrays(300, 60, 6, 5)
    bad = write_idx_folder(tmp_path / "bad", parts, train_labels=idx_bytes(parts["train_labels"][:299]))
    dialog = w.files.import_data()
    dialog.set_path(bad)
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    text = dialog.message.text()
    assert dialog.isVisible() and "holds 299 labels but train-images-idx3-ubyte holds 300 images" in text
    assert "\n" not in text
    assert w.session.catalogue.imported is loaded and w.session.draft.samples == 300
    dialog.reject()


def test_a_table_after_the_images_is_standardised_again(make_window, tmp_path):
    w = make_window()
    dialog = w.files.import_data()
    dialog.set_path(write_idx_folder(tmp_path / "m"))
    assert not dialog.standardize.isChecked()
    table = tmp_path / "t.csv"
    table.write_text("a,b,y\n" + "".join(f"{i},{i % 7},{i % 2}\n" for i in range(40)))
    dialog.set_path(table)
    assert dialog.standardize.isChecked() and dialog.val_fraction.isEnabled()
    dialog.reject()
