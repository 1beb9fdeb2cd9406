"""The intra-op thread rule (core/training/threads.py) against every thread count, on an idle machine
and beside one busy process.

Run from the repository root, alone: ``python benchmarks/bench_threads.py`` (``make bench``);
``--write`` also writes BENCHMARKS.md. For each workload (the default run; the batch-size lab's
smallest batch; the MLP with 1,024 hidden units) and each condition (idle; one other process keeping
a core busy, as a compiler or a browser tab would), the engine trains with 1, 2 and as many threads
as there are cores (the rule's choice is among them), interleaved in rounds; each figure is a median
of steps per second, by the engine's clock. The rule meets its target when the best thread count's
figure is within 1.1× of the figure of the count the rule chooses.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.training.config import TrainConfig  # noqa: E402
from core.training.data import load_dataset  # noqa: E402
from core.training.engine import COMPLETED, Trainer  # noqa: E402
from core.training.threads import cores, set_override, threads_for  # noqa: E402

WORKLOADS = {
    "default run (softmax, batch 64)": TrainConfig(),
    "lab's smallest batch (softmax, batch 16)": TrainConfig(batch_size=16),
    "MLP, 1,024 hidden units, batch 64": TrainConfig(model="mlp", hidden=1024),
    "MLP, 1,024 hidden units, batch 256": TrainConfig(model="mlp", hidden=1024, batch_size=256),
}
TARGET_S = 1.0  # about this long per measurement
BUSY = "while True: pass"


def steps_per_second(cfg: TrainConfig, data, threads: int | None) -> float:
    """Training steps per second of one engine run of ``cfg`` with ``threads`` (None: the rule's
    choice), by the engine's own clock: the end-of-epoch evaluation and the set-up are left out."""
    set_override(threads)
    try:
        result = Trainer(cfg, dataset=data).run()
    finally:
        set_override(None)
    if result.status != COMPLETED:
        raise RuntimeError(f"run ended {result.status}: {result.message}")
    return result.history.size / float(result.history.column("time_s")[-1])


def sized(cfg: TrainConfig) -> tuple[TrainConfig, object]:
    """``cfg`` with as many samples (one epoch) as take about TARGET_S at one thread, and its data."""
    probe = cfg.replace(samples=min(4096, cfg.samples), epochs=1)
    rate = steps_per_second(probe, load_dataset(probe), 1)
    samples = int(min(cfg.samples, max(cfg.batch_size * 20, rate * TARGET_S * cfg.batch_size)))
    sized_cfg = cfg.replace(samples=samples, epochs=1)
    return sized_cfg, load_dataset(sized_cfg)


def measure(rounds: int, log) -> list[dict]:
    rows = []
    for name, base in WORKLOADS.items():
        cfg, data = sized(base)
        rule = threads_for(cfg.batch_size, _parameters(cfg, data))
        counts = sorted({1, 2, cores(), rule})  # the rule's choice is one of the counts measured
        for condition in ("idle", "one busy process"):
            busy = None
            if condition != "idle":
                busy = subprocess.Popen([sys.executable, "-c", BUSY])
            try:
                rates: dict[str, list[float]] = {str(n): [] for n in counts}
                for _ in range(rounds):
                    for n in counts:
                        rates[str(n)].append(steps_per_second(cfg, data, n))
            finally:
                if busy is not None:
                    busy.kill()
                    busy.wait()
            med = {k: statistics.median(v) for k, v in rates.items()}
            med["rule"] = med[str(rule)]
            row = {
                "workload": name,
                "condition": condition,
                "samples": cfg.samples,
                "rule": rule,
                "rates": med,
                "best_over_rule": max(med[str(n)] for n in counts) / med["rule"],
            }
            log(
                f"{name}, {condition}: "
                + ", ".join(
                    f"{k} thread{'s' if k != '1' else ''} {v:,.0f}" for k, v in med.items() if k != "rule"
                )
                + f"; the rule chooses {rule}; best / rule {row['best_over_rule']:.2f}"
            )
            rows.append(row)
    return rows


def _parameters(cfg: TrainConfig, data) -> int:
    from core.training.models import build_model

    return sum(
        p.numel() for p in build_model(cfg.model, data.features, data.outputs, cfg.hidden, 0).parameters()
    )


def table(rows: list[dict], rounds: int) -> str:
    counts = [k for k in rows[0]["rates"] if k != "rule"]
    lines = [
        f"Engine steps/s, median of {rounds} interleaved rounds, one epoch each; {cores()} cores. "
        "*Busy*: one other process spinning on a core throughout.",
        "",
        "| workload | condition | "
        + " | ".join(f"{k} thread{'s' if k != '1' else ''}" for k in counts)
        + " | the rule's choice | rule | best / rule |",
        "|---|---|" + "---:|" * (len(counts) + 3),
    ]
    for r in rows:
        cells = " | ".join(f"{r['rates'][k]:,.0f}" for k in counts)
        lines.append(
            f"| {r['workload']} | {r['condition']} | {cells} | {r['rule']} | {r['rates']['rule']:,.0f} "
            f"| {r['best_over_rule']:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--write", action="store_true", help="also write BENCHMARKS.md")
    args = parser.parse_args(argv)
    rows = measure(max(1, args.rounds), lambda s: print(s, flush=True))
    result = table(rows, args.rounds)
    print()
    print(result)
    if args.write:
        from benchmarks.report import row, write_section

        default = [r for r in rows if r["workload"].startswith("default")]
        checks = [
            row(
                f"default run with the thread rule / best thread count, {r['condition']}",
                "≤ 1.1",
                f"{r['best_over_rule']:.2f}",
                r["best_over_rule"] <= 1.1,
            )
            for r in default
        ]
        checks.append(
            row(
                "every workload: best thread count / the rule",
                "report",
                ", ".join(f"{r['workload']}, {r['condition']}: {r['best_over_rule']:.2f}" for r in rows),
                None,
            )
        )
        text = (
            "## Threads\n\n"
            "`python benchmarks/bench_threads.py --write`. torch's intra-op threads chosen by "
            "`core/training/threads.py` (one thread unless batch × parameters reaches "
            "16 million multiply-adds a step, then one per core but one, at most 4) against every thread "
            "count, idle and beside one busy "
            f"process.\n\n{result}\n"
        )
        print(f"\nwrote {write_section('threads', text, checks)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
