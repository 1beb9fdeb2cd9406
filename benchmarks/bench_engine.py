"""Engine speed against a bare PyTorch loop and the tutorial ``DataLoader`` loop, side by side.

Run from the repository root: ``python benchmarks/bench_engine.py`` (``make bench``); ``--write``
also writes ``BENCHMARKS.md``. Absolute times on shared machines are noise: the ratios count. The
loops train the same softmax regression on the default 60,000 training samples with the same batch
size; they run interleaved in rounds (engine, bare, ..., in an order rotated each round) and each
figure is a median over the rounds, ratios being medians of the ratios within a round.

What is compared is the training steps. The engine's are timed by its own clock (the history's
``time_s`` of each epoch's last step, less where the epoch began), so that neither its set-up (the
model, the history's buffers) nor its end-of-epoch evaluation passes (the validation set's loss and
the whole training set's, ``train_loss_end``: batched forward passes under ``torch.inference_mode``)
count; the evaluation's time is reported apart, as a share of the run. The bare loops are timed from
their first step to their last in the same way.

The reference is a bare loop that gathers a mini-batch as the engine does, with
``x.index_select(0, idx)``: the ratio is what the engine's bookkeeping costs (the loss and gradient
norm it records, its history, callbacks and control checks). The loop people usually write, with
``xb, yb = x[idx], y[idx]``, and the DataLoader loop are reported beside it. The step inspector's
watched entries are off for these figures; a run that watches one entry, as the inspector does,
reports their cost.
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
THREADS = 1  # fixed (the rule's choice for these runs), so that a neighbour hurts all loops alike
WATCHED = (("W", (3, 392)),)  # the inspector's one entry, as when it follows the last step
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
clock = CLOCKS["wall"]  # --clock cpu counts only the time this process ran (robust to neighbours)


class _StepHook(Callback):
    """A trivial per-step callback (it switches the engine's per-step callback path on) that also adds
    up the CPU time of each epoch's training steps, for ``--clock cpu``."""

    def __init__(self) -> None:
        self.cpu = 0.0
        self._began = 0.0

    def on_epoch_begin(self, epoch: int) -> None:
        self._began = time.process_time()

    def on_step_end(self, step: StepInfo) -> None:
        if step.iteration == step.steps_per_epoch:
            self.cpu += time.process_time() - self._began


def _model(cfg: TrainConfig, data: Dataset) -> torch.nn.Module:
    return build_model(cfg.model, data.features, data.outputs, cfg.hidden, cfg.seed)


def _sgd(cfg: TrainConfig, model: torch.nn.Module) -> torch.optim.SGD:
    return torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=cfg.momentum)


