"""The instant path's cost: milliseconds per redraw while α or β is dragged (issue 14, item 5).

Run from the repository root: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_instant_path.py``.
For linear-1d and two-basins it times, per slider value over a drag across the α or β slider:

- ``path``: ``core.experiments.instant.instant_path`` (300 full-batch steps in numpy/Python floats);
- ``draw``: ``LandscapePanel.set_instant_path`` (two ``setData`` and the legend) and a synchronous repaint
  of the landscape plot;
- ``window``: the whole chain a drag runs in the window: the slider's new position, the spin box, the
  session's draft event to every view, the path, and the events this posts (Qt repaints what changed:
  the slider, the spin box, the landscape, the other views the draft touches);
- ``no path``: the same chain with the instant path switched off (what the rest of the window costs).

It prints the median, the 95th percentile and the largest of each, in milliseconds of the GUI thread's
CPU time (``time.thread_time``: on a shared machine, wall time also counts the time other processes held
the core), and the median wall time beside it. A frame is 16.7 ms.
"""

from __future__ import annotations

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

from core.experiments.instant import initial_point, instant_path  # noqa: E402
from core.training.config import TrainConfig  # noqa: E402

LINE = TrainConfig(dataset="linear-1d", model="linear", samples=1000, batch_size=64, epochs=20, lr=0.05)
BASINS = TrainConfig(dataset="two-basins", model="two-basins", samples=512, batch_size=64, epochs=40, lr=0.05)


def clocks() -> tuple[float, float]:
    return time.thread_time(), time.perf_counter()


def elapsed(since: tuple[float, float]) -> tuple[float, float]:
    """(CPU, wall) milliseconds since ``since``."""
    cpu, wall = clocks()
    return (cpu - since[0]) * 1e3, (wall - since[1]) * 1e3


def summary(name: str, ms: list[tuple[float, float]]) -> str:
    cpu = [c for c, _ in ms]
    wall = statistics.median(w for _, w in ms)
    median, p95 = statistics.median(cpu), float(np.percentile(cpu, 95))
    return (
        f"  {name:<7} CPU median {median:6.3f} ms   p95 {p95:6.3f} ms   max {max(cpu):6.3f} ms"
        f"   (wall median {wall:6.3f} ms)"
    )


def panel_costs(window, config: TrainConfig, values: list[float], field: str) -> tuple[list, list]:
    landscape = window.landscape
    surface = landscape.basins if landscape.basins is not None else landscape.quad
    start = initial_point(config)
    path_ms, draw_ms = [], []
    for value in values:
        c = config.replace(**{field: value})
        t0 = clocks()
        path = instant_path(c, surface, start)
        path_ms.append(elapsed(t0))
        t1 = clocks()
        landscape.set_instant_path(path, lambda: "bench")
        landscape.plot_widget.viewport().repaint()
        draw_ms.append(elapsed(t1))
    return path_ms, draw_ms


def window_costs(app, window, slider, ticks: list[int]) -> list[float]:
    out = []
    slider.setSliderDown(True)
    for tick in ticks:
        t0 = clocks()
        slider.setSliderPosition(tick)
        app.processEvents()  # the paint events this move posted: what Qt redraws of the window
        out.append(elapsed(t0))
    slider.setSliderDown(False)
    app.processEvents()
    return out


def main() -> None:
    from gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    drags = (
        ("linear-1d, dragging α", LINE, "lr", [float(f"{v:.2g}") for v in np.geomspace(0.005, 0.4, 120)]),
        ("two-basins, dragging β", BASINS, "momentum", [round(v, 3) for v in np.linspace(0.0, 0.95, 120)]),
    )
    for title, config, field, values in drags:
        window = MainWindow(config)
        window.resize(1600, 1000)
        window.show()
        window.landscape_dock.raise_()
        app.processEvents()
        panel_costs(window, config, values[:10], field)  # warm-up
        path_ms, draw_ms = panel_costs(window, config, values, field)
        if field == "lr":
            slider = window.controls.lr_slider
            ticks = [round(np.log10(v) * 100) for v in values]
        else:
            slider = window.controls.momentum_slider
            ticks = [round(v * 1000) for v in values]
        window_ms = window_costs(app, window, slider, ticks)
        points = len(window.landscape.instant_points)
        window.surface._draw_instant = lambda _config: None  # the rest of the window alone
        window.landscape.set_instant_path(None)
        bare_ms = window_costs(app, window, slider, ticks[::-1])
        print(f"{title} ({len(values)} values, {points} points a path):")
        print(summary("path", path_ms))
        print(summary("draw", draw_ms))
        print(summary("window", window_ms))
        print(summary("no path", bare_ms))
        window.close()
        window.deleteLater()
        app.processEvents()


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # no PySide clean-up at exit (see tests/gui/conftest.py)
