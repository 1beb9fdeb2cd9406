"""Data-parallel workers (``--workers K``, core/training/distributed.py) against one process, on this
machine: steps per second, the gradient all-reduce's cost, and the time to start K workers.

Run from the repository root, alone: ``python benchmarks/bench_workers.py`` (``make bench``);
``--write`` also writes BENCHMARKS.md; ``--quick`` takes shorter measurements (a check that it runs,
not figures to keep). Three parts:

1. **Steps per second.** For the default run (softmax regression on the default 60,000 MNIST-like
   samples, batch B = 64) and for the MLP with 1,024 hidden units (batch 64), the app's own
   :class:`~core.training.distributed.DistributedRun` (what ``--workers K`` runs) with K = 1, 2 and
   4 workers of batch B against the app's one-process :class:`~core.training.engine.Trainer` with
   batch K·B (the same samples a step) and with batch B. Each worker runs one intra-op thread (the
   app sets ``torch.set_num_threads(1)`` in every worker); the one process runs the thread rule's
   choice (``core/training/threads.py``; the table says how many). Each run trains for about
   ``--seconds`` and is then stopped (a callback calls ``request_stop``); its rate comes from the
   run's own clock (the history's ``time_s``: the engine's, or worker 0's), first few steps left
   out, so that neither the start-up nor the evaluation counts. The default run's workers, and its
   one process at batch B, make the built-in data themselves as in the app (their start is part
   3's); the other runs are given the data this process made on its first run (the workers get
   it in shared memory), which shortens their start and leaves their steps as they are. The
   contenders run interleaved in rounds; each figure is a median over the rounds, with its range.
2. **The all-reduce's cost per step.** A bare reference written apart from the app: K = 2 gloo
   processes started here with ``torch.multiprocessing.spawn``, one intra-op thread each, time
   ``dist.all_reduce`` of a float32 tensor the size of each model's parameters (what DDP's gradient
   sync sends a step), of the five float64 numbers the app exchanges a step besides (each worker's
   losses and the Stop flag), and a DDP step (zero_grad, forward, cross-entropy, backward, SGD step,
   ``loss.item()``) with its gradient sync and under ``ddp.no_sync()``: their difference is what
   the sync costs a step. These two bare processes' start (spawn, import torch, rendezvous) is
   reported too, beside the app's workers'.
3. **The time to start K workers.** ``DistributedRun.start_s``: from the spawn to every worker
   ready (torch imported, the data, the rendezvous, DDP's first broadcast), from the runs of part
   1: each worker making the data (the default run), or given it (the MLP runs). For the question
   "one wiring for K = 1 too": the default run's headless steps/s in one process (Trainer) against
   in one worker process (DistributedRun, K = 1), and the time from ``run()`` to the first step the
   caller sees in each. A worker process pays its start on every run; the one process pays torch's
   lazy imports and the data's making on its first run only (round 1's; it keeps both, as the
   window's process does), and nearly nothing on later runs.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402
import torch.multiprocessing as torch_mp  # noqa: E402
from torch import nn  # noqa: E402
from torch.nn import functional as F  # noqa: E402, N812
from torch.nn.parallel import DistributedDataParallel  # noqa: E402

from core.training.config import TrainConfig  # noqa: E402
from core.training.data import Dataset, load_dataset  # noqa: E402
from core.training.distributed import DistributedRun  # noqa: E402
from core.training.engine import COMPLETED, STOPPED, Callback, StepInfo, Trainer  # noqa: E402
from core.training.threads import cores  # noqa: E402

BATCH = 64
HIDDEN = 1024
WORKLOADS = {
    "softmax": ("default run (softmax, batch 64)", TrainConfig(batch_size=BATCH, epochs=1)),
    "mlp": (
        "MLP, 1,024 hidden units, batch 64",
        TrainConfig(model="mlp", hidden=HIDDEN, batch_size=BATCH, epochs=1),
    ),
}
SHORT = {"softmax": "softmax", "mlp": "MLP, 1,024 hidden"}
WORKERS = (1, 2, 4)
SECONDS = 0.8  # of training steps per measurement (default)
QUICK_SECONDS = 0.25
WARMUP = 5  # the first steps of a run, left out of its rate (the first calls of a fresh model)
MIN_STEPS = WARMUP + 20  # a run is stopped after its seconds and at least this many steps
REFERENCE_WORKERS = 2
# float64 numbers the app's workers all-reduce each step besides the gradients: K·(k + 1) + 1 for
# K workers accumulating over k iterations (each worker's losses, and Stop): 5 for K = 2, k = 1
STATS = REFERENCE_WORKERS * 2 + 1


def contenders() -> list[tuple[str, int, int]]:
    """(kind, processes K, batch a process): one process of batch B and K·B, then K workers of B."""
    one = sorted({BATCH} | {k * BATCH for k in WORKERS})
    return [("one", 1, b) for b in one] + [("workers", k, BATCH) for k in WORKERS]


def label(kind: str, k: int, batch: int) -> str:
    if kind == "one":
        return f"one process, batch {batch}"
    return f"{k} worker{'s' if k > 1 else ''} × batch {batch}"


# -- part 1: the app's runs --------------------------------------------------------------------


class _Timed(Callback):
    """Notes when the caller sees the first step, and stops the run ``seconds`` after it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.first: float | None = None
        self.stop = lambda: None

    def set_trainer(self, trainer: Trainer) -> None:
        self.stop = trainer.request_stop

    def on_step_end(self, step: StepInfo) -> None:
        now = time.perf_counter()
        if self.first is None:
            self.first = now
        elif now - self.first >= self.seconds and step.step >= MIN_STEPS:
            self.stop()


