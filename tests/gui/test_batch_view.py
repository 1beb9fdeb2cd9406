"""The mini-batch as pictures (gui/panels/batch_view.py), through the window's real runs, against outside
references: the dataset's own rows indexed by PyTorch's samplers (``DistributedSampler`` with the run's
seed draws each epoch's permutation, ``BatchSampler`` cuts it into the mini-batches: tests/samplers.py),
and the model's predictions computed here from its own parameters, read while
the run is paused before the step."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor

from core.training.config import TrainConfig
from core.training.data import load_dataset
from gui import theme
from gui.panels.batch_view import CLASS_COLOURS, REGION_ALPHA
from tests import samplers
from tests.mnist_files import arrays, write_idx_folder

TIMEOUT = 60_000
# 600 samples in batches of 64: nine full batches and a last one of 24.
IMAGES = TrainConfig(dataset="mnist-like", samples=600, batch_size=64, epochs=2, lr=0.1, momentum=0.0, seed=5)
MOONS = TrainConfig(
    dataset="moons",
    samples=400,
    batch_size=32,
    epochs=3,
    model="mlp",
    hidden=16,
    lr=0.5,
    momentum=0.0,
    seed=2,
)


def reference_batches(config: TrainConfig, epoch: int = 1) -> list[list[int]]:
    """Epoch ``epoch``'s mini-batches, as PyTorch's samplers give them (tests/samplers.py)."""
    return samplers.reference_batches(config.replace(epochs=epoch))[-1]


def step(qtbot, w) -> None:
    """One press of Step; back when the run has paused (or ended) and the step's chunk has arrived."""
    before = w.session.runner.trainer.history.size if w.session.has_runner and w.state != "idle" else 0
    arrived = []
    w.signals.chunk.connect(lambda c: arrived.append(c.end))
    qtbot.mouseClick(w.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: before + 1 in arrived and w.state in ("paused", "idle"), timeout=TIMEOUT)


def parameters(w) -> dict[str, np.ndarray]:
    """The model's parameters now (the run is paused: the worker waits), copied."""
    model = w.session.runner.trainer.model
    return {name: p.detach().cpu().numpy().copy() for name, p in model.named_parameters()}


