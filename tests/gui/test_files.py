"""The File menu in the window: importing data, workspaces, configs and exports (pytest-qt, offscreen)."""

from __future__ import annotations

import errno
import io
import json
import os
import zipfile

import numpy as np
import pytest
from PySide6.QtCore import Qt

from core.io.workspace import load_workspace
from core.training.config import CUSTOM, TrainConfig
from gui.files import plot_bytes
from tests.gui.conftest import SMALL

TIMEOUT = 60_000


def write_table(path, n=200, bad_row: int | None = None):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 3))
    label = np.where(x[:, 0] + x[:, 2] > 0, "north", "south")
    rows = [f"{a:.5f},{b:.5f},{c:.5f},{d}" for (a, b, c), d in zip(x, label, strict=True)]
    if bad_row is not None:
        rows[bad_row - 2] = "1.0,two,3.0,north"
    path.write_text("alpha,beta,gamma,side\n" + "\n".join(rows) + "\n")
    return path


def run_to_end(qtbot, window):
    with qtbot.waitSignal(window.run_finished, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_import_dialog_with_a_good_file_switches_the_data(make_window, qtbot, tmp_path):
    w = make_window(SMALL)
    dialog = w.files.import_data()
    dialog.set_path(write_table(tmp_path / "compass.csv"))
    assert dialog.table.rowCount() == 10 and dialog.table.columnCount() == 4
    assert dialog.table.horizontalHeaderItem(3).text() == "side\ntarget"
    assert dialog.target.currentIndex() == 3 and "4 columns separated by commas" in dialog.summary.text()
    dialog.val_fraction.setValue(0.25)
    dialog.grab().save(str(tmp_path / "import.png"))
    with qtbot.waitSignal(dialog.imported, timeout=5_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    data = w.session.catalogue.imported
    assert data is not None and data.train_rows == 150 and data.classes == ("north", "south")
    c = w.controls
    assert c.dataset.currentData() == CUSTOM and c.dataset.currentText() == "compass — imported, 150 rows"
    assert c.samples.value() == 150 and not c.samples.isEnabled()
    assert c.config().dataset == CUSTOM and not c.errors()
    result = run_to_end(qtbot, w)
    assert result.status == "completed" and result.history.size == 2 * 3  # ⌈150 / 64⌉ = 3
    assert result.history.epochs[-1].val_accuracy is not None
    # the built-in data are still there
    c.dataset.setCurrentIndex(c.dataset.findData("moons"))
    assert c.samples.isEnabled() and c.samples.value() == 2000 and not c.errors()


def test_import_dialog_with_a_bad_file_says_where_and_changes_nothing(make_window, qtbot, tmp_path):
    w = make_window(SMALL)
    before = w.controls.config()
    dialog = w.files.import_data()
    dialog.set_path(write_table(tmp_path / "bad.csv", bad_row=57))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.message.isVisible()
    assert "row 57, column 2 ('beta'): 'two' is not a number" in dialog.message.text()
    dialog.grab().save(str(tmp_path / "import-bad.png"))
    assert w.session.catalogue.imported is None and w.controls.config() == before
    assert w.controls.dataset.findData(CUSTOM) == -1
    dialog.set_path(tmp_path / "missing.csv")
    assert "does not exist" in dialog.message.text() and not dialog.ok_button.isEnabled()
    (tmp_path / "junk.csv").write_bytes(bytes(range(256)))
    dialog.set_path(tmp_path / "junk.csv")
    assert "binary data" in dialog.message.text()
    dialog.reject()


def test_save_and_open_a_workspace(make_window, qtbot, tmp_path):
    w = make_window(SMALL)
    dialog = w.files.import_data()
    dialog.set_path(write_table(tmp_path / "compass.csv"))
    dialog.accept()
    w.controls.lr.setValue(0.2)
    run_to_end(qtbot, w)
    w.controls.dataset.setCurrentIndex(w.controls.dataset.findData("moons"))
    run_to_end(qtbot, w)
    assert [r.run_id for r in w.run_records] == [1, 2]
    path = tmp_path / "lesson.sgdlab"
    w.files.ask_save_path = lambda *_a: str(tmp_path / "lesson")  # the suffix is added
    assert w.files.save_workspace()
    saved = load_workspace(path)
    assert [r.name for r in saved.runs] == [r.name for r in w.run_records]
    assert saved.config == w.controls.config() and saved.data.train_rows == 160

    other = make_window()
    with qtbot.waitSignal(other.runs_changed, timeout=1_000):
        assert other.files.open_workspace_from(path)
    assert other.controls.config() == w.controls.config()
    assert [(r.run_id, r.name) for r in other.run_records] == [(r.run_id, r.name) for r in w.run_records]
    for a, b in zip(other.run_records, w.run_records, strict=True):
        np.testing.assert_array_equal(a.result.history.loss, b.result.history.loss)
        assert a.result.history.epochs == b.result.history.epochs
    assert other.loss_plot.count == w.run_records[-1].result.history.size  # the last run is drawn
    assert "Epoch 2/2" in other.counter.label.text()
    assert other.controls.dataset.findData(CUSTOM) >= 0
    other.controls.dataset.setCurrentIndex(other.controls.dataset.findData(CUSTOM))
    assert not other.controls.errors() and other.controls.samples.value() == 160


def newer(path) -> bytes:
    """The workspace at ``path`` as a newer SGD Lab (format 9) would write it."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            content = src.read(name)
            if name == "workspace.json":
                content = json.dumps(json.loads(content) | {"version": 9}).encode()
            dst.writestr(name, content)
    return out.getvalue()


def test_a_corrupt_workspace_is_refused_and_the_open_one_kept(make_window, qtbot, tmp_path):
    w = make_window(SMALL)
    run_to_end(qtbot, w)
    records, config = list(w.run_records), w.controls.config()
    good = tmp_path / "good.sgdlab"
    assert w.files.save_workspace_to(good)
    raw = good.read_bytes()
    cases = {
        "cut.sgdlab": raw[: len(raw) // 2],
        "text.sgdlab": b"hello",
        "newer.sgdlab": newer(good),
    }
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        with qtbot.assertNotEmitted(w.runs_changed):
            assert not w.files.open_workspace_from(tmp_path / name)
        assert w.files.message_box.isVisible()
        assert name in w.files.message_box.text() and "Nothing was changed" in w.files.message_box.text()
        assert w.run_records == records and w.controls.config() == config
    assert "made by a newer SGD Lab (format 9)" in w.files.message_box.text()


def test_failed_saves_leave_the_previous_file(make_window, qtbot, tmp_path, monkeypatch):
    w = make_window(SMALL)
    run_to_end(qtbot, w)
    path = tmp_path / "lesson.sgdlab"
    assert w.files.save_workspace_to(path)
    before = path.read_bytes()
    run_to_end(qtbot, w)

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    assert not w.files.save_workspace_to(path)
    assert "No space left on device" in w.files.message_box.text()
    assert not w.files.export_history_to(w.session.last_result, tmp_path / "run.csv")
    monkeypatch.undo()
    assert path.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["lesson.sgdlab"]
    assert len(load_workspace(path).runs) == 1
    assert not w.files.save_workspace_to(tmp_path / "no-such-folder" / "x.sgdlab")
    assert "No such file or directory" in w.files.message_box.text()


def test_exports_write_csv_json_png_and_svg(make_window, qtbot, tmp_path):
    w = make_window(SMALL)
    result = run_to_end(qtbot, w)
    answers = iter([str(tmp_path / "run.csv"), str(tmp_path / "run.json")])
    w.files.ask_save_path = lambda *_a: next(answers)
    assert w.files.export_history() and w.files.export_history()
    rows = (tmp_path / "run.csv").read_text().splitlines()
    assert rows[0].startswith("step,epoch,iteration,batch_size,loss") and len(rows) == 1 + result.history.size
    d = json.loads((tmp_path / "run.json").read_text())
    assert d["step_loss"] == result.history.loss.tolist() and d["steps_per_epoch"] == 32

    names = [name for name, _ in w.files.plots()]
    assert names[:3] == ["Mini-batch loss", "Loss per epoch", "Validation accuracy"]
    for i, suffix in enumerate((".png", ".svg")):
        w.files.choose = lambda *_a, i=i: i
        w.files.ask_save_path = lambda *_a, s=suffix: str(tmp_path / f"plot{s}")
        assert w.files.export_plot()
    png = (tmp_path / "plot.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 2_000
    svg = (tmp_path / "plot.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and "</svg>" in svg
    no_temporary_files = ["plot.png", "plot.svg", "run.csv", "run.json"]
    assert sorted(os.listdir(tmp_path)) == no_temporary_files
    # every plot of the window exports both ways (Qt's closed paths included in the SVG)
    assert "Loss landscape" in names
    for name, plot in w.files.plots():
        assert plot_bytes(plot, ".svg").rstrip().endswith(b"</svg>"), name
        assert plot_bytes(plot, ".png").startswith(b"\x89PNG"), name


def test_export_without_a_run_says_so(make_window):
    w = make_window()
    assert not w.files.export_history()
    assert "no run to export" in w.files.message_box.text()


def test_save_and_open_a_config(make_window, tmp_path):
    w = make_window(SMALL)
    w.controls.momentum.setValue(0.5)
    path = tmp_path / "c.json"
    assert w.files.save_config_to(path)
    assert TrainConfig.load(path) == w.controls.config()  # what --config reads
    other = make_window()
    assert other.files.open_config_from(path) and other.controls.config() == w.controls.config()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"epochs": "five"}', "epochs: must be a whole number"),
        ("{not json", "is not valid JSON"),
        ('{"dataset": "custom", "samples": 100}', "none is loaded"),
        ('{"colour": "red"}', "colour: is not a known option"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("\x00\x01binary", "is not valid JSON"),
    ],
)
def test_a_bad_config_is_refused(make_window, tmp_path, content, expected):
    w = make_window(SMALL)
    before = w.controls.config()
    path = tmp_path / "c.json"
    path.write_text(content)
    assert not w.files.open_config_from(path)
    assert expected in w.files.message_box.text() and w.controls.config() == before


def test_invalid_settings_are_not_saved_as_a_config(make_window, tmp_path):
    w = make_window(SMALL)
    w.controls.batch.setValue(5000)
    assert not w.files.save_config_to(tmp_path / "c.json")
    assert "batch_size" in w.files.message_box.text() and not (tmp_path / "c.json").exists()


def test_window_opened_with_data_from_the_command_line(make_window, tmp_path):
    from core.cli import parse_args, session_from_args

    session = session_from_args(
        parse_args(["--data", str(write_table(tmp_path / "t.csv")), "--batch-size", "32"])
    )
    config = session.draft
    w = make_window(session=session)
    assert w.controls.dataset.currentText() == "t — imported, 160 rows"
    # what the user set on the command line, and what followed from the file
    assert {"batch_size", "dataset", "samples"} <= w.session.user_set and "lr" not in w.session.user_set
    assert w.controls.config() == config and not w.controls.errors() and not w.controls.samples.isEnabled()
    assert "⌈160 / 32⌉ = <b>5</b> iterations per epoch" in w.controls.arithmetic.text()


def test_the_window_names_workspace_files_as_core_does():
    import core.io.workspace
    import gui.files

    assert gui.files.SUFFIX == core.io.workspace.SUFFIX


def test_file_dialogs_open_in_the_documents_folder_then_the_last_one_used(make_window, tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    from gui.settings import Preferences

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    home = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.HomeLocation)
    first = documents if os.path.isdir(documents) else home
    asked = []
    answer = {"save": str(tmp_path / "lesson.json"), "open": ""}
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: asked.append(a[2]) or (answer["save"], ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: asked.append(a[2]) or (answer["open"], ""))
    w = make_window(SMALL)
    w.preferences = Preferences(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat))
    assert w.files.save_config()
    assert asked[-1] == os.path.join(first, "config.json")  # not the folder the app runs in
    assert asked[-1] != os.path.join(os.getcwd(), "config.json")
    assert (tmp_path / "lesson.json").exists()
    assert not w.files.open_config()  # cancelled: "" chosen, the folder stays
    assert asked[-1] == str(tmp_path)
    answer["save"] = str(tmp_path / "ws.sgdlab")
    assert w.files.save_workspace()
    assert asked[-1] == str(tmp_path / "workspace.sgdlab")
    # remembered between launches: a new window with the same settings starts there
    w2 = make_window(SMALL)
    w2.preferences = Preferences(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat))
    answer["save"] = ""
    assert not w2.files.save_config()
    assert asked[-1] == str(tmp_path / "config.json")
    # the import dialog's Browse… follows the same folder
    dialog = w2.files.import_data()
    dialog.browse.click()
    assert asked[-1] == str(tmp_path)
    dialog.reject()