def _rate(result) -> float:
    """Steps per second by the run's own clock, the first WARMUP steps left out."""
    if result.status not in (COMPLETED, STOPPED):
        raise RuntimeError(f"run ended {result.status}: {result.message}")
    t = result.history.column("time_s")
    if len(t) < MIN_STEPS:
        raise RuntimeError(f"only {len(t)} steps recorded: too few to time")
    return (len(t) - 1 - WARMUP) / float(t[-1] - t[WARMUP])


def one_process(cfg: TrainConfig, data: Dataset | None, seconds: float) -> dict:
    """The app's Trainer: steps/s, the threads it ran and the time from run() to its first step."""
    timed = _Timed(seconds)
    began = time.perf_counter()
    result = Trainer(cfg, [timed], dataset=data).run()
    return {"rate": _rate(result), "threads": torch.get_num_threads(), "first_s": timed.first - began}


def in_workers(cfg: TrainConfig, k: int, seconds: float, data: Dataset | None) -> dict:
    """The app's DistributedRun with K workers (``data`` None: each makes the built-in data, as with
    --workers K; else they are given it, in shared memory): steps/s, the start (spawn to every
    worker ready) and the time from run() to the first step."""
    timed = _Timed(seconds)
    run = DistributedRun(cfg.replace(workers=k), [timed], dataset=data)
    timed.stop = run.request_stop
    began = time.perf_counter()
    result = run.run()
    return {"rate": _rate(result), "start_s": run.start_s, "first_s": timed.first - began}


def measure(rounds: int, seconds: float, log) -> dict:
    """Per workload and contender, each round's figures (interleaved: every contender once a round)."""
    data: Dataset | None = None  # the default data, for the runs whose start is not timed
    runs: dict[str, dict[tuple, list[dict]]] = {w: {c: [] for c in contenders()} for w in WORKLOADS}
    for r in range(rounds):
        for workload, (_, base) in WORKLOADS.items():
            for kind, k, batch in contenders():
                cfg = base.replace(batch_size=batch)
                # The default run's start is timed as the app starts it, each process making the
                # data itself (the one process at batch B: the one-process side of "one wiring for
                # K = 1"; it runs first, so that round 1 times the first run in this process, and
                # this process keeps its data, as the window's does, for the later runs); the
                # other runs are given the data this process made, which shortens their start.
                own = workload == "softmax" and (kind == "workers" or batch == BATCH)
                if not own and data is None:
                    data = load_dataset(TrainConfig())  # kept by the first run: no new data
                if kind == "one":
                    figures = one_process(cfg, None if own else data, seconds)
                else:
                    figures = in_workers(cfg, k, seconds, None if own else data)
                runs[workload][(kind, k, batch)].append(figures)
                rate = figures["rate"]
                extra = f", start {figures['start_s']:.2f} s" if "start_s" in figures else ""
                log(
                    f"round {r + 1}, {workload}, {label(kind, k, batch)}: {rate:,.0f} steps/s, "
                    f"{1000 / rate:.2f} ms a step{extra}"
                )
    return runs


