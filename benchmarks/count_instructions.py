"""Instructions per training step, the engine against the bare ``index_select`` loop, counted by
valgrind (callgrind): ``python benchmarks/count_instructions.py`` (needs valgrind; about an hour on
2 cores, since everything runs some 50 times slower under it).

Timings on a shared machine swing by ±15–30 % a round; an instruction count does not. Each loop runs
twice, for ``--short`` and ``--long`` steps of softmax regression at batch 64, on a training set of
exactly that many batches (the data are made the same way for both loops); the difference between
the two counts, divided by the extra steps, is one step's instructions with the imports, the data and
the set-up taken out. The engine's end-of-epoch evaluation is switched off for the count.

What it cannot see: time that is not instructions (caches, memory, the scheduler). valgrind counts a
``rep stosb`` (memset) byte by byte, so a memset weighs more here than it costs.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 64


def child(mode: str, steps: int) -> None:
    """One loop of ``steps`` steps (run under valgrind by :func:`main`)."""
    sys.path.insert(0, str(ROOT))
    import torch
    from torch.nn import functional as F  # noqa: N812

    import core.training.engine as engine
    from core.training.config import TrainConfig
    from core.training.data import load_dataset
    from core.training.models import build_model

    torch.set_num_threads(1)
    cfg = TrainConfig(batch_size=BATCH, epochs=1, samples=steps * BATCH)
    data = load_dataset(cfg)
    if mode == "engine":
        engine.Trainer._evaluate = lambda self, *args: (0.0, None)  # steps only
        result = engine.Trainer(cfg, dataset=data).run()
        assert result.history.size == steps, result.message
        return
    x, y = data.x_train, data.y_train
    model = build_model(cfg.model, data.features, data.outputs, cfg.hidden, cfg.seed)
    optimizer = torch.optim.SGD(model.parameters(), lr=cfg.lr, momentum=cfg.momentum)
    order = torch.randperm(x.shape[0], generator=torch.Generator().manual_seed(cfg.seed))
    for lo in range(0, steps * BATCH, BATCH):
        idx = order[lo : lo + BATCH]
        xb, yb = x.index_select(0, idx), y.index_select(0, idx)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        optimizer.step()
        loss.item()


def count(mode: str, steps: int, folder: Path) -> int:
    out = folder / f"callgrind.{mode}.{steps}"
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__,
         "--child", mode, str(steps)],
        capture_output=True, text=True, env=dict(os.environ, PYTHONHASHSEED="0"), check=True,
    )  # fmt: skip
    match = re.search(r"Collected : (\d+)", done.stderr)
    if match is None:
        raise RuntimeError(done.stderr[-2000:])
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", type=int, default=100, help="steps of the short runs (100)")
    parser.add_argument("--long", type=int, default=600, help="steps of the long runs (600)")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "STEPS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as folder:
        per_step = {}
        for mode in ("engine", "bare"):
            short, long = (count(mode, steps, Path(folder)) for steps in (args.short, args.long))
            per_step[mode] = (long - short) / (args.long - args.short)
            print(f"{mode}: {per_step[mode]:,.0f} instructions a step", flush=True)
    print(f"bare / engine: {per_step['bare'] / per_step['engine']:.3f} (batch {BATCH}, softmax regression)")


if __name__ == "__main__":
    main()
