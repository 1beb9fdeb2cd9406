"""The application's responsiveness: start-up, stop, one plot frame of 10⁶ points, memory over 10⁶ steps.

Run from the repository root: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_app.py`` (``make
bench`` runs it); ``--write`` adds the figures to ``BENCHMARKS.md``.

- start-up: ``python main.py`` as a new process with ``SGD_LAB_STARTUP_PROBE=1``, which prints one
  line at the window's first paint and quits; timed in this process from just before the child is
  spawned (interpreter start included) to that line. The line says whether torch was imported by then.
- stop: the default config trains in the window; the Stop button is clicked; timed until the worker
  thread has finished and the window has the result (``run_finished``).
- plot frame: the loss plot (``gui.panels.plots.LossPlot``) holding 10⁶ steps gets one more chunk: the
  ``setData`` of its curves plus a forced paint (``grab()``), the work of one live frame.
- memory: the resident set size grown by 10⁶ recorded steps, with the step inspector's watched
  entries, through the engine's ``History`` and the window's buffers (plots, counter, inspector). The
  steps are fed as the worker feeds them (chunks of history) but without training, which at 10⁶ steps
  would take minutes; the training itself allocates nothing per step.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core.training.config import TrainConfig  # noqa: E402

MILLION = 1_000_000


def startup(repeats: int) -> tuple[list[float], str, float]:
    """Seconds from spawning ``python main.py`` to its first paint, the probe's line, and the time
    ``python -c 'import torch'`` takes on its own (what start-up would cost with torch on the path)."""
    env = dict(os.environ, SGD_LAB_STARTUP_PROBE="1")
    times, line = [], ""
    for _ in range(repeats + 1):  # the first run warms the file cache and is dropped
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py")],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT, env=env,
        )  # fmt: skip
        line = proc.stdout.readline().strip()
        times.append(time.perf_counter() - started)
        proc.wait(timeout=30)
        if not line.startswith("first paint"):
            raise RuntimeError(f"the start-up probe printed {line!r}")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import torch"], check=True)
    return times[1:], line, time.perf_counter() - started


def _wait(app: QApplication, condition, timeout_s: float = 60) -> None:
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def stop_latency(app: QApplication, repeats: int) -> list[float]:
    """Click Stop mid-run; seconds until the run's worker thread finished and the window had the result."""
    from gui.main_window import MainWindow

    window = MainWindow(TrainConfig())
    window.show()
    finished: list[float] = []
    window.run_finished.connect(lambda _r: finished.append(time.perf_counter()))
    out = []
    for _ in range(repeats):
        window.start()
        _wait(app, lambda: window.counter.step >= 200)  # training at full speed
        finished.clear()
        clicked = time.perf_counter()
        window.stop_button.click()
        _wait(app, lambda: bool(finished) and not window.session.runner.busy)
        out.append(finished[0] - clicked)
        if window.session.last_result.status != "stopped":
            raise RuntimeError(f"the run ended {window.session.last_result.status}")
    window.close()
    window.deleteLater()
    app.processEvents()
    return out


