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


def optimizer_steps_per_epoch(
    samples: int, batch_size: int, drop_last: bool = False, accumulate: int = 1
) -> int:
    """With gradient accumulation over ``accumulate`` = k iterations: ⌈iterations / k⌉
    ``optimizer.step()`` calls an epoch. A last window shorter than k (the iterations left at the
    epoch's end) still steps, with its loss scaled by its own samples, as PyTorch Lightning does."""
    if accumulate < 1:
        raise ValueError("accumulate must be >= 1")
    return -(-steps_per_epoch(samples, batch_size, drop_last) // accumulate)


def run_steps_per_epoch(config) -> int:
    """``optimizer.step()`` calls an epoch of a run of ``config`` (a TrainConfig): the rows an epoch
    takes in its history, what the plots and the counter count in. With K data-parallel workers, each
    worker's ⌈N/K⌉ samples make the epoch (every step is one step of all K)."""
    samples = _samples_per_worker(config)
    return optimizer_steps_per_epoch(samples, config.batch_size, config.drop_last, config.accumulate)


def run_iterations_per_epoch(config) -> int:
    """Mini-batches an epoch of a run of ``config``: ⌈N/B⌉ (⌊N/B⌋ with drop_last), or with K
    data-parallel workers each worker's ⌈⌈N/K⌉/B⌉."""
    samples = _samples_per_worker(config)
    return steps_per_epoch(samples, config.batch_size, config.drop_last)


def _samples_per_worker(config) -> int:
    """N, or each of K data-parallel workers' ⌈N/K⌉ samples."""
    if config.workers > 1 and config.samples >= 1:
        return worker_share(config.samples, config.workers)[0]
    return config.samples


def window_samples(samples: int, batch_size: int, drop_last: bool, accumulate: int) -> list[int]:
    """The samples of each accumulation window of an epoch, in order: what each window's mean loss
    divides by (the last batch, and so the last window, may be smaller)."""
    iterations = steps_per_epoch(samples, batch_size, drop_last)
    last = last_batch_size(samples, batch_size, drop_last)
    sizes = [batch_size] * iterations
    if iterations:
        sizes[-1] = last
    return [sum(sizes[i : i + accumulate]) for i in range(0, iterations, accumulate)]


def worker_share(samples: int, workers: int) -> tuple[int, int]:
    """K data-parallel workers under DistributedSampler (its own ``drop_last=False``, PyTorch's
    default): each worker's ⌈N/K⌉ samples, and the K·⌈N/K⌉ − N samples repeated as padding so that
    every worker gets as many."""
    if samples < 1 or workers < 1:
        raise ValueError("samples and workers must be >= 1")
    share = -(-samples // workers)
    return share, share * workers - samples


def describe_workers(
    samples: int, batch_size: int, workers: int, drop_last: bool = False, accumulate: int = 1
) -> str:
    """The arithmetic of K data-parallel workers as text: each worker's share, the padding (and what
    --drop-last drops), the global batch and the steps per epoch."""
    share, padding = worker_share(samples, workers)
    iterations = steps_per_epoch(share, batch_size, drop_last)
    text = f"{workers} workers: ⌈{samples} / {workers}⌉ = {share} samples each"
    text += (
        f" ({padding} repeated as padding by DistributedSampler)" if padding else " (no padding: K divides N)"
    )
    if drop_last:
        dropped = share - iterations * batch_size
        text += f"; ⌊{share} / {batch_size}⌋ = {iterations} iterations per epoch"
        if dropped:
            text += f" ({dropped} samples dropped by each worker, {dropped * workers} in all)"
    else:
        text += f"; ⌈{share} / {batch_size}⌉ = {iterations} iterations per epoch"
    text += f"; global batch {workers} × {batch_size}"
    if accumulate > 1:
        steps = optimizer_steps_per_epoch(share, batch_size, drop_last, accumulate)
        text += f" × {accumulate} accumulated = {workers * batch_size * accumulate} samples a step"
        text += f", ⌈{iterations} / {accumulate}⌉ = {steps} optimizer steps per epoch"
    else:
        text += f" = {workers * batch_size} samples a step"
    return text


def short_last_window(
    samples: int, batch_size: int, drop_last: bool, accumulate: int
) -> tuple[int, int] | None:
    """The epoch's last accumulation window as (iterations, samples) when it is not a full window
    of ``accumulate`` batches of ``batch_size``; None when it is."""
    windows = window_samples(samples, batch_size, drop_last, accumulate)
    if not windows:
        return None
    iterations = steps_per_epoch(samples, batch_size, drop_last) - (len(windows) - 1) * accumulate
    if iterations == accumulate and windows[-1] == accumulate * batch_size:
        return None
    return iterations, windows[-1]


def describe(
    samples: int, batch_size: int, drop_last: bool = False, epochs: int | None = None, accumulate: int = 1
) -> str:
    """The arithmetic as text: ``⌈60000 / 64⌉ = 938 iterations per epoch (last batch: 32 samples)``,
    with gradient accumulation the optimizer steps apart."""
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
    if accumulate > 1:
        optimizer_steps = optimizer_steps_per_epoch(samples, batch_size, drop_last, accumulate)
        text += (
            f"; accumulating {accumulate} iterations a step: ⌈{steps} / {accumulate}⌉ = {optimizer_steps} "
            f"optimizer steps per epoch of {accumulate * batch_size} samples"
        )
        last = short_last_window(samples, batch_size, drop_last, accumulate)
        if last is not None:
            text += f" (the last: {last[0]} iterations, {last[1]} samples)"
        steps = optimizer_steps
    if epochs is not None:
        text += f"; {epochs} × {steps} = {epochs * steps:,} optimizer.step() calls"
    return text


def duration(seconds: float) -> str:
    """``m:ss`` or ``h:mm:ss`` (elapsed time, ETA)."""
    seconds = max(0, round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
