"""Loss landscapes: grids and contours of the two-parameter quadratic, and random plane slices.

For ``ŷ = w·x + b`` with mean-squared error, ``L(w, b) = mean((w·x + b − y)²)`` is a quadratic whose
pieces all come from five data moments (E x², E x, E xy, E y, E y²):

    L(w, b) = E x²·w² + 2·E x·w·b + b² − 2·E xy·w − 2·E y·b + E y²,   H = 2·[[E x², E x], [E x, 1]].

Full-batch heavy-ball momentum on a quadratic converges iff ``0 < α·λ_max < 2 + 2β`` (Goh, "Why
Momentum Really Works", Distill 2017), so ``lr_critical = (2 + 2β)/λ_max``.

For models with more parameters, :func:`random_plane_slice` evaluates a caller's loss on the plane
``center + a·d₁ + b·d₂`` spanned by two filter-normalised directions (Li et al., "Visualizing the Loss
Landscape of Neural Nets", 2018). Everything here is numpy on flat float64 vectors, framework-free.

:class:`TwoBasinsSurface` is the exact loss of the two-basins problem (``ŷ = w·x₁ + w²·x₂ + b``), which is
not convex: two basins and a saddle between them, from ten data moments.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from core.training.quadratic import LinearQuadratic, Moments, linear_quadratic, lr_critical

__all__ = [
    "LinearQuadratic",
    "LossGrid",
    "Moments",
    "PlaneSlice",
    "TwoBasinsSurface",
    "default_window",
    "filter_normalised_directions",
    "linear_quadratic",
    "log_levels",
    "loss_contours",
    "loss_grid",
    "lr_critical",
    "plane_coordinates",
    "random_plane_slice",
]


# -- grids and contours -----------------------------------------------------------------------------
@dataclass(frozen=True)
class LossGrid:
    """Loss on a regular grid: ``loss[i, j]`` is L(w[i], b[j]) (w along axis 0, like an x-major image)."""

    w: np.ndarray  # (n,)
    b: np.ndarray  # (n,)
    loss: np.ndarray  # (n, n)
    min_loss: float  # the surface's minimum (not the grid's)

    @property
    def w_range(self) -> tuple[float, float]:
        return float(self.w[0]), float(self.w[-1])

    @property
    def b_range(self) -> tuple[float, float]:
        return float(self.b[0]), float(self.b[-1])


def default_window(
    quad: LinearQuadratic,
    start: tuple[float, float] | None = (0.0, 0.0),
    points: tuple[np.ndarray, np.ndarray] | np.ndarray | None = None,
    margin: float = 0.25,
    aspect: float | None = None,
) -> tuple[tuple[float, float], tuple[float, float]]:
    """A (w range, b range) window centred on the minimiser that holds ``start`` and the finite
    ``points`` (``(w, b)`` arrays or an (N, 2) array), each half-width widened by ``margin``.

    With ``aspect`` (w span / b span in the plot's units), the narrower side is widened to it.
    """
    w0, b0 = quad.minimiser
    hw, hb = 0.0, 0.0
    pts = [] if start is None else [np.asarray(start, dtype=np.float64).reshape(1, 2)]
    if points is not None:
        if isinstance(points, tuple):
            p = np.column_stack([np.ravel(points[0]), np.ravel(points[1])]).astype(np.float64)
        else:
            p = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        pts.append(p[np.isfinite(p).all(axis=1)])
    if pts:
        p = np.concatenate(pts)
        if len(p):
            hw = float(np.abs(p[:, 0] - w0).max())
            hb = float(np.abs(p[:, 1] - b0).max())
    # Never a degenerate window: at least the ellipse where the loss rises by ~1 (or max(L*, 1)).
    rise = max(quad.min_loss, 1.0)
    floor_w, floor_b = _ellipse_half_widths(quad, rise)
    if not (math.isfinite(floor_w) and math.isfinite(floor_b)):  # constant x: the valley has no end
        floor_w = floor_b = 2.0 * max(1.0, abs(w0), abs(b0))
    hw, hb = max(hw, floor_w * 0.5, 1e-6), max(hb, floor_b * 0.5, 1e-6)
    hw, hb = hw * (1.0 + margin), hb * (1.0 + margin)
    if aspect is not None and aspect > 0:
        if hw / hb < aspect:
            hw = hb * aspect
        else:
            hb = hw / aspect
    return (w0 - hw, w0 + hw), (b0 - hb, b0 + hb)


def _ellipse_half_widths(quad: LinearQuadratic, excess: float) -> tuple[float, float]:
    """Half-extents along w and b of the contour L = L* + excess."""
    # For dᵀAd = c with A = H/2, the extent along axis k is sqrt(c·(A⁻¹)_kk).
    a = quad.hessian / 2.0
    det = a[0, 0] * a[1, 1] - a[0, 1] ** 2
    if det <= 1e-12 * a[0, 0] * a[1, 1]:
        return math.inf, math.inf
    return math.sqrt(excess * a[1, 1] / det), math.sqrt(excess * a[0, 0] / det)


def loss_grid(
    quad: LinearQuadratic,
    n: int = 161,
    w_range: tuple[float, float] | None = None,
    b_range: tuple[float, float] | None = None,
    start: tuple[float, float] | None = (0.0, 0.0),
    points: tuple[np.ndarray, np.ndarray] | np.ndarray | None = None,
) -> LossGrid:
    """The full training loss on an n×n grid, in closed form from the moments (no pass over the data).

    Missing ranges come from :func:`default_window` (around the minimiser, holding ``start`` and
    ``points``).
    """
    if n < 2:
        raise ValueError(f"n must be at least 2 (got {n})")
    if w_range is None or b_range is None:
        dw, db = default_window(quad, start, points)
        w_range = w_range or dw
        b_range = b_range or db
    w = np.linspace(w_range[0], w_range[1], n)
    b = np.linspace(b_range[0], b_range[1], n)
    return LossGrid(w, b, quad.loss(w[:, None], b[None, :]), quad.min_loss)


def log_levels(min_loss: float, max_loss: float, count: int = 10) -> np.ndarray:
    """``count`` loss levels above ``min_loss`` whose excess ``L − min_loss`` is log-spaced up to
    ``max_loss − min_loss`` (ascending)."""
    top = max_loss - min_loss
    if not top > 0 or count < 1:
        return np.empty(0)
    ratio = 2.0 if count <= 12 else 2.0 ** (12.0 / count)
    return min_loss + top * ratio ** -np.arange(count - 1, -1, -1, dtype=np.float64)


def loss_contours(
    quad: LinearQuadratic, levels: Sequence[float] | np.ndarray, points: int = 181
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Exact contour ellipses ``L(w, b) = level`` as closed (w, b) polylines (empty for levels
    at or below the minimum)."""
    a = quad.hessian / 2.0
    vals, vecs = np.linalg.eigh(a)
    vals = np.maximum(vals, vals[-1] * 1e-12)
    t = np.linspace(0.0, 2.0 * np.pi, points)
    circle = np.stack([np.cos(t), np.sin(t)])  # (2, points)
    shape = vecs @ (circle / np.sqrt(vals)[:, None])  # dᵀAd = 1 on this curve
    out = []
    for level in levels:
        excess = float(level) - quad.min_loss
        if excess > 0:
            d = shape * math.sqrt(excess)
            out.append((quad.minimiser[0] + d[0], quad.minimiser[1] + d[1]))
        else:
            out.append((np.empty(0), np.empty(0)))
    return out


# -- models with more parameters: filter-normalised random planes ------------------------------------
@dataclass(frozen=True)
class PlaneSlice:
    """Loss on a plane: ``loss[i, j]`` = L(center + alpha[i]·d₁ + beta[j]·d₂)."""

    alpha: np.ndarray  # (n,)
    beta: np.ndarray  # (n,)
    loss: np.ndarray  # (n, n); NaN where not evaluated (stopped early)
    center_loss: float


def _filter_views(param_shapes: Sequence[Sequence[int]], total: int) -> list[tuple[int, int, int]]:
    """(offset, rows, row length) per parameter of the flat vector; rows along the first axis."""
    out, offset = [], 0
    for shape in param_shapes:
        shape = tuple(int(s) for s in shape)
        size = math.prod(shape)
        rows = shape[0] if len(shape) >= 2 else 1
        out.append((offset, rows, size // rows if rows else 0))
        offset += size
    if offset != total:
        raise ValueError(f"param_shapes hold {offset} numbers but center_vector has {total}")
    return out


def filter_normalised_directions(
    param_shapes: Sequence[Sequence[int]],
    center_vector: np.ndarray,
    rng: np.random.Generator,
    *,
    one_dim: str = "ignore",
) -> tuple[np.ndarray, np.ndarray]:
    """Two random, orthogonal, filter-normalised directions for a flat parameter vector.

    ``center_vector`` is the parameters raveled in C order and concatenated in ``param_shapes``
    order (``torch.nn.utils.parameters_to_vector``). A "filter" is a row along the first axis of
    a parameter with two or more dimensions (a conv output channel, a linear layer's unit); each
    filter of each direction has the norm of the same filter in ``center_vector`` (Li et al. 2018).
    One-dimensional and scalar parameters (biases) get a zero direction with ``one_dim="ignore"``
    (Li et al.'s default), or are one filter each with ``one_dim="filter"``.

    Orthogonality is exact: the second direction is made orthogonal to the first within every
    filter before both are rescaled, so rescaling filters keeps ``d₁·d₂ = 0``. A filter with a
    single entry cannot hold two orthogonal directions: it moves along ``d₁`` only (zero in ``d₂``),
    as do filters whose center is zero (zero in both).
    """
    if one_dim not in ("ignore", "filter"):
        raise ValueError(f"one_dim must be 'ignore' or 'filter' (got {one_dim!r})")
    center = np.asarray(center_vector, dtype=np.float64).ravel()
    d1 = np.zeros_like(center)
    d2 = np.zeros_like(center)
    for (offset, rows, length), shape in zip(
        _filter_views(param_shapes, center.size), param_shapes, strict=True
    ):
        if len(tuple(shape)) < 2 and one_dim == "ignore":
            continue
        size = rows * length
        if size == 0:
            continue
        c = center[offset : offset + size].reshape(rows, length)
        u = rng.standard_normal((rows, length))
        v = rng.standard_normal((rows, length))
        u_norm = np.linalg.norm(u, axis=1, keepdims=True)
        u = u / np.where(u_norm > 0, u_norm, 1.0)
        v = v - (v * u).sum(axis=1, keepdims=True) * u  # orthogonal to u, filter by filter
        v_norm = np.linalg.norm(v, axis=1, keepdims=True)
        v = np.where(v_norm > 1e-12 * math.sqrt(length), v / np.where(v_norm > 0, v_norm, 1.0), 0.0)
        c_norm = np.linalg.norm(c, axis=1, keepdims=True)
        d1[offset : offset + size] = (u * c_norm).ravel()
        d2[offset : offset + size] = (v * c_norm).ravel()
    return d1, d2


def plane_coordinates(extent: float | tuple[float, float] = 1.0, n: int = 21) -> np.ndarray:
    """``n`` evenly spaced plane coordinates over ``[-extent, extent]`` or ``(low, high)``."""
    if n < 2:
        raise ValueError(f"n must be at least 2 (got {n})")
    low, high = (-float(extent), float(extent)) if np.isscalar(extent) else map(float, extent)
    return np.linspace(low, high, n)


def random_plane_slice(
    loss_at: Callable[[np.ndarray], float],
    center: np.ndarray,
    directions: tuple[np.ndarray, np.ndarray],
    extent: float | tuple[float, float] = 1.0,
    n: int = 21,
    stop: Callable[[], bool] | None = None,
) -> PlaneSlice:
    """Evaluate ``loss_at(center + a·d₁ + b·d₂)`` on an n×n grid of (a, b) over ``extent``.

    ``loss_at`` gets a fresh flat float64 vector per point. ``stop`` is polled before each row;
    when it returns True the remaining rows stay NaN (for a worker thread asked to stop).
    """
    center = np.asarray(center, dtype=np.float64).ravel()
    d1, d2 = (np.asarray(d, dtype=np.float64).ravel() for d in directions)
    if d1.shape != center.shape or d2.shape != center.shape:
        raise ValueError("directions must have the shape of center")
    alpha = plane_coordinates(extent, n)
    beta = alpha.copy()
    loss = np.full((n, n), np.nan)
    for i, a in enumerate(alpha):
        if stop is not None and stop():
            break
        row = center + a * d1
        for j, b in enumerate(beta):
            loss[i, j] = float(loss_at(row + b * d2))
    return PlaneSlice(alpha, beta, loss, float(loss_at(center.copy())))


# -- the two-basins problem: an exact quartic ---------------------------------------------------------
@dataclass(frozen=True)
class TwoBasinsSurface:
    """The exact mean loss of the two-basins model ``ŷ = w·x₁ + w²·x₂ + b`` with mean-squared error.

    With z = (x₁, x₂, 1) and φ(w, b) = (w, w², b), each sample's loss is (φ·z − y)², so the mean is

        L(w, b) = φᵀ·M·φ − 2·φᵀ·m + E y²,   M = E[z zᵀ], m = E[z·y]   (ten moments of the data),

    quadratic in b and quartic in w. For each w the best b is b̂(w) = (m₃ − M₁₃·w − M₂₃·w²)/M₃₃, and
    the profile p(w) = L(w, b̂(w)) is a quartic whose critical points are those of L: two minima (the
    basins) and the maximum between them (the saddle). ``minima`` are (w, b, L) in ascending w.
    """

    second: np.ndarray  # M, (3, 3)
    cross: np.ndarray  # m, (3,)
    mean_y2: float
    minima: tuple[tuple[float, float, float], ...]
    saddle: tuple[float, float, float] | None

    @classmethod
    def from_data(cls, x: np.ndarray, y: np.ndarray) -> TwoBasinsSurface:
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64).ravel()
        if x.ndim != 2 or x.shape[1] != 2 or x.shape[0] != y.size or y.size == 0:
            raise ValueError(f"x must be (n, 2) and y (n,) (got {x.shape} and {y.shape})")
        z = np.column_stack([x, np.ones(len(y))])
        second, cross = z.T @ z / len(y), z.T @ y / len(y)
        mean_y2 = float(y @ y / len(y))
        profile = _profile(second, cross, mean_y2)
        slope, bend = profile.deriv(), profile.deriv(2)
        critical = sorted(float(r.real) for r in slope.roots() if abs(r.imag) <= 1e-9 * (1 + abs(r)))
        minima, maxima = [], []
        for w in critical:
            point = (w, _best_b(second, cross, w), float(profile(w)))
            (minima if bend(w) > 0 else maxima).append(point)
        saddle = maxima[0] if len(minima) == 2 and maxima else None
        return cls(second, cross, mean_y2, tuple(minima), saddle)

    def loss(self, w: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
        """L(w, b), broadcasting like numpy."""
        w, b = np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64)
        phi = (w, w * w, b + 0.0 * w)
        total = self.mean_y2 + 0.0 * (w + b)
        for i in range(3):
            total = total - 2.0 * self.cross[i] * phi[i]
            for j in range(3):
                total = total + self.second[i, j] * phi[i] * phi[j]
        return total

    @property
    def deep(self) -> tuple[float, float, float]:
        """The deeper minimum (w, b, L)."""
        return min(self.minima, key=lambda m: m[2])

    @property
    def shallow(self) -> tuple[float, float, float] | None:
        """The shallower minimum, or None when the loss has one basin only."""
        return max(self.minima, key=lambda m: m[2]) if len(self.minima) == 2 else None

    def in_deep_basin(self, w: np.ndarray | float) -> np.ndarray:
        """Whether full-batch gradient flow from weight w ends in the deeper minimum: w on the deeper
        minimum's side of the saddle. Exact when the features are centred (M₁₃ = M₂₃ = 0: then ∂L/∂w does
        not depend on b, and the ridge between the basins is the line w = w_saddle); the two-basins
        data is centred up to float32 rounding."""
        w = np.asarray(w, dtype=np.float64)
        if self.saddle is None:
            return np.ones_like(w, dtype=bool)
        return (w > self.saddle[0]) == (self.deep[0] > self.saddle[0])

    def window(self, start: tuple[float, float], margin: float = 0.35) -> tuple[tuple[float, float], ...]:
        """A (w range, b range) window holding the start and both minima, widened by ``margin``."""
        ws = [start[0], *(m[0] for m in self.minima)]
        bs = [start[1], *(m[1] for m in self.minima)]
        hw = max(max(ws) - min(ws), 1.0) * (0.5 + margin)
        hb = max(max(bs) - min(bs), 1.0) * (0.5 + margin)
        cw, cb = (max(ws) + min(ws)) / 2, (max(bs) + min(bs)) / 2
        return (cw - hw, cw + hw), (cb - hb, cb + hb)

    def grid(self, n: int, w_range: tuple[float, float], b_range: tuple[float, float]) -> LossGrid:
        """The loss on an n×n grid (exact at every node), as a :class:`LossGrid`."""
        w = np.linspace(w_range[0], w_range[1], n)
        b = np.linspace(b_range[0], b_range[1], n)
        return LossGrid(w, b, self.loss(w[:, None], b[None, :]), self.deep[2])


def _best_b(second: np.ndarray, cross: np.ndarray, w: float) -> float:
    return float((cross[2] - second[0, 2] * w - second[1, 2] * w * w) / second[2, 2])


def _profile(second: np.ndarray, cross: np.ndarray, mean_y2: float) -> np.polynomial.Polynomial:
    """p(w) = L(w, b̂(w)) as a polynomial in w."""
    poly = np.polynomial.Polynomial
    b_hat = poly([cross[2], -second[0, 2], -second[1, 2]]) / second[2, 2]
    phi = (poly([0.0, 1.0]), poly([0.0, 0.0, 1.0]), b_hat)
    total = poly([mean_y2])
    for i in range(3):
        total = total - 2.0 * cross[i] * phi[i]
        for j in range(3):
            total = total + second[i, j] * phi[i] * phi[j]
    return total
