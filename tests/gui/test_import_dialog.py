"""The import dialog on real tables (issue 18): each column's role, a click on a column's title, the
missing-value choice, a small table's batch, and a larger file imported on the job thread with a
progress bar and Cancel (pytest-qt, offscreen)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

from core.io.importer import Cancelled
from gui.panels import data_import
from tests.gui.conftest import SMALL
from tests.tables import write_mixed


def test_roles_a_click_on_a_title_and_a_small_tables_batch(make_window, qtbot, tmp_path):
    w = make_window(SMALL)
    assert w.controls.batch.value() > 31
    dialog = w.files.import_data()
    dialog.set_path(write_mixed(tmp_path / "m.csv"))
    titles = [dialog.table.horizontalHeaderItem(j).text() for j in range(5)]
    assert titles == [
        "id\nleft out: an ID",
        "colour\none-hot, 2 values",
        "a\nfeature",
        "b\nfeature",
        "y\ntarget",
    ]
    assert dialog.roles_label.text().startswith("Left out: id (an ID")
    dialog.toggle_column(1)  # leave colour out
    assert dialog.table.horizontalHeaderItem(1).text() == "colour\nleft out"
    assert dialog.options().ignore == (2,)
    dialog.toggle_column(0)  # use the ID after all
    assert dialog.options().features == (1, 3, 4) and dialog.options().ignore == ()
    dialog.toggle_column(0)
    dialog.missing.setCurrentIndex(dialog.missing.findData("error"))
    dialog.accept()
    assert dialog.isVisible() and "row 5, column 3 ('a'): 'NA' is a missing value" in dialog.message.text()
    dialog.missing.setCurrentIndex(dialog.missing.findData("drop"))
    with qtbot.waitSignal(dialog.imported, timeout=5_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    data = w.session.catalogue.imported
    assert data.feature_names == ("a", "b") and data.train_rows == 31
    assert w.controls.batch.value() == 31 and w.session.draft.batch_size == 31
    assert "31 / 31" in w.controls.arithmetic.text()  # the arithmetic shows the reduced batch


def test_a_larger_file_imports_on_the_job_thread_and_can_be_cancelled(
    make_window, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setattr(data_import, "SYNC_BYTES", 100)
    w = make_window(SMALL)
    dialog = w.files.import_data()
    path = write_mixed(tmp_path / "m.csv", n=400)
    dialog.set_path(path)
    shares = []
    dialog.progress.valueChanged.connect(shares.append)
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.accept()
        assert dialog.busy and dialog.progress.isVisible() and not dialog.ok_button.isEnabled()
    assert shares and shares[-1] == 100 and w.session.catalogue.imported.train_rows == 319

    def slow_import(path, options, progress, stop):  # an import that runs until it is told to stop
        while not stop():
            time.sleep(0.01)
        raise Cancelled

    monkeypatch.setattr(data_import, "import_file", slow_import)
    dialog = w.files.import_data()
    dialog.set_path(path)
    dialog.accept()
    assert dialog.busy
    dialog.reject()  # Cancel while importing: the import stops, the dialog stays
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.isVisible() and "the import was cancelled" in dialog.message.text()
    assert not dialog.progress.isVisible() and dialog.ok_button.isEnabled()
    dialog.reject()
    assert not dialog.isVisible()