def predict(params: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    """The class a softmax regression or one-hidden-layer MLP predicts, computed here in numpy."""
    x = x.astype(np.float64)
    if "W" in params:
        logits = x @ params["W"].T + params["b"]
    else:
        hidden = np.maximum(x @ params["W1"].T + params["b1"], 0.0)
        logits = hidden @ params["W2"].T + params["b2"]
    return logits.argmax(axis=1)


def stop(qtbot, w) -> None:
    if w.state != "idle":
        with qtbot.waitSignal(w.run_finished, timeout=TIMEOUT):
            qtbot.mouseClick(w.stop_button, Qt.MouseButton.LeftButton)


def frame_tiles(view, name: str) -> set[int]:
    """The tiles the frames of ``name`` (``right`` or ``wrong``) go round, from the rectangles drawn."""
    margin = view.mosaic.frame_margin
    return {view.mosaic.tile_at(r.left() + margin, r.top() + margin) for r in view.mosaic.frame_rects(name)}


def test_the_batch_view_shows_each_steps_own_images_labels_and_predictions(make_window, qtbot):
    w = make_window(IMAGES)
    w.show_dock(w.batch_dock)
    view = w.batch_view
    assert "will appear here as its 64 images" in view.summary.text()
    data = load_dataset(IMAGES)
    x, y = data.x_train.numpy(), data.y_train.numpy()
    batches = reference_batches(IMAGES)
    params = None
    for k, batch in enumerate(batches, start=1):
        step(qtbot, w)
        assert view.kind == "images" and view.chunk.end == k
        image = view.mosaic.image.image
        assert view.mosaic.count == len(batch) <= 64
        for i, sample in enumerate(batch):  # pixel for pixel: the dataset's row of that sample
            top, left = view.mosaic.origin(i)
            np.testing.assert_array_equal(image[top : top + 28, left : left + 28], x[sample].reshape(28, 28))
        labels = y[batch]
        captions = [text for text, _colour in view.mosaic.captions]
        assert [c.split("→")[0] for c in captions] == [str(v) for v in labels]
        if params is not None:  # the parameters before this step: its forward pass's predictions
            predicted = predict(params, x[batch])
            assert [c.split("→")[1] for c in captions] == [str(v) for v in predicted]
            right = predicted == labels
            assert frame_tiles(view, "right") == set(np.flatnonzero(right).tolist())
            assert frame_tiles(view, "wrong") == set(np.flatnonzero(~right).tolist())
            assert 0 < right.sum() < len(batch)  # both kinds are shown (the test can fail either way)
            expected = f"Epoch 1 · batch {k} of 10 · {len(batch)} images · {int(right.sum())} right"
            assert view.summary.text() == expected
            colours = [colour.name() for _text, colour in view.mosaic.captions]
            right_c, wrong_c = view._mark_colours()
            assert colours == [(right_c if ok else wrong_c).name() for ok in right]
        if k < len(batches):
            params = parameters(w)
    # the last batch holds 24 images: three of the eight rows that a full batch fills
    assert len(batches[-1]) == 24 and view.mosaic.count == 24
    assert len(view.mosaic.captions) == 24
    stop(qtbot, w)
    assert view.mosaic.count == 24, "a finished run keeps its last picture"
    w.reset()
    assert view.mosaic.count == 0 and "will appear here" in view.summary.text()
    assert w.show_result(w.session.last_result)  # a finished run shown again (as from a workspace)
    assert view.mosaic.count == 0 and "keeps no mini-batches" in view.summary.text()
    assert "keeps no weights to draw" in w.weights_view.summary.text()


def test_a_batch_drawn_behind_another_tab_is_drawn_when_its_tab_is_raised(make_window, qtbot):
    w = make_window(IMAGES)
    w.show_dock(w.inspector_dock)
    qtbot.waitUntil(lambda: not w.batch_view.on_screen, timeout=5000)
    step(qtbot, w)
    view = w.batch_view
    assert view.chunk is not None and view.mosaic.count == 0  # kept, not drawn
    w.show_dock(w.batch_dock)
    qtbot.waitUntil(lambda: view.mosaic.count == 64, timeout=5000)
    first = reference_batches(IMAGES)[0][0]
    top, left = view.mosaic.origin(0)
    x = load_dataset(IMAGES).x_train.numpy()
    np.testing.assert_array_equal(
        view.mosaic.image.image[top : top + 28, left : left + 28], x[first].reshape(28, 28)
    )
    stop(qtbot, w)


def test_two_features_the_batch_over_the_training_set_and_the_models_regions(make_window, qtbot):
    w = make_window(MOONS)
    w.show_dock(w.batch_dock)
    view = w.batch_view
    data = load_dataset(MOONS)
    x, y = data.x_train.numpy(), data.y_train.numpy()
    batches = reference_batches(MOONS)
    for _ in range(3):
        step(qtbot, w)
    params = parameters(w)
    step(qtbot, w)
    assert view.kind == "points" and view.points.isVisible() and not view.images.isVisible()
    batch = batches[3]
    bx, by = view.batch_points.getData()
    np.testing.assert_allclose(np.column_stack([bx, by]), x[batch].astype(float))
    predicted = predict(params, x[batch])
    symbols = [p.symbol() for p in view.batch_points.points()]
    assert symbols == ["o" if ok else "x" for ok in predicted == y[batch]]
    assert view.summary.text().endswith(f"· 32 points · {int((predicted == y[batch]).sum())} right")
    tx, _ty = view.train_points.getData()
    assert len(tx) == 400  # the whole (small) training set, under the batch
    # The regions: each pixel of the image, at its centre on the plot, is coloured by the class the
    # model (after this step) predicts there.
    after = parameters(w)
    rgba = view.regions.image
    rect = view.regions.mapRectToParent(view.regions.boundingRect())
    rows, cols = rgba.shape[:2]
    cx = rect.left() + (np.arange(cols) + 0.5) * rect.width() / cols
    cy = rect.top() + (np.arange(rows) + 0.5) * rect.height() / rows
    gx, gy = np.meshgrid(cx, cy)  # row i: y (upwards), column j: x
    expected = predict(after, np.column_stack([gx.ravel(), gy.ravel()])).reshape(rows, cols)
    table = np.array([(*c, REGION_ALPHA) for c in CLASS_COLOURS[:2]])
    drawn = np.argmin(np.abs(rgba[:, :, None, :].astype(int) - table[None, None]).sum(axis=3), axis=2)
    assert (drawn == expected).mean() > 0.99  # (points on the boundary may round either way)
    assert len(np.unique(expected)) == 2
    # the training set lies inside the regions
    assert rect.left() <= x[:, 0].min() and x[:, 0].max() <= rect.right()
    assert rect.top() <= x[:, 1].min() and x[:, 1].max() <= rect.bottom()
    stop(qtbot, w)


def test_other_data_says_what_the_view_shows_and_for_which_data(make_window, qtbot):
    config = TrainConfig(dataset="linear-1d", samples=200, model="linear", batch_size=20, epochs=1, lr=0.1)
    w = make_window(config)
    w.show_dock(w.batch_dock)
    view = w.batch_view
    assert "image data" in view.summary.text() and "two-feature classification" in view.summary.text()
    step(qtbot, w)
    assert view.kind == "other" and not view.images.isVisible() and not view.points.isVisible()
    assert (
        "The data here, the line y = 2x − 1, is neither, so there is nothing to draw" in view.summary.text()
    )
    stop(qtbot, w)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_right_and_wrong_read_on_the_plots_background_in_both_themes(make_window, qtbot, name):
    w = make_window(IMAGES)
    theme.apply(name)
    theme.style_window(w)
    try:
        right, wrong = w.batch_view._mark_colours()
        background = QColor(*theme.colours().background)
        assert theme.contrast(right, background) >= 4.5 and theme.contrast(wrong, background) >= 4.5
        assert theme.contrast(right, wrong) > 1.2 and abs(right.hueF() - wrong.hueF()) > 0.2
    finally:
        theme.apply(theme.DEFAULT)
        theme.style_window(w)


def test_pointing_at_an_image_reads_its_sample_label_and_prediction(make_window, qtbot):
    w = make_window(IMAGES)
    w.show_dock(w.batch_dock)
    step(qtbot, w)
    params = parameters(w)
    step(qtbot, w)
    view = w.batch_view
    batch = reference_batches(IMAGES)[1]
    x, y = (a.numpy() for a in (load_dataset(IMAGES).x_train, load_dataset(IMAGES).y_train))
    i = 13
    top, left = view.mosaic.origin(i)
    scene = view.mosaic.view.mapViewToScene(QPointF(left + 14, top + 14))
    qtbot.mouseMove(view.images.viewport(), view.images.mapFromScene(scene))
    predicted = int(predict(params, x[batch[i] : batch[i] + 1])[0])
    expected = f"Sample {batch[i]:,} of the training set · label {y[batch[i]]} · the model said {predicted}"
    qtbot.waitUntil(lambda: view.readout.text() == expected, timeout=5000)
    corner = view.mosaic.view.mapViewToScene(QPointF(left - 3, top - 3))  # between the tiles
    qtbot.wait(100)  # (pyqtgraph's scene takes a mouse move at most every so many milliseconds)
    qtbot.mouseMove(view.images.viewport(), view.images.mapFromScene(corner))
    qtbot.waitUntil(lambda: view.readout.text() == "", timeout=5000)
    stop(qtbot, w)


def test_an_imported_mnist_shows_its_own_images_and_the_weights_their_shape(make_window, qtbot, tmp_path):
    """Images of 6 × 5 pixels (not square: rows and columns cannot be swapped unseen), read from IDX
    files written here: the batch's tiles are the file's own pixels (scaled to [0, 1]) at the
    samplers' indices, and W's rows are drawn as 6 × 5 images."""
    parts = arrays(300, 60, 6, 5)
    folder = write_idx_folder(tmp_path / "raw", parts)
    w = make_window()
    dialog = w.files.import_data()
    dialog.set_path(folder)
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.busy and not dialog.isVisible(), timeout=20_000)
    config = w.session.draft.replace(batch_size=32, epochs=1, lr=0.05)
    w.session.edit_to(config)
    w.show_dock(w.batch_dock)
    step(qtbot, w)
    step(qtbot, w)
    view = w.batch_view
    batch = reference_batches(config)[1]
    images = parts["train_images"].astype(np.float32) / 255.0
    assert view.mosaic.count == 32 and view.summary.text().startswith("Epoch 1 · batch 2 of 10 · 32 images")
    for i, sample in enumerate(batch):
        top, left = view.mosaic.origin(i)
        np.testing.assert_allclose(
            view.mosaic.image.image[top : top + 6, left : left + 5], images[sample], atol=1e-6
        )
    labels = [text.split("→")[0] for text, _colour in view.mosaic.captions]
    assert labels == [str(parts["train_labels"][s]) for s in batch]
    w.show_dock(w.weights_dock)
    weights = parameters(w)["W"]
    qtbot.waitUntil(lambda: w.weights_view.mosaic.count == 10, timeout=5000)
    for k in range(10):
        top, left = w.weights_view.mosaic.origin(k)
        tile = w.weights_view.mosaic.image.image[top : top + 6, left : left + 5]
        np.testing.assert_array_equal(tile, weights[k].reshape(6, 5))
    stop(qtbot, w)
