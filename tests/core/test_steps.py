from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from torch.utils.data import DataLoader

from core.training.steps import describe, last_batch_size, steps_per_epoch


@given(st.integers(1, 5000), st.integers(1, 6000), st.booleans())
def test_steps_per_epoch_matches_dataloader(n, b, drop_last):
    assert steps_per_epoch(n, b, drop_last) == len(DataLoader(range(n), batch_size=b, drop_last=drop_last))


@pytest.mark.parametrize("drop_last", [False, True])
def test_last_batch_is_what_dataloader_yields(drop_last):
    for n, b in [(60000, 64), (10, 3), (10, 5), (7, 7), (1, 1), (100, 33)]:
        batches = list(DataLoader(range(n), batch_size=b, drop_last=drop_last))
        assert last_batch_size(n, b, drop_last) == len(batches[-1])
        assert sum(len(x) for x in batches) == (n if not drop_last else steps_per_epoch(n, b, True) * b)


def test_seed_example():
    assert steps_per_epoch(60000, 64) == 938
    assert last_batch_size(60000, 64) == 32
    assert steps_per_epoch(60000, 64, drop_last=True) == 937
    assert describe(60000, 64) == "⌈60000 / 64⌉ = 938 iterations per epoch (last batch: 32 samples)"
    assert describe(60000, 64, True).startswith("⌊60000 / 64⌋ = 937 iterations per epoch")
    assert describe(60000, 64, epochs=5).endswith("5 × 938 = 4,690 optimizer.step() calls")
    assert "all batches full" in describe(640, 64)


def test_bad_arguments_raise():
    with pytest.raises(ValueError):
        steps_per_epoch(10, 0)
