"""The outside reference for the engine's mini-batches: PyTorch's own DistributedSampler (one replica)
and BatchSampler. The engine shuffles as DistributedSampler does, a permutation drawn from a
generator seeded with the run's seed plus the epoch (counted from 0), so that a one-process run and
a run of K data-parallel workers cut the same permutation."""

from __future__ import annotations

from torch.utils.data import BatchSampler, DistributedSampler

from core.training.config import TrainConfig


def reference_batches(config: TrainConfig) -> list[list[list[int]]]:
    """Each epoch's mini-batches (sample indices), as PyTorch's samplers give them."""
    n = config.samples
    sampler = DistributedSampler(range(n), num_replicas=1, rank=0, shuffle=config.shuffle, seed=config.seed)
    epochs = []
    for epoch in range(config.epochs):
        sampler.set_epoch(epoch)
        epochs.append([list(b) for b in BatchSampler(list(sampler), config.batch_size, config.drop_last)])
    return epochs
