"""The window's cost: training speed with the window open and plots live against headless, and how
late the event loop runs while the worker trains at full speed.

Run from the repository root: ``python benchmarks/bench_window.py`` (``make bench`` runs it too).
Rounds alternate headless and window runs of the default config (60,000 samples, batch 64, softmax,
5 epochs) so that noise on a shared machine hits both; ratios are medians over rounds. Each round's
lateness comes from a third, window run with a 5 ms QTimer probe on the GUI thread: the probe's
wake-ups take the GIL from the worker, so they stay out of the throughput runs. The window runs twice
in each way, at 1920×1080 with the docks as wide as the window makes them at that size: with the step
inspector raised (the layout before the epoch's views), and with the epoch map and the mini-batch view
shown one above the other (each chunk draws 60,000 cells and 64 images).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core.training.config import TrainConfig  # noqa: E402
from core.training.data import load_dataset  # noqa: E402
from core.training.engine import Trainer  # noqa: E402

PROBE_MS = 5
SECTION = "## The window: plots live against headless"


def headless(config: TrainConfig) -> float:
    result = Trainer(config, []).run()
    return result.history.size / result.elapsed_s


LAYOUTS = ("inspector", "epoch views")


def windowed(
    app: QApplication, config: TrainConfig, layout: str, probe: bool = False
) -> tuple[float, np.ndarray]:
    """Steps per second with the window open in ``layout`` (one of LAYOUTS), and (with ``probe``) how
    late a PROBE_MS QTimer fired on the GUI thread, in ms."""
    from gui.main_window import MainWindow

    window = MainWindow(config)
    window.resize(1920, 1080)
    window.show()
    window.split_docks()  # the right-hand docks as wide as the window gives them at this size
    if layout == "inspector":
        window.inspector_dock.raise_()
    else:  # the epoch map above the mini-batch, both drawn every chunk
        # (splitDockWidget would only add the mini-batch as one more tab of the map's tabbed dock)
        window.epoch_map_dock.raise_()
        vertical = Qt.Orientation.Vertical
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.batch_dock, vertical)
        window.batch_dock.show()
        window.resizeDocks([window.epoch_map_dock, window.batch_dock], [1, 1], vertical)
    app.processEvents()
    if layout != "inspector":
        shown = [not view.visibleRegion().isEmpty() for view in (window.epoch_map, window.batch_view)]
        assert all(shown), f"the epoch map and the mini-batch on screen: {shown}"
    lateness: list[float] = []
    clock = QElapsedTimer()
    timer = QTimer()
    timer.setTimerType(timer.timerType().PreciseTimer)
    timer.setInterval(PROBE_MS)

    def tick() -> None:
        lateness.append(clock.nsecsElapsed() / 1e6 - PROBE_MS)
        clock.restart()

    timer.timeout.connect(tick)
    loop = QEventLoop()
    window.run_finished.connect(lambda _result: loop.quit())
    clock.start()
    if probe:
        timer.start()
    window.start()
    loop.exec()
    timer.stop()
    result = window.session.last_result
    window.close()
    window.deleteLater()
    app.processEvents()
    return result.history.size / result.elapsed_s, np.array(lateness[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--epochs",
        type=int,
        default=TrainConfig().epochs,
        help="epochs a run (the default config's)",
    )
    parser.add_argument("--write", action="store_true", help="also add the figures to BENCHMARKS.md")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    config = TrainConfig(epochs=args.epochs)
    load_dataset(config)  # generate the data once, outside every timing
    from gui.threads.worker import TrainingController

    TrainingController()  # the window's switch interval, for both sides
    head_rates = []
    ratios = {name: [] for name in LAYOUTS}
    win_rates = {name: [] for name in LAYOUTS}
    late = {name: [] for name in LAYOUTS}
    for _ in range(args.rounds):
        h = headless(config)
        head_rates.append(h)
        said = [f"  round {len(head_rates)}: headless {h:,.0f} steps/s"]
        for name in LAYOUTS:
            w, _ = windowed(app, config, name)
            _, lateness = windowed(app, config, name, probe=True)  # the probe's wake-ups cost the worker
            win_rates[name].append(w)
            ratios[name].append(w / h)
            late[name].append(lateness)
            said.append(f"{name} {w:,.0f} ({w / h:.3f})")
        print(" · ".join(said), flush=True)
    threads = torch.get_num_threads()  # as each run's Trainer set it (core/training/threads.py)
    lines = [
        f"default config: {config.samples:,} samples, batch {config.batch_size}, {config.model}, "
        f"{args.epochs} epoch(s) a run, torch threads {threads}, {args.rounds} rounds, "
        f"Qt platform {os.environ['QT_QPA_PLATFORM']}, max speed",
        f"headless                      {statistics.median(head_rates):8,.0f} steps/s",
    ]
    for name in LAYOUTS:
        lateness = np.concatenate(late[name])
        lines += [
            f"window, {name + ':':<22}{statistics.median(win_rates[name]):8,.0f} steps/s, "
            f"window / headless {statistics.median(ratios[name]):.3f}   (target >= 0.85)",
            f"  event-loop lateness ({PROBE_MS} ms QTimer probe, {lateness.size:,} ticks): "
            f"median {np.median(lateness):.1f} ms, p99 {np.percentile(lateness, 99):.1f} ms, "
            f"max {lateness.max():.1f} ms   (target p99 <= 20 ms, max <= 100 ms)",
        ]
    print("\n".join(lines))
    if args.write:
        from benchmarks.report import row, write_section

        rows = []
        for name in LAYOUTS:
            lateness = np.concatenate(late[name])
            p99, worst = float(np.percentile(lateness, 99)), float(lateness.max())
            r = ratios[name]
            rows += [
                row(
                    f"window open ({name}), plots live / headless (steps/s)",
                    "≥ 0.85",
                    f"{statistics.median(r):.3f} ({min(r):.2f}–{max(r):.2f})",
                    statistics.median(r) >= 0.85,
                ),
                row(
                    f"event-loop lateness while training, {name} (5 ms QTimer probe)",
                    "p99 ≤ 20 ms, max ≤ 100 ms",
                    f"p99 {p99:.1f} ms, max {worst:.1f} ms",
                    p99 <= 20 and worst <= 100,
                ),
            ]
        text = (
            f"{SECTION}\n\n`QT_QPA_PLATFORM=offscreen python benchmarks/bench_window.py --write`. "
            "Rounds alternate a headless run and window runs of the default config at full speed; the "
            "window is offscreen at 1920×1080, once with its step inspector raised (it records its "
            "watched entries every step), once with the epoch map above the mini-batch view. Lateness "
            "comes from a third run in each round, with the probe timer on: its 200 wake-ups a second "
            "take the GIL from the worker, so the throughput runs go without it.\n\n"
            "```\n" + "\n".join(lines) + "\n```\n"
        )
        print(f"wrote {write_section('window', text, rows)}")


if __name__ == "__main__":
    main()
