"""How many intra-op threads torch uses for a run: one rule for the window, the command line, the
batch-size lab and the sweeps (the :class:`~core.training.engine.Trainer` applies it as a run starts).

Torch's default is one thread per core. For the small models SGD Lab trains, a step is too short
to split: the threads' hand-over costs more than it saves, and when another process is busy on this
machine, threads that spin waiting for each other make a run several times slower (BENCHMARKS.md,
"Threads"). So a run gets one thread unless a step does enough arithmetic for more threads to pay:
``batch_size × parameters`` multiply-adds of the forward pass at least :data:`PARALLEL_WORK`, as
the MLP with a wide hidden layer does. Then it gets one thread per core but one, up to
:data:`MAX_THREADS`: the core left over keeps the window's event loop (or any other process) from
stalling the threads, which on a 2-core machine means one thread for every run.
``--threads N`` (:func:`set_override`) replaces the rule for every run of the process.
"""

from __future__ import annotations

import os

PARALLEL_WORK = 16_000_000  # multiply-adds a step (batch × parameters) from which threads help
MAX_THREADS = 4
THREADS_LIMITS = (1, 256)

_override: int | None = None


def set_override(threads: int | None) -> None:
    """Use ``threads`` for every run of this process (``--threads``); None brings the rule back."""
    global _override
    if threads is not None and not THREADS_LIMITS[0] <= threads <= THREADS_LIMITS[1]:
        raise ValueError(f"threads must be {THREADS_LIMITS[0]} … {THREADS_LIMITS[1]}, got {threads}")
    _override = threads


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def threads_for(batch_size: int, parameters: int) -> int:
    """The intra-op threads for a run whose steps take ``batch_size`` samples through a model of
    ``parameters`` parameters: the override if one is set, else the rule above."""
    if _override is not None:
        return _override
    if batch_size * parameters < PARALLEL_WORK:
        return 1
    return max(1, min(cores() - 1, MAX_THREADS))
