"""The batch view's and the weights view's frames: one chunk taken in and the view painted.

Run from the repository root: ``python benchmarks/bench_batch_views.py [--write]`` (offscreen unless a
display is set; ``--write`` adds the section to BENCHMARKS.md). A real run makes the chunks the way the
window's bridge does (``Chunk.of_steps`` with ``core.training.pictures.StepPictures`` of the history's
last step), one every step, as at a pace of 50 steps a second or slower (at full speed the bridge sends
at most 10 a second, so a frame's cost is then a share of 10 frames a second). Each frame is timed on
the GUI thread in a window of 1600 × 1000 (the size it opens at on a 1920 × 1200 screen) with the
view's tab raised: ``add_chunk`` (the tiles copied into one image, the captions and frames, the line
above the picture) and a synchronous repaint of the view's plot. Runs:

- the default data (MNIST-sized digits, 60,000 samples, batch 64, softmax regression): the batch view's
  64 images with captions and frames, and the weights view's 10 rows of W as 28×28 images;
- the same data with the MLP (100 hidden units): the weights view's first 64 rows of W1;
- two moons (2,000 samples, batch 64, MLP): the batch over 2,000 training points and the 64 × 64
  decision regions.

The target: a frame well inside the 16 ms of a 60 Hz screen, so that at every step of a 50-steps-a-
second pace the views take under half the GUI thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core.training.chunks import Chunk  # noqa: E402
from core.training.config import TrainConfig  # noqa: E402
from core.training.engine import Callback, Trainer  # noqa: E402
from core.training.pictures import StepPictures  # noqa: E402

TARGET_MS = 16.0


class Chunks(Callback):
    """A chunk after every one of the run's first ``steps`` steps, with its last step's pictures."""

    def __init__(self, steps: int) -> None:
        self.steps, self.chunks = steps, []

    def set_trainer(self, trainer) -> None:
        self.trainer = trainer

    def on_train_begin(self, info) -> None:
        self.info = info
        self.pictures = StepPictures(self.trainer, info.samples)

    def on_step_end(self, step) -> None:
        history = self.trainer.history
        end = history.size
        self.chunks.append(
            Chunk.of_steps(history, end - 1, end, self.info.steps_per_epoch, (), **self.pictures(history))
        )
        if end >= self.steps:
            self.trainer.request_stop()


def frames(app: QApplication, config: TrainConfig, steps: int, which: str) -> np.ndarray:
    """Milliseconds of each frame of ``which`` view (``batch`` or ``weights``) over a run of ``config``."""
    from gui.main_window import MainWindow

    source = Chunks(steps)
    Trainer(config, [source]).run()
    window = MainWindow(config)
    window.show()
    window.resize(1600, 1000)  # the size the window opens at on a 1920 × 1200 screen
    window.split_docks()
    dock, view = (
        (window.batch_dock, window.batch_view)
        if which == "batch"
        else (window.weights_dock, window.weights_view)
    )
    dock.raise_()
    app.processEvents()
    assert view.on_screen
    window.session.run_started(source.info)  # as the runner reports a run's start
    plot = (view.images if view.kind == "images" else view.points) if which == "batch" else view.view
    plot.viewport().repaint()
    out = []
    for chunk in source.chunks:
        t0 = time.perf_counter()
        view.add_chunk(chunk)
        plot.viewport().repaint()
        out.append((time.perf_counter() - t0) * 1000)
        app.processEvents()
    assert view.chunk is source.chunks[-1]
    window.close()
    window.deleteLater()
    app.processEvents()
    return np.array(out)


RUNS = (
    ("batch view, 64 images of 28×28 (softmax)", TrainConfig(), "batch"),
    ("weights view, 10 rows of W as 28×28 (softmax)", TrainConfig(), "weights"),
    ("weights view, 64 rows of W1 as 28×28 (MLP)", TrainConfig(model="mlp", hidden=100), "weights"),
    (
        "batch view, 64 points on 2,000 and the regions (moons)",
        TrainConfig(dataset="moons", samples=2000, model="mlp", hidden=32, lr=0.3),
        "batch",
    ),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300, help="frames a view (default 300)")
    parser.add_argument("--write", action="store_true", help="add the section to BENCHMARKS.md")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    lines, rows = [], []
    for what, config, which in RUNS:
        ms = frames(app, config, args.steps, which)
        median, p99 = statistics.median(ms), float(np.percentile(ms, 99))
        met = p99 <= TARGET_MS
        line = f"{what}: {len(ms):,} frames, median {median:.2f} ms, p99 {p99:.2f} ms, max {ms.max():.2f} ms"
        print(line, "(met)" if met else "(missed)", flush=True)
        lines.append(f"| {what} | {median:.2f} | {p99:.2f} | {ms.max():.2f} |")
        rows.append((what, median, p99, met))
    if args.write:
        from benchmarks.report import row, write_section

        text = "\n".join(
            [
                "## The batch and weights views' frames (`python benchmarks/bench_batch_views.py`)",
                "",
                "One chunk taken in and the view repainted, on the GUI thread, in a window of 1600 × 1000 "
                f"with the view's tab raised; a chunk every step of a real run ({args.steps} frames "
                "each). While a view's tab is behind another it only keeps the last chunk (no cost).",
                "",
                "| view | median ms | p99 ms | max ms |",
                "|---|---|---|---|",
                *lines,
            ]
        )
        write_section(
            "batch_views",
            text,
            [
                row(f"{what}, p99 of a frame", f"≤ {TARGET_MS:.0f} ms", f"{p99:.1f} ms", met)
                for what, _m, p99, met in rows
            ],
        )


if __name__ == "__main__":
    main()