# -- part 2: the bare reference (written apart from the app) -------------------------------------


def _port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reference_model(name: str) -> nn.Module:
    if name == "softmax":
        return nn.Linear(784, 10)
    return nn.Sequential(nn.Linear(784, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, 10))


def _timed_calls(fn, seconds: float) -> float:
    """Seconds a call of ``fn``, over about ``seconds``; every rank makes the same number of calls
    (rank 0's count, broadcast), as a collective requires."""
    for _ in range(3):
        fn()
    began = time.perf_counter()
    for _ in range(5):
        fn()
    count = torch.tensor([max(10, int(seconds / max((time.perf_counter() - began) / 5, 1e-6)))])
    dist.broadcast(count, 0)
    dist.barrier()
    began = time.perf_counter()
    for _ in range(int(count)):
        fn()
    return (time.perf_counter() - began) / int(count)


def _reference(rank: int, port: int, rounds: int, seconds: float, queue) -> None:
    """One of the reference's processes: gloo, one intra-op thread, its timings to rank 0's queue."""
    torch.set_num_threads(1)
    dist.init_process_group(
        "gloo",
        init_method=f"tcp://127.0.0.1:{port}",
        rank=rank,
        world_size=REFERENCE_WORKERS,
        timeout=timedelta(seconds=180),
    )
    dist.barrier()
    ready = time.monotonic()
    g = torch.Generator().manual_seed(rank)
    x, y = torch.randn(BATCH, 784, generator=g), torch.randint(0, 10, (BATCH,), generator=g)
    small = torch.zeros(STATS, dtype=torch.float64)
    setups = {}
    for name in WORKLOADS:
        torch.manual_seed(0)
        ddp = DistributedDataParallel(_reference_model(name))
        optimizer = torch.optim.SGD(ddp.parameters(), lr=0.01, momentum=0.9)
        flat = torch.zeros(sum(p.numel() for p in ddp.parameters()), dtype=torch.float32)
        setups[name] = (ddp, optimizer, flat)
    times: dict[str, dict[str, list[float]]] = {
        name: {"all_reduce": [], "stats": [], "sync": [], "no_sync": []} for name in WORKLOADS
    }

    def step(ddp, optimizer, sync: bool) -> None:
        optimizer.zero_grad()
        if sync:
            loss = F.cross_entropy(ddp(x), y)
            loss.backward()
        else:
            with ddp.no_sync():
                loss = F.cross_entropy(ddp(x), y)
                loss.backward()
        optimizer.step()
        loss.item()

    try:
        for _ in range(rounds):
            for name, (ddp, optimizer, flat) in setups.items():
                t = times[name]
                t["all_reduce"].append(_timed_calls(lambda flat=flat: dist.all_reduce(flat), seconds))
                t["stats"].append(_timed_calls(lambda: dist.all_reduce(small), seconds))
                t["sync"].append(_timed_calls(lambda d=ddp, o=optimizer: step(d, o, True), seconds))
                t["no_sync"].append(_timed_calls(lambda d=ddp, o=optimizer: step(d, o, False), seconds))
        if rank == 0:
            sizes = {name: int(flat.numel()) for name, (_, _, flat) in setups.items()}
            queue.put((ready, sizes, times))
    finally:
        dist.destroy_process_group()


