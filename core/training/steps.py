"""The arithmetic of an epoch: how many ``optimizer.step()`` calls, and how big the last batch is."""

from __future__ import annotations


def steps_per_epoch(samples: int, batch_size: int, drop_last: bool = False) -> int:
    """⌈N/B⌉ iterations, or ⌊N/B⌋ with ``drop_last`` — the same as ``len(DataLoader(...))``."""
    if samples < 0 or batch_size < 1:
        raise ValueError("samples must be >= 0 and batch_size >= 1")
    return samples // batch_size if drop_last else -(-samples // batch_size)


def last_batch_size(samples: int, batch_size: int, drop_last: bool = False) -> int:
    """Samples in the epoch's last batch: ``N − (⌈N/B⌉ − 1)·B``, or ``B`` with ``drop_last``."""
    steps = steps_per_epoch(samples, batch_size, drop_last)
    if steps == 0:
        return 0
    return batch_size if drop_last else samples - (steps - 1) * batch_size


def describe(samples: int, batch_size: int, drop_last: bool = False, epochs: int | None = None) -> str:
    """The arithmetic as text: ``⌈60000 / 64⌉ = 938 iterations per epoch (last batch: 32 samples)``."""
    steps = steps_per_epoch(samples, batch_size, drop_last)
    if drop_last:
        text = f"⌊{samples} / {batch_size}⌋ = {steps} iterations per epoch"
        dropped = samples - steps * batch_size
        if dropped:
            text += f" ({dropped} samples dropped)"
    else:
        last = last_batch_size(samples, batch_size)
        text = f"⌈{samples} / {batch_size}⌉ = {steps} iterations per epoch"
        text += f" (last batch: {last} samples)" if last != batch_size else " (all batches full)"
    if epochs is not None:
        text += f"; {epochs} × {steps} = {epochs * steps:,} optimizer.step() calls"
    return text


def duration(seconds: float) -> str:
    """``m:ss`` or ``h:mm:ss`` (elapsed time, ETA)."""
    seconds = max(0, round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