def plot_frame(app: QApplication, repeats: int) -> tuple[list[float], list[float]]:
    """Milliseconds for one frame of the loss plot at 10⁶ points: append a 50-step chunk (``setData``
    on every curve) and paint; and for the paint alone."""
    from gui.panels.plots import LossPlot

    plot = LossPlot()
    plot.resize(1000, 560)
    plot.show()
    plot.reset(1000, "classification", MILLION // 1000 + 1)
    rng = np.random.default_rng(0)
    loss = 2.3 * np.exp(-np.arange(MILLION) / 2e5) + 0.1 * rng.random(MILLION)
    plot.append(loss, 0, np.full(MILLION, 0.01))
    plot.grab()
    app.processEvents()
    frames, paints = [], []
    for _ in range(repeats):
        chunk = 0.3 + 0.1 * rng.random(50)
        started = time.perf_counter()
        plot.append(chunk, plot.count, np.full(50, 0.01))
        plot.grab()
        frames.append((time.perf_counter() - started) * 1e3)
        started = time.perf_counter()
        plot.grab()
        paints.append((time.perf_counter() - started) * 1e3)
    if plot.count != MILLION + 50 * repeats:
        raise RuntimeError("the plot lost points")
    plot.close()
    plot.deleteLater()
    app.processEvents()
    return frames, paints


def _rss_mb() -> float:
    """This process's resident set size in MB (Linux /proc; elsewhere the peak from getrusage)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 1e6 if sys.platform == "darwin" else peak / 1e3


def memory(
    app: QApplication, steps: int = MILLION, chunk: int = 2_000, watched: bool = True
) -> tuple[float, float]:
    """MB of resident memory grown by ``steps`` recorded steps (engine history + window buffers), and
    MB of it that the engine's step buffers account for; ``watched``: with the inspector's entry."""
    from core.training.chunks import Chunk
    from core.training.history import WATCH_FIELDS, History
    from gui.main_window import MainWindow

    config = TrainConfig(epochs=steps // 1000, samples=64_000, batch_size=64)  # 1,000 steps an epoch
    window = MainWindow(config)
    window.show()
    watch = window._watch_list(config) if watched else []
    window.session.run_config = config
    window.loss_plot.reset(1000, "classification", config.epochs)
    window.counter.prepare(config.epochs, 1000)
    window.inspector.begin_run(config, 1000)
    # Made before the first reading: numpy.random's first use imports modules and OpenSSL (MBs), not steps.
    values = [float(v) for v in np.random.default_rng(0).random(len(watch) * len(WATCH_FIELDS) + 2)]
    app.processEvents()
    before = _rss_mb()
    # As the engine makes it for its float32 model: sized for the run; float32 watched entries.
    history = History.for_run(steps, watch_dtype=np.float32)
    sent = 0
    for step in range(1, steps + 1):
        if watch:
            history.append_watch(step, tuple(watch), values)
        history.append(1.0 / step, 0.01, 0.5, step * 1e-4, 64, 0.9)
        if step % chunk == 0:  # as the worker sends them: views of the rows just written
            window.session.chunk(Chunk.of_steps(history, sent, step, 1000))
            sent = step
            if step % 100_000 == 0:
                app.processEvents()
    app.processEvents()
    grown = _rss_mb() - before
    if window.loss_plot.count != steps or window.counter.step != steps:
        raise RuntimeError("the window lost steps")
    buffers = sum(
        history.column(n).nbytes for n in ("loss", "lr", "grad_norm", "time_s", "batch_size", "momentum")
    )
    if watch:
        buffers += history.watch_values.nbytes + history.watch_norms.nbytes
    window.close()
    return grown, buffers / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="repeats of each timing (default 15)")
    parser.add_argument("--write", action="store_true", help="also add the figures to BENCHMARKS.md")
    args = parser.parse_args()
    n = max(3, args.repeats)
    starts, probe_line, torch_alone = startup(max(3, n // 3))
    print(
        f"start-up: {[round(t, 2) for t in starts]} s; {probe_line}; import torch alone {torch_alone:.2f} s"
    )
    app = QApplication.instance() or QApplication([])
    stops = [s * 1e3 for s in stop_latency(app, n)]
    print(f"stop: {[round(s, 1) for s in stops]} ms")
    frames, paints = plot_frame(app, n)
    print(f"plot frame: {[round(f, 1) for f in frames]} ms; paint alone {[round(p, 1) for p in paints]} ms")
    grown, buffers = memory(app)
    plain, plain_buffers = memory(app, watched=False)
    print(f"memory: {grown:.1f} MB grown over {MILLION:,} steps; the step buffers are {buffers:.1f} MB")
    print(f"memory without watched entries: {plain:.1f} MB; the step buffers are {plain_buffers:.1f} MB")

    torch_first = "yes" in probe_line.split("torch imported:")[-1]
    lines = [
        f"start-up (process start → first paint), {len(starts)} runs: "
        f"median {statistics.median(starts):.2f} s, range {min(starts):.2f}–{max(starts):.2f} s; "
        "torch imported before the first paint: "
        f"{'yes' if torch_first else 'no'} (`python -c 'import torch'` alone: {torch_alone:.2f} s)",
        f"stop (click → worker finished), {len(stops)} runs: median {statistics.median(stops):.1f} ms, "
        f"max {max(stops):.1f} ms",
        f"plot frame at 10⁶ points (append a 50-step chunk: setData + paint), {len(frames)} frames: "
        f"median {statistics.median(frames):.1f} ms, max {max(frames):.1f} ms; "
        f"paint alone median {statistics.median(paints):.1f} ms",
        f"memory: RSS grown by {grown:.0f} MB over {MILLION:,} recorded steps with watched entries "
        f"(engine history {buffers:.0f} MB of it; the rest is the window's copies); without watched "
        f"entries (inspector closed, or headless): {plain:.0f} MB (engine history {plain_buffers:.0f} MB)",
    ]
    print("\n".join(lines))
    if args.write:
        from benchmarks.report import row, write_section

        median_start = statistics.median(starts)
        rows = [
            row(
                "start-up: process start → first window paint",
                "≤ 1.5 s, torch off the critical path",
                f"{median_start:.2f} s ({min(starts):.2f}–{max(starts):.2f}); torch loaded before paint: "
                f"{'yes' if torch_first else 'no'}",
                median_start <= 1.5 and not torch_first,
            ),
            row(
                "stop: click → worker finished",
                "≤ 100 ms",
                f"median {statistics.median(stops):.1f} ms, max {max(stops):.1f} ms",
                max(stops) <= 100,
            ),
            row(
                "one loss-plot frame with 10⁶ points (setData + paint)",
                "≤ 30 ms (median)",
                f"median {statistics.median(frames):.1f} ms ({min(frames):.1f}–{max(frames):.1f})",
                statistics.median(frames) <= 30,
            ),
            row(
                "memory: RSS growth over 10⁶ recorded steps",
                "≤ 100 MB",
                f"{grown:.0f} MB with the inspector's watched entry, {plain:.0f} MB without",
                grown <= 100,
            ),
        ]
        text = (
            "## The application: start-up, stop, a plot frame, memory\n\n"
            "`QT_QPA_PLATFORM=offscreen python benchmarks/bench_app.py --write`; how each figure is "
            "taken is in the script's docstring. Offscreen: no window manager, no GPU compositing; "
            "on a desktop the paint and start-up figures include the display server's share too.\n\n"
            "```\n" + "\n".join(lines) + "\n```\n"
        )
        print(f"wrote {write_section('app', text, rows)}")


if __name__ == "__main__":
    main()
