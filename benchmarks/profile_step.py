"""Where the engine's per-step time goes beside a bare loop's: each piece of its bookkeeping timed on
its own, in microseconds and as a share of a bare step.

Run from the repository root, alone: ``python benchmarks/profile_step.py``. Each figure is the
fastest of several repeats of many calls (``timeit``), the least disturbed by other processes; the
pieces are the engine's own code where it has a function for them (History.append,
DivergenceCheck, the CPU scalar read), and the same torch calls as the engine's loop otherwise. The
model is the default softmax regression on 784 features, torch threads 1.
"""

from __future__ import annotations

import math
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from torch.nn import functional as F  # noqa: E402, N812

from core.training.engine import DivergenceCheck, StepInfo, _CpuScalars, _zero_grad  # noqa: E402
from core.training.history import History  # noqa: E402
from core.training.models import build_model  # noqa: E402

BATCH_SIZES = (16, 64, 256)
N = 20_000


def fastest(fn, number: int = 300, repeat: int = 7) -> float:
    """Microseconds per call: the fastest of ``repeat`` runs of ``number`` calls."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e6


def profile(batch: int) -> dict[str, float]:
    x, y = torch.randn(N, 784), torch.randint(0, 10, (N,))
    model = build_model("softmax", 784, 10, 64, 0)
    params = list(model.parameters())
    optimizer = torch.optim.SGD(params, lr=0.01, momentum=0.9)
    order = torch.randperm(N)
    at = [0]

    def step(set_to_none: bool) -> torch.Tensor:
        lo = at[0] = (at[0] + batch) % (N - batch)
        idx = order[lo : lo + batch]
        xb, yb = x.index_select(0, idx), y.index_select(0, idx)
        optimizer.zero_grad(set_to_none=set_to_none)
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        loss.item()
        optimizer.step()
        return loss

    loss = step(False)
    scalars = _CpuScalars()
    history = History.for_run(10**7)
    check = DivergenceCheck()
    group = optimizer.param_groups[0]

    def vector_norms() -> float:  # the engine's gradient norm before: a torch call and item() each
        return math.hypot(*[torch.linalg.vector_norm(p.grad).item() for p in params])

    def hook(info: StepInfo) -> None:
        pass

    def step_info() -> None:
        hook(StepInfo(1, 1, 1, 938, 0.5, 0.01, 1.0, batch))

    def small() -> None:  # the loop's other per-step Python: checks, clock, β, sums
        math.isfinite(0.5) and math.isfinite(1.0)
        check(0.5)
        time.perf_counter()
        group["momentum"]

    return {
        "bare step (zero_grad() sets the gradients to None)": fastest(lambda: step(True)),
        "gradients zeroed in place instead (zero_grad(set_to_none=False), backward adds into them)": (
            fastest(lambda: step(False)) - fastest(lambda: step(True))
        ),
        "optimizer.zero_grad(set_to_none=False), the optimizer's method (before)": fastest(
            lambda: optimizer.zero_grad(set_to_none=False), 2000
        ),
        "each gradient's zero_(), what that method does (now)": fastest(lambda: _zero_grad(params), 2000),
        "gradient norm, vector_norm + item() per parameter (before)": fastest(vector_norms, 2000),
        "gradient norm, numpy dot products over views (now; with the loss's item())": (
            fastest(lambda: scalars(loss, params), 2000) - fastest(loss.item, 2000)
        ),
        "History.append (6 columns)": fastest(lambda: history.append(0.5, 0.01, 1.0, 0.1, batch, 0.9), 2000),
        "StepInfo and one callback": fastest(step_info, 2000),
        "divergence checks, clock, β": fastest(small, 2000),
    }


def main() -> int:
    torch.set_num_threads(1)
    results = {b: profile(b) for b in BATCH_SIZES}
    names = list(results[BATCH_SIZES[0]])
    print("| per step | " + " | ".join(f"batch {b}" for b in BATCH_SIZES) + " |")
    print("|---|" + "---:|" * len(BATCH_SIZES))
    for name in names:
        cells = []
        for b in BATCH_SIZES:
            us, bare = results[b][name], results[b][names[0]]
            cells.append(f"{us:,.1f} µs" if name == names[0] else f"{us:,.1f} µs ({us / bare:.1%})")
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
