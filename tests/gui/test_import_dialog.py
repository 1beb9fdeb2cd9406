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


def test_the_preview_numbers_rows_as_the_message_does_and_marks_the_bad_cell(make_window, tmp_path):
    w = make_window(SMALL)
    dialog = w.files.import_data()
    dialog.set_path(write_mixed(tmp_path / "m.csv"))
    header = dialog.table.verticalHeaderItem
    # the header is the file's row 1: the first data row is row 2, as a spreadsheet numbers it
    assert [header(i).text() for i in range(5)] == ["2", "3", "4", "5", "6"]
    dialog.missing.setCurrentIndex(dialog.missing.findData("error"))
    dialog.accept()
    assert "row 5, column 3 ('a')" in dialog.message.text()
    i = [header(r).text() for r in range(dialog.table.rowCount())].index("5")
    bad = dialog.table.item(i, 2)
    assert bad.text() == "NA" and bad.background().color() == data_import.BAD_CELL_COLOUR
    assert not bad.isSelected()  # the selection's colour would hide the mark
    others = [dialog.table.item(r, c) for r in range(5) for c in range(5) if (r, c) != (i, 2)]
    assert all(item.background().color() != data_import.BAD_CELL_COLOUR for item in others)
    # the mark goes with the message
    dialog.missing.setCurrentIndex(dialog.missing.findData("drop"))
    dialog.show_message("")
    assert bad.background().color() != data_import.BAD_CELL_COLOUR


def test_return_in_the_path_field_loads_the_path_typed(make_window, qtbot, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(data_import.QFileDialog, "getOpenFileName", lambda *a: opened.append(a) or ("", ""))
    w = make_window(SMALL)
    dialog = w.files.import_data()
    path = write_mixed(tmp_path / "m.csv")
    dialog.path.setFocus()
    qtbot.keyClicks(dialog.path, str(path))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    assert opened == []  # no file browser
    assert dialog.preview is not None and dialog.table.rowCount() == len(dialog.preview.rows) > 0
    assert dialog.isVisible() and w.session.catalogue.imported is None  # loaded, not yet imported
    qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)  # the button still browses
    assert len(opened) == 1 and opened[0][2] == str(tmp_path)  # from the folder typed
    dialog.reject()


def test_return_in_a_field_imports_and_never_cancels(make_window, qtbot, tmp_path):
    w = make_window(SMALL)
    dialog = w.files.import_data()
    dialog.set_path(write_mixed(tmp_path / "m.csv"))
    assert dialog.ok_button.isDefault() and not dialog.cancel_button.isDefault()
    dialog.seed.setFocus()
    with qtbot.waitSignal(dialog.imported, timeout=5_000):
        qtbot.keyClick(dialog.seed, Qt.Key.Key_Return)
    assert w.session.catalogue.imported is not None and not dialog.isVisible()
