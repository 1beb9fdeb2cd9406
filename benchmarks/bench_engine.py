"""Engine speed against a bare PyTorch loop and the tutorial ``DataLoader`` loop, side by side.

Run from the repository root: ``python benchmarks/bench_engine.py`` (``make bench``); ``--write``
also writes ``BENCHMARKS.md``. Absolute times on shared machines are noise: the ratios count. The
loops train the same softmax regression on the default 60,000 training samples with the same batch
size; they run interleaved in rounds (engine, bare, ...) and each figure is a median over the
rounds, ratios being medians of the ratios within a round. The engine also validates after every
epoch, which the other loops do not; one column leaves that time out.

The bare loop is written the way people write it: ``xb, yb = x[idx], y[idx]``. The engine gathers
the same rows with ``index_select``, which is cheaper; a second bare loop that gathers the same way
shows what the engine's own bookkeeping (gradient norm, history, callbacks, control checks) costs.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from torch.nn import functional as F  # noqa: E402, N812
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

from core.training.config import TrainConfig  # noqa: E402
from core.training.data import Dataset, load_dataset  # noqa: E402
from core.training.engine import COMPLETED, Callback, StepInfo, Trainer  # noqa: E402
from core.training.models import build_model  # noqa: E402

BATCH_SIZES = (16, 64, 256)
SAMPLES = TrainConfig().samples  # the default 60,000
TARGET_S = 1.5  # aim for this many seconds per measurement
THREADS = 1  # fixed, so that a neighbour on this shared machine hurts all loops alike
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
clock = CLOCKS["wall"]  # --clock cpu counts only the time this process ran (robust to neighbours)


class _StepHook(Callback):
    """A trivial callback: it only switches the per-step callback path on."""

    def on_step_end(self, step: StepInfo) -> None:
        pass


def _model(cfg: TrainConfig, data: Dataset) -> torch.nn.Module:
    return build_model(cfg.model, data.features, data.outputs, cfg.hidden, cfg.seed)


def _sgd(cfg: TrainConfig, model: torch.nn.Module) -> torch.optim.SGD:
    return torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=cfg.momentum)


def run_engine(cfg: TrainConfig, data: Dataset, steps: int) -> tuple[float, float]:
    """Seconds for ``Trainer(cfg, [hook], dataset=data).run()`` (``cfg.epochs`` gives ``steps``),
    and the fraction of them spent on the end-of-epoch evaluation (the validation set's loss and the
    whole training set's, ``train_loss_end``: batched forward passes under ``torch.inference_mode``),
    which the other loops skip."""
    start, wall = clock(), time.perf_counter()
    result = Trainer(cfg, [_StepHook()], dataset=data).run()
    seconds, wall = clock() - start, time.perf_counter() - wall
    if result.status != COMPLETED or result.history.size != steps:
        raise RuntimeError(f"engine run ended {result.status} after {result.history.size} steps")
    # An epoch's record is stamped after its evaluation passes, its last step before: the gap is them.
    step_times, last, validation = result.history.column("time_s"), 0, 0.0
    for record in result.history.epochs:
        last += record.steps
        validation += record.time_s - float(step_times[last - 1])
    return seconds, validation / wall  # the engine's clock is the wall clock


def run_bare(cfg: TrainConfig, data: Dataset, steps: int, index_select: bool = False) -> float:
    """Seconds for a hand-written loop: randperm per epoch, ``x[idx]`` (or ``x.index_select(0, idx)``,
    the engine's gather), step, ``loss.item()``."""
    model = _model(cfg, data)
    optimizer = _sgd(cfg, model)
    x, y, b = data.x_train, data.y_train, cfg.batch_size
    n = x.shape[0]
    shuffler = torch.Generator().manual_seed(cfg.seed)
    done = 0
    start = clock()
    while done < steps:
        order = torch.randperm(n, generator=shuffler)
        for lo in range(0, n, b):
            idx = order[lo : lo + b]
            if index_select:
                xb, yb = x.index_select(0, idx), y.index_select(0, idx)
            else:
                xb, yb = x[idx], y[idx]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            optimizer.step()
            loss.item()
            done += 1
            if done == steps:
                break
    return clock() - start


def run_dataloader(cfg: TrainConfig, data: Dataset, steps: int) -> float:
    """Seconds for the tutorial loop: ``DataLoader(TensorDataset(x, y), shuffle=True)``."""
    model = _model(cfg, data)
    optimizer = _sgd(cfg, model)
    loader = DataLoader(
        TensorDataset(data.x_train, data.y_train),
        batch_size=cfg.batch_size,
        shuffle=True,
        generator=torch.Generator().manual_seed(cfg.seed),
    )
    done = 0
    start = clock()
    while done < steps:
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            optimizer.step()
            loss.item()
            done += 1
            if done == steps:
                break
    return clock() - start


def _plan(batch_size: int, data: Dataset) -> tuple[TrainConfig, int, int]:
    """Config and step counts (engine and bare, DataLoader) that take about TARGET_S each."""
    per_epoch = -(-SAMPLES // batch_size)
    probe = min(per_epoch, 200)
    cfg = TrainConfig(samples=SAMPLES, batch_size=batch_size, epochs=1)
    run_bare(cfg, data, probe)  # warm up
    rate = probe / min(run_bare(cfg, data, probe) for _ in range(2))
    epochs = max(1, round(TARGET_S * rate / per_epoch))
    run_dataloader(cfg, data, probe // 4)  # warm up
    dl_rate = (probe // 4) / run_dataloader(cfg, data, probe // 4)
    dl_steps = min(epochs * per_epoch, max(50, round(TARGET_S * dl_rate)))
    return cfg.replace(epochs=epochs), epochs * per_epoch, dl_steps


def measure(data: Dataset, rounds: int, log: Callable[[str], None]) -> list[dict]:
    """Per batch size: median steps/s of each loop and median per-round ratios."""
    rows = []
    for b in BATCH_SIZES:
        cfg, steps, dl_steps = _plan(b, data)
        run_engine(cfg.replace(epochs=1), data, -(-SAMPLES // b))  # warm up
        eng, eng_train, bare, same, dl = [], [], [], [], []
        for r in range(rounds):
            seconds, val_share = run_engine(cfg, data, steps)
            eng.append(steps / seconds)
            eng_train.append(steps / (seconds * (1 - val_share)))
            bare.append(steps / run_bare(cfg, data, steps))
            same.append(steps / run_bare(cfg, data, steps, index_select=True))
            dl.append(dl_steps / run_dataloader(cfg, data, dl_steps))
            log(
                f"  batch {b:>3} round {r + 1}: engine {eng[-1]:7.0f}  bare {bare[-1]:7.0f}  "
                f"bare, index_select {same[-1]:7.0f}  DataLoader {dl[-1]:7.0f} steps/s"
            )
        rows.append(
            {
                "batch": b,
                "steps": steps,
                "dl_steps": dl_steps,
                "engine": statistics.median(eng),
                "bare": statistics.median(bare),
                "same_gather": statistics.median(same),
                "dataloader": statistics.median(dl),
                "vs_bare": statistics.median(e / x for e, x in zip(eng, bare, strict=True)),
                "vs_bare_range": _range([e / x for e, x in zip(eng, bare, strict=True)]),
                "train_vs_bare_range": _range([e / x for e, x in zip(eng_train, bare, strict=True)]),
                "train_vs_bare": statistics.median(e / x for e, x in zip(eng_train, bare, strict=True)),
                "vs_same": statistics.median(e / x for e, x in zip(eng, same, strict=True)),
                "train_vs_same": statistics.median(e / x for e, x in zip(eng_train, same, strict=True)),
                "vs_dl": statistics.median(e / x for e, x in zip(eng, dl, strict=True)),
            }
        )
    return rows


def _range(values: list[float]) -> tuple[float, float]:
    return min(values), max(values)


def machine() -> str:
    """CPU model, cores, torch version and threads, on one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, torch {torch.__version__}, "
        f"torch.set_num_threads({torch.get_num_threads()})"
    )


def table(rows: list[dict], rounds: int, clock_name: str) -> str:
    """The results as a Markdown table."""
    lines = [
        f"Softmax regression, {SAMPLES:,} x 784 MNIST-like samples, lr 0.01, momentum 0.9; "
        f"{clock_name} clock, median of {rounds} interleaved rounds. Ratios are medians of the ratios "
        "within a round; the engine's whole `run()` is timed, including its validation pass after "
        "each epoch, which the other loops skip (one column leaves it out).",
        "",
        "| batch | steps (engine, bare / DataLoader) | engine steps/s | bare steps/s "
        "| bare, `index_select`, steps/s | DataLoader steps/s | engine / bare "
        "| engine / bare, validation excluded | engine / bare with `index_select` (validation excluded) "
        "| engine / DataLoader |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['batch']} | {r['steps']:,} / {r['dl_steps']:,} | {r['engine']:,.0f} | {r['bare']:,.0f} "
            f"| {r['same_gather']:,.0f} | {r['dataloader']:,.0f} | {r['vs_bare']:.3f} "
            f"| {r['train_vs_bare']:.3f} "
            f"| {r['vs_same']:.3f} ({r['train_vs_same']:.3f}) | {r['vs_dl']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="interleaved rounds (at least 5)")
    parser.add_argument("--write", action="store_true", help="also write BENCHMARKS.md")
    parser.add_argument(
        "--clock", choices=CLOCKS, default="wall", help="wall time, or this process's CPU time (default wall)"
    )
    args = parser.parse_args(argv)
    rounds = max(5, args.rounds)
    global clock
    clock = CLOCKS[args.clock]
    torch.set_num_threads(THREADS)
    data = load_dataset(TrainConfig(samples=SAMPLES))  # once, outside every timing
    header = machine()
    print(f"Machine: {header}", flush=True)
    rows_measured = measure(data, rounds, lambda s: print(s, flush=True))
    result = table(rows_measured, rounds, args.clock)
    print()
    print(result)
    if args.write:
        from benchmarks.report import row, write_section

        rows = []
        for r in rows_measured:
            lo, hi = r["vs_bare_range"]
            tlo, thi = r["train_vs_bare_range"]
            rows.append(
                row(
                    f"engine / bare PyTorch loop, batch {r['batch']}",
                    "≥ 0.95",
                    f"{r['vs_bare']:.3f} ({lo:.2f}–{hi:.2f}); without the engine's validation pass "
                    f"{r['train_vs_bare']:.3f} ({tlo:.2f}–{thi:.2f})",
                    r["vs_bare"] >= 0.95,
                )
            )
        rows.append(
            row(
                "engine / bare loop gathering with `index_select` too (the bookkeeping's cost)",
                "report",
                ", ".join(
                    f"batch {r['batch']}: {r['vs_same']:.3f} ({r['train_vs_same']:.3f} without validation)"
                    for r in rows_measured
                ),
                None,
            )
        )
        rows.append(
            row(
                "engine / `DataLoader(TensorDataset)` loop",
                "report",
                ", ".join(f"batch {r['batch']}: {r['vs_dl']:.2f}×" for r in rows_measured),
                None,
            )
        )
        text = (
            "## The engine against a bare loop and the DataLoader loop\n\n"
            "`python benchmarks/bench_engine.py --write`. The training engine against a bare hand-written "
            "PyTorch loop (randperm, `x[idx]`, step, `loss.item()`) and against the "
            "`DataLoader(TensorDataset(x, y), shuffle=True)` loop, on the same tensors, model and batch "
            f"size, interleaved in rounds. Torch threads: {THREADS}. The engine gathers a mini-batch with "
            "`x.index_select(0, idx)`, the same rows as `x[idx]` without advanced indexing's overhead; the "
            "bare loop written that way too shows what the engine's bookkeeping costs on its own."
            f"\n\n{result}\n"
        )
        print(f"\nwrote {write_section('engine', text, rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
