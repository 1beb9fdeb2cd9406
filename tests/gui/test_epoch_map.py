"""The epoch map (gui/panels/epoch_map.py) through the window's real runs: its cells against an outside
reference, PyTorch's own samplers. ``RandomSampler(range(n), generator=Generator().manual_seed(seed))``
iterated once per epoch draws ``torch.randperm(n)`` from the generator, as the engine's shuffle does, and
``BatchSampler(..., batch_size, drop_last)`` cuts it into the epoch's mini-batches as a DataLoader would."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QTextDocument

from core.training.config import TrainConfig
from core.training.data import load_dataset
from gui import theme
from gui.panels.epoch_map import BATCH, MAP_COLOURS, PAD, SEEN, SKIPPED, UNSEEN, grid_shape
from tests.samplers import reference_batches

TIMEOUT = 60_000
# 300 samples in batches of 64: four full batches and a last one of 44.
SHUFFLED = TrainConfig(dataset="mnist-like", samples=300, batch_size=64, epochs=2, lr=0.05, seed=7)


def step_through(qtbot, w, steps: int) -> list[tuple[int, int, np.ndarray]]:
    """Press Step ``steps`` times (a run starts paused after its first step); after each step, the
    chunk's epoch and iteration and a copy of the map's cells as the map drew them."""
    seen: list[tuple[int, int, np.ndarray]] = []
    w.signals.chunk.connect(lambda c: len(c.loss) and seen.append((c.epoch, c.iteration, _drawn(w))))
    for k in range(steps):
        qtbot.mouseClick(w.step_button, Qt.MouseButton.LeftButton)
        # paused after the step, or (the run's last step) finished
        qtbot.waitUntil(lambda k=k: len(seen) > k and w.state in ("paused", "idle"), timeout=TIMEOUT)
    return seen


def _drawn(w) -> np.ndarray:
    """The cells as the image item holds them (what is drawn), flat, the padding cut off."""
    m = w.epoch_map
    return np.array(m.image.image).ravel()[: m.state.n]


def stop(qtbot, w) -> None:
    if w.state != "idle":
        with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT):
            qtbot.mouseClick(w.stop_button, Qt.MouseButton.LeftButton)


def key_words(m) -> str:
    """The key line as it reads (its rich text as plain words)."""
    doc = QTextDocument()
    doc.setHtml(m.key.text())
    return doc.toPlainText().replace("\xa0", " ")


def cells(drawn: np.ndarray, *states: int) -> set[int]:
    return set(np.flatnonzero(np.isin(drawn, states)).tolist())


def test_the_lit_cells_are_the_samples_the_engine_used_this_epoch(make_window, qtbot):
    """Shuffled, two epochs of 300 samples in batches of 64: after every step the lit cells are the
    epoch's batches so far, the highlighted ones that step's batch (44 at the epoch's end), and the
    second epoch starts from an empty map."""
    w = make_window(SHUFFLED)
    reference = reference_batches(SHUFFLED)
    assert [len(b) for b in reference[0]] == [64, 64, 64, 64, 44]
    assert reference[0] != reference[1]  # each epoch its own permutation
    drawn = step_through(qtbot, w, 10)
    for epoch, iteration, image in drawn:
        batches = reference[epoch - 1]
        used = {i for b in batches[:iteration] for i in b}
        assert cells(image, SEEN, BATCH) == used, (epoch, iteration)
        assert cells(image, BATCH) == set(batches[iteration - 1])
        assert cells(image, UNSEEN) == set(range(300)) - used
    assert [(e, i, len(cells(d, BATCH))) for e, i, d in drawn] == [
        (1, 1, 64), (1, 2, 64), (1, 3, 64), (1, 4, 64), (1, 5, 44),
        (2, 1, 64), (2, 2, 64), (2, 3, 64), (2, 4, 64), (2, 5, 44),
    ]  # fmt: skip
    m = w.epoch_map
    assert m.line.text() == "300 of 300 samples seen · batch 5 of 5 · this batch: 44 samples"
    assert key_words(m) == "■ not yet this epoch   ■ used this epoch   ■ current mini-batch"
    # A finished run keeps its last state until the views are cleared.
    last = _drawn(w).copy()
    stop(qtbot, w)
    assert np.array_equal(_drawn(w), last)
    w.reset()
    assert set(_drawn(w).tolist()) == {UNSEEN} and m.line.text().startswith("0 of 300 samples seen")


def test_without_shuffling_the_map_fills_in_order(make_window, qtbot):
    config = SHUFFLED.replace(shuffle=False, samples=200, batch_size=50, epochs=1)
    w = make_window(config)
    for epoch, iteration, image in step_through(qtbot, w, 3):
        assert epoch == 1
        assert cells(image, SEEN, BATCH) == set(range(iteration * 50))
        assert cells(image, BATCH) == set(range((iteration - 1) * 50, iteration * 50))
    stop(qtbot, w)


def test_drop_last_marks_the_samples_each_epoch_skips_from_its_first_step(make_window, qtbot):
    """300 in batches of 64 with drop_last: four steps an epoch, and the 44 samples of the cut batch
    are marked from the epoch's first step on and never lit; the next epoch skips others."""
    config = SHUFFLED.replace(drop_last=True)
    w = make_window(config)
    n = config.samples
    reference = reference_batches(config)
    assert [len(b) for b in reference[0]] == [64] * 4
    skipped_by_epoch = []
    for epoch, iteration, image in step_through(qtbot, w, 8):
        used_all = {i for b in reference[epoch - 1] for i in b}
        skipped = set(range(n)) - used_all
        assert len(skipped) == 44
        assert cells(image, SKIPPED) == skipped, (epoch, iteration)
        assert cells(image, SEEN, BATCH) == {i for b in reference[epoch - 1][:iteration] for i in b}
        skipped_by_epoch.append(frozenset(skipped))
    assert skipped_by_epoch[0] != skipped_by_epoch[4]
    line = w.epoch_map.line.text()
    assert line == "256 of 300 samples seen · batch 4 of 4 · 44 skipped (drop_last)"
    assert "skipped (drop_last)" in key_words(w.epoch_map)
    stop(qtbot, w)


def test_pointing_at_a_cell_reads_its_sample_step_and_label(make_window, qtbot):
    w = make_window(SHUFFLED.replace(drop_last=True))
    m = w.epoch_map
    assert m.describe(5) == "Sample 5 · no run yet"
    step_through(qtbot, w, 6)  # epoch 2, its second batch
    reference = reference_batches(SHUFFLED.replace(drop_last=True))[1]
    labels = load_dataset(SHUFFLED).y_train.numpy()  # the data made anew, outside the run
    first, second, later = reference[0][3], reference[1][10], reference[2][0]
    skipped = next(i for i in range(300) if all(i not in b for b in reference))
    assert m.describe(first) == f"Sample {first} · step 5 (epoch 2, batch 1 of 4) · label {labels[first]}"
    assert m.describe(second) == f"Sample {second} · step 6 (epoch 2, batch 2 of 4) · label {labels[second]}"
    assert m.describe(later) == f"Sample {later} · not yet this epoch · label {labels[later]}"
    assert m.describe(skipped) == f"Sample {skipped} · skipped (drop_last) · label {labels[skipped]}"
    # The mouse over that cell: the read-out and the tooltip say it.
    rows, cols = grid_shape(300)
    assert (rows, cols) == (17, 18)
    row, col = divmod(second, cols)
    vb = m.view.getPlotItem().vb
    scene = vb.mapViewToScene(QPointF(col + 0.5, row + 0.5))
    m.view.scene().sigMouseMoved.emit(scene)
    assert m.readout.text() == m.describe(second) and m.view.toolTip() == m.readout.text()
    # The keyboard: Tab to the map, the arrow keys move a cursor from the first cell.
    m.view.setFocus()
    m.point_at(None)
    qtbot.keyClick(m.view, Qt.Key.Key_Right)
    qtbot.keyClick(m.view, Qt.Key.Key_Down)
    assert m.cursor_index == cols + 1 and m.readout.text() == m.describe(cols + 1)
    assert m.view.cursor.isVisible()
    stop(qtbot, w)


def test_the_arithmetic_line_with_thousands_and_the_grid_of_the_draft(make_window, qtbot):
    """The default draft: 60,000 cells (245 × 245) before any run; a new sample count resizes the
    empty grid; a step of 2,000 samples in batches of 64 reads as the issue writes it."""
    w = make_window()
    m = w.epoch_map
    assert (m.state.n, m.state.rows, m.state.cols) == (60_000, 245, 245)
    assert m.line.text() == "0 of 60,000 samples seen · batch 0 of 938"
    assert m.image.image.shape == (245, 245)
    assert set(np.unique(m.image.image).tolist()) == {UNSEEN, PAD}
    w.controls.samples.setValue(2000)
    assert (m.state.n, m.state.rows, m.state.cols) == (2000, 45, 45)
    assert m.line.text() == "0 of 2,000 samples seen · batch 0 of 32"
    step_through(qtbot, w, 1)
    assert m.line.text() == "64 of 2,000 samples seen · batch 1 of 32"
    stop(qtbot, w)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_the_cells_colours_read_in_both_themes_and_are_the_ones_drawn(make_window, qtbot, name):
    """WCAG 2.1's non-text contrast (3:1) between the cells a learner compares and against the plot's
    background; after a theme switch the map's image draws each state in its colour, and the cells
    past the last sample let the background show."""
    c = {k: QColor(*rgb) for k, rgb in MAP_COLOURS[name].items()}
    background = QColor(*theme.THEMES[name].background)
    for a, b in ((UNSEEN, SEEN), (SEEN, BATCH), (UNSEEN, BATCH), (UNSEEN, SKIPPED)):
        assert theme.contrast(c[a], c[b]) >= (3.0 if SKIPPED not in (a, b) else 2.5), (name, a, b)
    for lit in (SEEN, BATCH, SKIPPED):
        assert theme.contrast(c[lit], background) >= 3.0, (name, lit)
    w = make_window(SHUFFLED.replace(samples=10))  # 3 rows of 4 cells, the last 2 padding
    other = "dark" if name == "light" else "light"
    w.theme_actions[other].trigger()
    w.theme_actions[name].trigger()
    m = w.epoch_map
    m.state.cells[:4] = (UNSEEN, SEEN, BATCH, SKIPPED)
    m.draw()
    assert (m.image.qimage.height(), m.image.qimage.width()) == (3, 4)
    drawn = [QColor.fromRgba(m.image.qimage.pixel(x, y)) for y in range(3) for x in range(4)]
    assert [p.getRgb()[:3] for p in drawn[:4]] == [MAP_COLOURS[name][s] for s in range(4)]
    assert all(p.alpha() == 255 for p in drawn[:10]) and all(p.alpha() == 0 for p in drawn[10:])
    assert view_background(m) == theme.THEMES[name].background
    # On screen: the middle of each cell in its state's colour, the background past the last sample.
    w.show_dock(w.epoch_map_dock)
    qtbot.waitUntil(m.view.isVisible, timeout=5000)
    shot = m.view.grab().toImage()
    vb = m.view.getPlotItem().vb
    ratio = shot.devicePixelRatio()

    def on_screen(index: int) -> tuple[int, int, int]:
        row, col = divmod(index, 4)
        at = m.view.mapFromScene(vb.mapViewToScene(QPointF(col + 0.5, row + 0.5)))
        return QColor(shot.pixel(int(at.x() * ratio), int(at.y() * ratio))).getRgb()[:3]

    assert [on_screen(i) for i in range(4)] == [MAP_COLOURS[name][s] for s in range(4)]
    assert on_screen(11) == theme.THEMES[name].background


def view_background(m) -> tuple[int, int, int]:
    return m.view.backgroundBrush().color().getRgb()[:3]


def test_with_gradient_accumulation_the_map_counts_batches_and_the_steps_they_make(make_window, qtbot):
    """k = 4: a Step takes four batches (one optimizer step); the line counts batches, the read-out
    names the optimizer step a sample's batch belonged to."""
    config = SHUFFLED.replace(accumulate=4, drop_last=False)  # 300 / 64: 5 batches, 2 optimizer steps
    w = make_window(config)
    m = w.epoch_map
    step_through(qtbot, w, 1)
    reference = reference_batches(config)[0]
    assert m.line.text() == "256 of 300 samples seen · batch 4 of 5"
    assert cells(_drawn(w), SEEN, BATCH) == {i for b in reference[:4] for i in b}
    third, last = reference[2][0], reference[4][0]
    assert m.describe(third).startswith(f"Sample {third} · step 1 (epoch 1, batch 3 of 5)")
    assert m.describe(last).startswith(f"Sample {last} · not yet this epoch")
    step_through(qtbot, w, 1)  # the short window: the 5th batch of 44 samples, optimizer step 2
    assert m.line.text().startswith("300 of 300 samples seen · batch 5 of 5")
    assert m.describe(last).startswith(f"Sample {last} · step 2 (epoch 1, batch 5 of 5)")
    stop(qtbot, w)


def test_behind_another_tab_the_map_keeps_count_and_shows_it_when_raised(make_window, qtbot):
    """Behind the step inspector's tab the map still takes every chunk's cells (they change chunk by
    chunk), but writes its lines only once it is shown again."""
    w = make_window(SHUFFLED)
    m = w.epoch_map
    w.show_dock(w.inspector_dock)
    qtbot.waitUntil(lambda: not m.on_screen, timeout=5000)
    step_through(qtbot, w, 3)
    assert m.line.text().startswith("0 of 300 samples seen")  # not written while hidden
    w.show_dock(w.epoch_map_dock)
    qtbot.waitUntil(lambda: m.on_screen, timeout=5000)
    reference = reference_batches(SHUFFLED)[0]
    assert m.line.text() == "192 of 300 samples seen · batch 3 of 5"
    assert cells(_drawn(w), SEEN, BATCH) == {i for b in reference[:3] for i in b}
    assert cells(_drawn(w), BATCH) == set(reference[2])
    stop(qtbot, w)
