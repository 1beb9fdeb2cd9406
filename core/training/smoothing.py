"""TensorBoard's smoothing: a bias-corrected exponential moving average, vectorised in numpy."""

from __future__ import annotations

import math

import numpy as np


def ema(values: np.ndarray, weight: float, state: float = 0.0, offset: int = 0) -> tuple[np.ndarray, float]:
    """Smooth ``values`` with weight ``w`` in [0, 1): ``s ← w·s + (1−w)·x``, shown as ``s / (1 − wⁿ)``.

    ``state`` is the biased average before ``values`` and ``offset`` how many values came before,
    so a long series can be smoothed chunk by chunk with the same result as all at once. Returns
    the debiased smoothed values and the new state.
    """
    x = np.asarray(values, dtype=np.float64)
    n = x.size
    if n == 0:
        return x.copy(), state
    if weight <= 0.0:
        return x.copy(), float(x[-1])
    w = float(weight)
    # Blocks of L values: inside a block, s_k = w^k·(s0 + (1−w)·Σ_{j≤k} x_j·w^−j) with exponents
    # small enough that w^−L stays far from overflow; the blocks are then chained by their ends.
    block = max(1, min(256, int(200.0 / max(-math.log10(w), 1e-12))))
    pad = (-n) % block
    xb = np.concatenate([x, np.zeros(pad)]).reshape(-1, block)
    k = np.arange(block, dtype=np.float64)
    up, down = w ** (k + 1), w ** (-k)
    local = np.cumsum(xb * down, axis=1) * (w**k) * (1.0 - w)  # block-local average from s = 0
    carry = np.empty(xb.shape[0])
    s = state
    wl = w**block
    last = local[:, -1]
    for i in range(xb.shape[0]):  # one Python step per block, not per value
        carry[i] = s
        s = last[i] + wl * s
    biased = (local + carry[:, None] * up[None, :]).reshape(-1)[:n]
    new_state = float(biased[-1])
    index = np.arange(offset + 1, offset + n + 1, dtype=np.float64)
    debias = -np.expm1(index * math.log(w))  # 1 − wⁿ, accurate for w near 1
    return biased / debias, new_state
