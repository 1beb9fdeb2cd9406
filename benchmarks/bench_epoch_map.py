"""The epoch map's frame: one chunk taken in and the map painted, for the default run's 60,000 cells.

Run from the repository root: ``python benchmarks/bench_epoch_map.py`` (offscreen unless a display
is set). A real run of the default config (60,000 samples, batch 64) makes the chunks the way the
window's bridge does (``Chunk.of_steps`` with ``core.training.pictures.StepPictures`` of the history's
last step): one every step (a pace of 50 steps a second or slower) and one every 70 steps (the bridge's
10 chunks a second at about 700 steps a second, full speed). Each frame is timed on the GUI thread in
the window at its default size with the map's tab raised: ``EpochMap.add_chunk`` (the cells that
changed, one repaint asked, the arithmetic line), a synchronous repaint of the map's view and the events
the chunk left (layouts, the labels' paint). The target
(issue 14): at most 16 ms a frame.
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

from benchmarks.report import row, write_section  # noqa: E402
from core.training.chunks import Chunk  # noqa: E402
from core.training.config import TrainConfig  # noqa: E402
from core.training.engine import Callback, Trainer  # noqa: E402
from core.training.pictures import StepPictures  # noqa: E402

TARGET_MS = 16.0


class Chunks(Callback):
    """Every ``every`` steps a chunk of the steps since the last, with its last step's pictures."""

    def __init__(self, every: int) -> None:
        self.every, self.sent, self.chunks = every, 0, []

    def set_trainer(self, trainer) -> None:
        self.trainer = trainer

    def on_train_begin(self, info) -> None:
        self.info, self.per_epoch = info, info.steps_per_epoch
        self.pictures = StepPictures(self.trainer, info.samples)

    def on_step_end(self, step) -> None:
        if step.step - self.sent >= self.every:
            history = self.trainer.history
            end = history.size
            self.chunks.append(
                Chunk.of_steps(history, self.sent, end, self.per_epoch, (), **self.pictures(history))
            )
            self.sent = end


def frames(app: QApplication, config: TrainConfig, every: int) -> np.ndarray:
    """Milliseconds of each frame of a run of ``config`` that sends a chunk every ``every`` steps:
    (the map's own work and paint, that and the event loop's turn after it)."""
    from gui.main_window import MainWindow

    source = Chunks(every)
    Trainer(config, [source]).run()
    window = MainWindow(config)
    window.show()
    window.epoch_map_dock.raise_()
    app.processEvents()
    m = window.epoch_map
    assert m.on_screen, "the map's tab raised"
    m.begin_run(config)
    m.start_run(source.info)
    view = m.view.viewport()
    view.repaint()
    out = []
    for chunk in source.chunks:
        t0 = time.perf_counter()
        m.add_chunk(chunk)
        view.repaint()
        t1 = time.perf_counter()
        app.processEvents()  # what the chunk left for Qt (the labels' paint), and the window's timers
        out.append(((t1 - t0) * 1000, (time.perf_counter() - t0) * 1000))
    assert m.state.n == 60_000 and int(m.image.image.size) == 245 * 245
    window.close()
    window.deleteLater()
    app.processEvents()
    return np.array(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2, help="epochs of the run (default 2: one new epoch)")
    parser.add_argument("--write", action="store_true", help="add the section to BENCHMARKS.md")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    config = TrainConfig(epochs=args.epochs)  # 60,000 samples, batch 64: 938 steps an epoch
    lines = [f"epoch map, {config.samples:,} cells (245 × 245), batch {config.batch_size}"]
    rows = []
    for every, what in ((1, "a chunk every step (pace ≤ 50/s)"), (70, "a chunk every 70 steps (full speed)")):
        both = frames(app, config, every)
        lines.append(f"  {what}: {len(both):,} frames")
        for ms, part in ((both[:, 0], "map"), (both[:, 1], "map + event loop")):
            p99 = float(np.percentile(ms, 99))
            met = "met" if p99 <= TARGET_MS else "missed"
            lines.append(
                f"    {part}: median {statistics.median(ms):.2f} ms, p99 {p99:.2f} ms, max {ms.max():.2f} ms"
                f" (target ≤ {TARGET_MS:.0f} ms: {met})"
            )
            if part == "map":
                rows.append(
                    row(
                        f"a 60,000-cell epoch-map frame, {what} (p99)",
                        f"≤ {TARGET_MS:.0f} ms",
                        f"{p99:.1f} ms (median {statistics.median(ms):.1f})",
                        p99 <= TARGET_MS,
                    )
                )
        print("\n".join(lines[-3:]), flush=True)
    if args.write:
        text = (
            "## The epoch map: a frame of 60,000 cells\n\n`QT_QPA_PLATFORM=offscreen python "
            "benchmarks/bench_epoch_map.py --write`. The article's run, each chunk taken in by the map "
            'and the map repainted ("map"), then the event loop\'s turn after it ("map + event '
            "loop\": what the chunk left for Qt, and the window's own timers).\n\n```\n"
            + "\n".join(lines)
            + "\n```\n"
        )
        print(f"wrote {write_section('epoch_map', text, rows)}")


if __name__ == "__main__":
    main()