def reference(rounds: int, seconds: float) -> dict:
    """Spawn the two reference processes, wait for them, and return their timings and their start."""
    ctx = torch_mp.get_context("spawn")
    queue = ctx.SimpleQueue()
    spawned = time.monotonic()  # CLOCK_MONOTONIC: one clock for every process on Linux
    torch_mp.spawn(_reference, args=(_port(), rounds, seconds, queue), nprocs=REFERENCE_WORKERS, join=True)
    ready, sizes, times = queue.get()
    return {"start_s": ready - spawned, "sizes": sizes, "times": times}


# -- the report -----------------------------------------------------------------------------------


def _med(values: list[float]) -> float:
    return statistics.median(values)


def _span(values: list[float], fmt: str) -> str:
    """``median (min–max)`` of ``values`` with format ``fmt``; the median alone for one value."""
    text = format(_med(values), fmt)
    if len(values) > 1:
        text += f" ({format(min(values), fmt)}–{format(max(values), fmt)})"
    return text


def _seconds(values: list[float]) -> str:
    """A duration's median (range): in seconds, or in milliseconds below one second."""
    if _med(values) < 1:
        return f"{_span([v * 1e3 for v in values], ',.0f')} ms"
    return f"{_span(values, '.2f')} s"


def summarise(runs: dict) -> dict:
    """Medians and ranges; ratios are medians of the ratios within a round."""
    out = {}
    for workload, by in runs.items():
        rows = []
        for kind, k, batch in contenders():
            rates = [f["rate"] for f in by[(kind, k, batch)]]
            same = by[("one", 1, k * batch)]
            single = by[("one", 1, BATCH)]
            vs_same = [f["rate"] / s["rate"] for f, s in zip(by[(kind, k, batch)], same, strict=True)]
            samples = [
                f["rate"] * k * batch / (s["rate"] * BATCH)
                for f, s in zip(by[(kind, k, batch)], single, strict=True)
            ]
            rows.append(
                {
                    "kind": kind,
                    "k": k,
                    "batch": batch,
                    "rates": rates,
                    "threads": by[(kind, k, batch)][0].get("threads", 1),
                    "vs_same": vs_same,
                    "samples_vs_single": samples,
                    "start_s": [f["start_s"] for f in by[(kind, k, batch)] if "start_s" in f],
                    "first_s": [f["first_s"] for f in by[(kind, k, batch)]],
                }
            )
        out[workload] = rows
    return out