def run_engine(cfg: TrainConfig, data: Dataset, steps: int, watch=()) -> tuple[float, float]:
    """Seconds of the training steps of ``Trainer(cfg, [hook], dataset=data, watch=watch).run()``
    (``cfg.epochs`` gives ``steps``), and the fraction of the whole run's time that its end-of-epoch
    evaluation passes took, both by the engine's own clock (with ``--clock cpu``, the training steps'
    CPU time, added up by the step hook)."""
    started, hook = time.perf_counter(), _StepHook()
    result = Trainer(cfg, [hook], dataset=data, watch=watch).run()
    whole = time.perf_counter() - started
    if result.status != COMPLETED or result.history.size != steps:
        raise RuntimeError(f"engine run ended {result.status} after {result.history.size} steps")
    # Each epoch begins where the previous one's record was stamped (after its evaluation); its last
    # step's time_s ends its training; the evaluation passes fill the gap up to its own record.
    step_times, last, began, training, evaluation = result.history.column("time_s"), 0, 0.0, 0.0, 0.0
    for record in result.history.epochs:
        last += record.steps
        trained = float(step_times[last - 1])
        training += trained - began
        evaluation += record.time_s - trained
        began = record.time_s
    return (hook.cpu if clock is time.process_time else training), evaluation / whole


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
        eng, watched, same, bare, dl, evaluation = [], [], [], [], [], []
        for r in range(rounds):
            # The four loops of a round run in an order rotated each round, so that no loop always
            # runs first, or right after the DataLoader's allocations: its position alone moves a
            # loop's speed by a few per cent on this machine.
            names = ("engine", "watched", "same", "bare")
            for name in names[r % 4 :] + names[: r % 4]:
                if name == "engine":
                    seconds, share = run_engine(cfg, data, steps)
                    eng.append(steps / seconds)
                    evaluation.append(share)
                elif name == "watched":
                    watched.append(steps / run_engine(cfg, data, steps, WATCHED)[0])
                else:
                    rate = steps / run_bare(cfg, data, steps, index_select=name == "same")
                    (same if name == "same" else bare).append(rate)
            dl.append(dl_steps / run_dataloader(cfg, data, dl_steps))
            log(
                f"  batch {b:>3} round {r + 1}: engine {eng[-1]:7.0f}  watching {watched[-1]:7.0f}  "
                f"bare, index_select {same[-1]:7.0f}  bare, x[idx] {bare[-1]:7.0f}  "
                f"DataLoader {dl[-1]:7.0f} steps/s; evaluation {evaluation[-1]:.1%} of the run"
            )

        def ratio(a: list[float], ref: list[float]) -> float:
            return statistics.median(x / y for x, y in zip(a, ref, strict=True))

        rows.append(
            {
                "batch": b,
                "steps": steps,
                "dl_steps": dl_steps,
                "engine": statistics.median(eng),
                "watched": statistics.median(watched),
                "same_gather": statistics.median(same),
                "bare": statistics.median(bare),
                "dataloader": statistics.median(dl),
                "vs_same": ratio(eng, same),
                "vs_same_range": _range([e / x for e, x in zip(eng, same, strict=True)]),
                "watch_cost": 1 - ratio(watched, eng),
                "vs_bare": ratio(eng, bare),
                "vs_dl": ratio(eng, dl),
                "evaluation": statistics.median(evaluation),
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
        f"Softmax regression, {SAMPLES:,} x 784 MNIST-like samples, lr 0.01, momentum 0.9, torch threads "
        f"{THREADS}; {clock_name} clock, median of {rounds} interleaved rounds. Ratios are medians of the "
        "ratios within a round. Training steps only: the engine's set-up and end-of-epoch evaluation are "
        "left out (the evaluation's share of the whole run is its own column).",
        "",
        "| batch | steps (loops / DataLoader) | engine steps/s | bare, `index_select`, steps/s "
        "| **engine / bare, `index_select`** | watching one entry: cost | bare, `x[idx]`, steps/s "
        "| engine / bare, `x[idx]` | DataLoader steps/s | engine / DataLoader "
        "| evaluation passes, share of the run |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lo, hi = r["vs_same_range"]
        lines.append(
            f"| {r['batch']} | {r['steps']:,} / {r['dl_steps']:,} | {r['engine']:,.0f} "
            f"| {r['same_gather']:,.0f} "
            f"| **{r['vs_same']:.3f}** ({lo:.2f}–{hi:.2f}) | {r['watch_cost']:.1%} | {r['bare']:,.0f} "
            f"| {r['vs_bare']:.3f} | {r['dataloader']:,.0f} | {r['vs_dl']:.2f} | {r['evaluation']:.1%} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    global clock, TARGET_S
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="interleaved rounds (at least 5)")
    parser.add_argument(
        "--seconds", type=float, default=TARGET_S, help=f"about how long each loop runs a round ({TARGET_S})"
    )
    parser.add_argument("--write", action="store_true", help="also write BENCHMARKS.md")
    parser.add_argument(
        "--clock", choices=CLOCKS, default="wall", help="wall time, or this process's CPU time (default wall)"
    )
    args = parser.parse_args(argv)
    rounds = max(5, args.rounds)
    TARGET_S = args.seconds
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

        rows = [
            row(
                f"engine / bare loop gathering with `index_select` (training steps), batch {r['batch']}",
                "≥ 0.95",
                f"{r['vs_same']:.3f} ({r['vs_same_range'][0]:.2f}–{r['vs_same_range'][1]:.2f})",
                r["vs_same"] >= 0.95,
            )
            for r in rows_measured
        ]
        rows.append(
            row(
                "the step inspector's one watched entry: its cost per step",
                "report",
                ", ".join(f"batch {r['batch']}: {r['watch_cost']:.1%}" for r in rows_measured),
                None,
            )
        )
        rows.append(
            row(
                "the end-of-epoch evaluation passes (validation and `train_loss_end`): share of the run",
                "report",
                ", ".join(f"batch {r['batch']}: {r['evaluation']:.1%}" for r in rows_measured),
                None,
            )
        )
        rows.append(
            row(
                "engine / the usual bare loop (`x[idx]`); engine / `DataLoader(TensorDataset)` loop",
                "report",
                ", ".join(f"batch {r['batch']}: {r['vs_bare']:.2f}, {r['vs_dl']:.2f}" for r in rows_measured),
                None,
            )
        )
        text = (
            "## The engine against a bare loop and the DataLoader loop\n\n"
            "`python benchmarks/bench_engine.py --write`. The training engine's steps against a bare "
            "hand-written PyTorch loop that gathers each mini-batch as the engine does "
            "(`x.index_select(0, idx)`, step, `loss.item()`): their ratio is the cost of the engine's "
            "bookkeeping. Beside it, the loop most people write (`x[idx]`, which advanced indexing makes "
            "slower) and the `DataLoader(TensorDataset(x, y), shuffle=True)` loop, on the same tensors, "
            "model and batch size, interleaved in rounds. The step inspector's watched entries are off, "
            "except in the column that reports their cost."
            f"\n\n{result}\n"
        )
        print(f"\nwrote {write_section('engine', text, rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
