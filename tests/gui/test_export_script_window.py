"""File → Export PyTorch script… in the window: the draft's settings as a script that, run in its own
process, takes the window's run's steps; existing files are replaced only when the learner agrees."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
from PySide6.QtCore import Qt

from tests.gui.conftest import SMALL

TIMEOUT = 60_000


def run_to_end(qtbot, window):
    with qtbot.waitSignal(window.run_finished, timeout=TIMEOUT) as blocker:
        qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_the_exported_script_takes_the_windows_steps(make_window, qtbot, tmp_path):
    w = make_window(SMALL.replace(samples=500, lr=0.1, nesterov=True, lr_schedule="cosine"))
    file_menu = w.menuBar().actions()[0].menu()
    assert w.files.export_script_action in file_menu.actions()
    assert w.files.export_script_action.text() == "Export PyTorch scrip&t…"
    result = run_to_end(qtbot, w)
    assert result.status == "completed"
    w.files.ask_save_path = lambda *_a: str(tmp_path / "lesson")  # the suffix is added
    w.files.export_script_action.trigger()
    script = tmp_path / "lesson.py"
    assert script.is_file() and sorted(p.name for p in tmp_path.iterdir()) == ["lesson.py"]
    assert w.status_label.text() == "Exported the PyTorch script to lesson.py"

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    p = subprocess.run(
        [sys.executable, "-I", str(script), "--out", "steps.json"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    steps = json.loads((tmp_path / "steps.json").read_text())["step_loss"]
    assert len(steps) == result.history.size == 2 * 8  # ⌈500 / 64⌉ = 8
    np.testing.assert_allclose(steps, result.history.loss, rtol=0, atol=1e-5)


def test_existing_files_are_replaced_only_when_the_learner_agrees(make_window, tmp_path):
    w = make_window(SMALL.replace(dataset="digits", samples=300))
    asked: list[list] = []
    answer = [False]

    def confirm(_title, paths):
        asked.append([p.name for p in paths])
        return answer[0]

    w.files.confirm_overwrite = confirm
    script, data = tmp_path / "run.py", tmp_path / "run.npz"
    data.write_bytes(b"mine")
    # the file dialog asked about run.py (which does not exist); the .npz beside it is asked here
    w.files.ask_save_path = lambda *_a: str(script)
    assert not w.files.export_script()
    assert asked == [["run.npz"]] and data.read_bytes() == b"mine" and not script.exists()
    answer[0] = True
    assert w.files.export_script()
    assert asked[-1] == ["run.npz"] and script.is_file()
    with np.load(data, allow_pickle=False) as f:
        assert f["x_train"].shape == (300, 64) and f["x_val"].shape == (360, 64)
    # both exist now: writing to them again without the dialog asks about both
    script.write_text("# mine\n")
    answer[0] = False
    assert not w.files.export_script_to(script)
    assert asked[-1] == ["run.npz", "run.py"] and script.read_text() == "# mine\n"


def test_invalid_settings_export_nothing(make_window, tmp_path):
    w = make_window(SMALL)
    w.controls.batch.setValue(SMALL.samples + 1)  # a batch larger than the training set
    assert w.session.errors()
    w.files.ask_save_path = lambda *_a: str(tmp_path / "run.py")
    assert not w.files.export_script()
    assert w.files.message_box is not None and "not valid" in w.files.message_box.text()
    assert not list(tmp_path.iterdir())