def table_steps(summary: dict, rounds: int, seconds: float) -> str:
    lines = [
        f"Steps per second, median (range) of {rounds} interleaved round{'s' if rounds > 1 else ''} of "
        f"about {seconds:g} s of steps each, by the run's own clock (the first {WARMUP} steps, the "
        f"start-up and the evaluation left out); {cores()} cores. Workers: one intra-op thread each (the "
        "app's setting); one process: the thread rule's choice (`core/training/threads.py`). "
        "*Same samples*: against one process with batch K·B, which takes the same samples a step "
        "(above 1: the workers are faster). *Samples/s*: against one process with batch 64.",
        "",
        "| workload | contender | threads a process | steps/s | ms a step | samples/s "
        "| steps/s ÷ one process, same samples | samples/s ÷ one process, batch 64 |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for workload, rows in summary.items():
        name = WORKLOADS[workload][0]
        for r in rows:
            rate = _med(r["rates"])
            same = "" if r["kind"] == "one" else _span(r["vs_same"], ".2f")
            lines.append(
                f"| {name} | {label(r['kind'], r['k'], r['batch'])} | {r['threads']} "
                f"| {_span(r['rates'], ',.0f')} | {1000 / rate:.2f} | {rate * r['k'] * r['batch']:,.0f} "
                f"| {same} | {_span(r['samples_vs_single'], '.2f')} |"
            )
    return "\n".join(lines)


def slower(summary: dict) -> list[str]:
    """Where more workers are slower: than one process with the same samples a step, and in
    samples a second than one process of batch 64."""
    notes = []
    for workload, rows in summary.items():
        name = WORKLOADS[workload][0]
        behind = [r for r in rows if r["kind"] == "workers" and _med(r["vs_same"]) < 1]
        fewer = [r for r in rows if r["kind"] == "workers" and _med(r["samples_vs_single"]) < 1]
        if behind:
            notes.append(
                f"{name}: slower than one process with the same samples a step: "
                + ", ".join(f"K = {r['k']} ({_med(r['vs_same']):.2f}×)" for r in behind)
            )
        if fewer:
            notes.append(
                f"{name}: fewer samples a second than one process of batch 64: "
                + ", ".join(f"K = {r['k']} ({_med(r['samples_vs_single']):.2f}×)" for r in fewer)
            )
    return notes


def table_sync(ref: dict, rounds: int) -> str:
    lines = [
        f"The bare reference: {REFERENCE_WORKERS} gloo processes, one intra-op thread each, a step of "
        f"batch {BATCH}; time a call, median (range) of {rounds} round{'s' if rounds > 1 else ''}. "
        f"Their start (spawn, import torch, rendezvous): {ref['start_s']:.2f} s.",
        "",
        "| model | parameters | `all_reduce`, parameters' size "
        f"| `all_reduce`, {STATS} float64 (losses, Stop) | DDP step, with gradient sync "
        "| under `no_sync()` | the sync, a step | share of the step |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for workload, t in ref["times"].items():
        sync, local = _med(t["sync"]), _med(t["no_sync"])
        lines.append(
            f"| {SHORT[workload]} "
            f"| {ref['sizes'][workload]:,} | {_span([s * 1e6 for s in t['all_reduce']], ',.0f')} µs "
            f"| {_span([s * 1e6 for s in t['stats']], ',.0f')} µs "
            f"| {_span([s * 1e3 for s in t['sync']], '.2f')} ms "
            f"| {_span([s * 1e3 for s in t['no_sync']], '.2f')} ms "
            f"| {(sync - local) * 1e3:.2f} ms | {(sync - local) / sync:.0%} |"
        )
    return "\n".join(lines)


def _workers_row(summary: dict, k: int) -> dict:
    """The default run's figures with K workers."""
    return next(r for r in summary["softmax"] if r["kind"] == "workers" and r["k"] == k)


def table_start(summary: dict) -> str:
    one = next(r for r in summary["softmax"] if r["kind"] == "one" and r["batch"] == BATCH)
    lines = [
        "Start of K workers (`DistributedRun.start_s`: spawn, import torch, the data, rendezvous, "
        "DDP's first broadcast, until every worker is ready), each worker making the data (the "
        "default run, as `--workers K` does) or given the parent's in shared memory (the MLP runs); "
        "and, for the default run, from `run()` to the first step the caller sees. The one process "
        "(the Trainer) pays for torch's lazy imports (the first optimizer built) and for making the "
        "data on its first run only: this process keeps both for its later runs, as the window's does.",
        "",
        "| processes | start, each making the data | start, given the data | `run()` → first step seen |",
        "|---|---:|---:|---:|",
        f"| one process, its first run | — | — | {_seconds(one['first_s'][:1])} |",
    ]
    if len(one["first_s"]) > 1:
        lines.append(f"| one process, later runs | — | — | {_seconds(one['first_s'][1:])} |")
    for k in WORKERS:
        own = _workers_row(summary, k)
        given = next(r for r in summary["mlp"] if r["kind"] == "workers" and r["k"] == k)
        lines.append(
            f"| {k} worker{'s' if k > 1 else ''}, every run | {_span(own['start_s'], '.2f')} s "
            f"| {_span(given['start_s'], '.2f')} s | {_seconds(own['first_s'])} |"
        )
    return "\n".join(lines)


def one_wiring(summary: dict) -> dict:
    """The default run headless: one worker process against the one process, steps/s, and the time
    from run() to the first step (the one process's first run in this process; its later runs)."""
    one = next(r for r in summary["softmax"] if r["kind"] == "one" and r["batch"] == BATCH)
    k1 = _workers_row(summary, 1)
    return {
        "ratio": k1["vs_same"],
        "one_rate": _med(one["rates"]),
        "k1_rate": _med(k1["rates"]),
        "k1_first_s": k1["first_s"],
        "one_first_s": one["first_s"][0],
        "one_later_s": one["first_s"][1:],
    }


def _wiring_text(wiring: dict) -> str:
    later = wiring["one_later_s"]
    return (
        f"{_seconds(wiring['k1_first_s'])} on every run, against the one process's "
        f"{_seconds([wiring['one_first_s']])} on its first run"
        + (f" and {_seconds(later)} on later runs" if later else "")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument(
        "--seconds", type=float, default=SECONDS, help=f"seconds of steps per measurement ({SECONDS})"
    )
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_SECONDS} s per measurement: a check")
    parser.add_argument("--write", action="store_true", help="also write BENCHMARKS.md")
    args = parser.parse_args(argv)
    rounds = max(1, args.rounds)
    seconds = QUICK_SECONDS if args.quick else args.seconds
    began = time.perf_counter()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{cores()} cores, load average {load}; torch {torch.__version__}", flush=True)

    ref = reference(rounds, seconds / 2)
    print(f"reference: {REFERENCE_WORKERS} processes started in {ref['start_s']:.2f} s", flush=True)
    summary = summarise(measure(rounds, seconds, lambda s: print(s, flush=True)))
    wiring = one_wiring(summary)
    notes = slower(summary)
    steps, sync, start = table_steps(summary, rounds, seconds), table_sync(ref, rounds), table_start(summary)
    wiring_line = (
        f"One wiring for K = 1: the default run headless, one worker process / one process: "
        f"{_span(wiring['ratio'], '.2f')} ({wiring['k1_rate']:,.0f} against {wiring['one_rate']:,.0f} "
        f"steps/s); from `run()` to the first step, the worker process takes {_wiring_text(wiring)}."
    )
    slower_text = "\n".join(f"- {n}" for n in notes) if notes else "- nowhere: every K was at least as fast"
    result = (
        f"{steps}\n\nWhere more workers are slower:\n\n{slower_text}\n\n{sync}\n\n{start}\n\n{wiring_line}"
    )
    print()
    print(result)
    print(f"\n(the benchmark took {time.perf_counter() - began:.0f} s)")
    if args.write:
        from benchmarks.report import row, write_section

        checks = []
        for workload, rows in summary.items():
            checks.append(
                row(
                    f"K workers / one process of batch K·B (steps/s), {WORKLOADS[workload][0]}",
                    "report",
                    ", ".join(
                        f"K = {r['k']}: {_span(r['vs_same'], '.2f')}" for r in rows if r["kind"] == "workers"
                    ),
                    None,
                )
            )
        checks.append(
            row(
                f"gradient sync a step, DDP, K = {REFERENCE_WORKERS} (step with sync − under `no_sync()`)",
                "report",
                ", ".join(
                    f"{SHORT[w]}: {(_med(t['sync']) - _med(t['no_sync'])) * 1e3:.2f} ms"
                    for w, t in ref["times"].items()
                ),
                None,
            )
        )
        checks.append(
            row(
                "start K workers (spawn → every worker ready), each making the default data",
                "report",
                ", ".join(
                    f"K = {k}: "
                    + _span(
                        _workers_row(summary, k)["start_s"],
                        ".1f",
                    )
                    + " s"
                    for k in WORKERS
                ),
                None,
            )
        )
        checks.append(
            row(
                "one wiring for K = 1: default run headless, one worker process / one process (steps/s); "
                "`run()` → first step",
                "report",
                f"{_span(wiring['ratio'], '.2f')}; {_wiring_text(wiring)}",
                None,
            )
        )
        text = (
            "## Data-parallel workers\n\n"
            "`python benchmarks/bench_workers.py --write`. The app's `--workers K` (K processes, gloo, "
            "DDP, one intra-op thread each) against one process (the Trainer, the thread rule's "
            "threads) with the same samples a step (batch K·B) and with batch B; the gradient sync's "
            "cost a step, from a bare two-process DDP loop written apart from the app; the time to "
            "start K workers; and what running the one-process case in a worker process would cost "
            f'("one wiring for K = 1").\n\n{result}\n'
        )
        print(f"\nwrote {write_section('workers', text, checks)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
