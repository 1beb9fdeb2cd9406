"""What the GUI thread spends per chunk while the window trains at full speed, by CPU time.

Run from the repository root: ``python benchmarks/profile_gui_thread.py [--layout "epoch views"]``.
The worker trains in the same process and needs the interpreter lock, which the GUI thread holds for
its Python and for the C++ painting called from it; wall-clock ratios on a shared machine swing by
±10–30 % from one run to the next, while the GUI thread's own CPU time (``time.thread_time`` read on
that thread) barely depends on what else runs. Each run opens the window at 1920×1080 in the layout
of ``benchmarks/bench_window.py`` (its ``LAYOUTS``), runs the default config at full speed and prints
the GUI thread's CPU time per chunk, then per view: each chunk handler's and each pyqtgraph view's
``paintEvent`` (timed by wrapping them for the run), and the garbage collections over 2 ms. The first
run of a process also pays for what a first window costs (imports, caches): read the later ones.
"""

from __future__ import annotations

import argparse
import collections
import gc
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pyqtgraph as pg  # noqa: E402
import torch  # noqa: E402
from PySide6.QtCore import QEventLoop, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core.training.config import TrainConfig  # noqa: E402
from core.training.data import load_dataset  # noqa: E402

SPENT: collections.defaultdict[str, float] = collections.defaultdict(float)
CALLS: collections.Counter[str] = collections.Counter()


def timed(cls: type, name: str) -> None:
    """Add the CPU time of each call of ``cls.name`` on this thread to SPENT, by class and object."""
    original = getattr(cls, name)

    def wrapper(self, *args):
        start = time.thread_time()
        try:
            return original(self, *args)
        finally:
            key = f"{cls.__name__}.{name} {self.objectName()}".rstrip()
            SPENT[key] += time.thread_time() - start
            CALLS[key] += 1

    setattr(cls, name, wrapper)


def instrument() -> None:
    from gui.centre import TrainingView
    from gui.panels.batch_view import BatchView
    from gui.panels.epoch_map import EpochMap
    from gui.panels.inspector import StepInspector
    from gui.panels.weights import WeightsView

    timed(pg.GraphicsView, "paintEvent")
    for cls in (EpochMap, BatchView, WeightsView, StepInspector):
        timed(cls, "add_chunk")
    timed(TrainingView, "_on_chunk")


def layout_window(window, layout: str) -> None:
    """As ``benchmarks/bench_window.py`` lays the window out."""
    window.resize(1920, 1080)
    window.show()
    window.split_docks()
    if layout == "inspector":
        window.inspector_dock.raise_()
    else:
        window.epoch_map_dock.raise_()
        vertical = Qt.Orientation.Vertical
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.batch_dock, vertical)
        window.batch_dock.show()
        window.resizeDocks([window.epoch_map_dock, window.batch_dock], [1, 1], vertical)


def one_run(app: QApplication, config: TrainConfig, layout: str) -> None:
    from gui.main_window import MainWindow

    window = MainWindow(config)
    layout_window(window, layout)
    app.processEvents()
    chunks: list[int] = []
    window.signals.chunk.connect(lambda chunk: chunks.append(len(chunk.loss)))
    collections_ms: list[tuple[int, float]] = []
    began = [0.0]

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            began[0] = time.perf_counter()
        else:
            collections_ms.append((info["generation"], (time.perf_counter() - began[0]) * 1e3))

    gc.callbacks.append(on_gc)
    SPENT.clear()
    CALLS.clear()
    loop = QEventLoop()
    window.run_finished.connect(lambda _result: loop.quit())
    cpu, wall = time.thread_time(), time.perf_counter()
    window.start()
    loop.exec()
    cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
    gc.callbacks.remove(on_gc)
    result = window.session.last_result
    n = max(1, sum(1 for size in chunks if size))
    print(
        f"{layout}: {result.history.size:,} steps at {result.history.size / result.elapsed_s:,.0f}/s, "
        f"{n} chunks; GUI thread CPU {cpu * 1e3:.0f} ms = {cpu * 1e3 / n:.2f} ms a chunk "
        f"({cpu / wall:.0%} of {wall:.1f} s)"
    )
    for key in sorted(SPENT, key=SPENT.get, reverse=True):
        print(f"  {key:48s} {CALLS[key]:4d} calls {SPENT[key] * 1e3 / n:6.2f} ms a chunk")
    big = [f"gen {g}: {ms:.0f} ms" for g, ms in collections_ms if ms > 2]
    print(f"  garbage collections over 2 ms: {', '.join(big) or 'none'} (of {len(collections_ms)})")
    window.close()
    window.deleteLater()
    app.processEvents()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layout", default="epoch views", choices=("inspector", "epoch views"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=TrainConfig().epochs)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    config = TrainConfig(epochs=args.epochs)
    load_dataset(config)  # the data made once, outside every timing
    torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)  # as the app preloads (torch._dynamo)
    from gui.threads.worker import TrainingController

    TrainingController()  # the worker's thread count and switch interval, as in the window
    instrument()
    for _ in range(args.runs):
        one_run(app, config, args.layout)


if __name__ == "__main__":
    main()
