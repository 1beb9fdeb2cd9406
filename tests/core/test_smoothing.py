from __future__ import annotations

import numpy as np
import pytest

from core.training.smoothing import ema


def naive(values, weight):
    out, s = [], 0.0
    for i, v in enumerate(values, start=1):
        s = weight * s + (1 - weight) * v
        out.append(s / (1 - weight**i) if weight > 0 else v)
    return np.array(out)


@pytest.mark.parametrize("weight", [0.0, 0.001, 0.3, 0.6, 0.9, 0.99, 0.999])
def test_matches_the_tensorboard_loop(weight):
    x = np.random.default_rng(0).normal(size=3001).cumsum() * 0.01 + 2
    smoothed, _ = ema(x, weight)
    np.testing.assert_allclose(smoothed, naive(x, weight), rtol=1e-9)
    assert smoothed[0] == pytest.approx(x[0])  # bias correction: no pull towards zero


def test_chunks_give_the_same_as_all_at_once():
    x = np.random.default_rng(1).random(1000)
    whole, _ = ema(x, 0.9)
    parts, state, done = [], 0.0, 0
    for size in (1, 7, 300, 2, 690):
        part, state = ema(x[done : done + size], 0.9, state, done)
        parts.append(part)
        done += size
    np.testing.assert_allclose(np.concatenate(parts), whole, rtol=1e-12)


def test_empty():
    out, state = ema(np.array([]), 0.9, 1.5, 10)
    assert out.size == 0 and state == 1.5
