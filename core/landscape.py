"""Loss landscapes: the exact quadratic of two-parameter linear regression, and random plane slices.

For ``ŷ = w·x + b`` with mean-squared error, ``L(w, b) = mean((w·x + b − y)²)`` is a quadratic whose
pieces all come from five data moments (E x², E x, E xy, E y, E y²):

    L(w, b) = E x²·w² + 2·E x·w·b + b² − 2·E xy·w − 2·E y·b + E y²,   H = 2·[[E x², E x], [E x, 1]].

Full-batch heavy-ball momentum on a quadratic converges iff ``0 < α·λ_max < 2 + 2β`` (Goh, "Why
Momentum Really Works", Distill 2017), so ``lr_critical = (2 + 2β)/λ_max``.

For models with more parameters, :func:`random_plane_slice` evaluates a caller's loss on the plane
``center + a·d₁ + b·d₂`` spanned by two filter-normalised directions (Li et al., "Visualizing the Loss
Landscape of Neural Nets", 2018). Everything here is numpy on flat float64 vectors, framework-free.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "LinearQuadratic",
    "LossGrid",
    "Moments",
    "PlaneSlice",
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


# -- two-parameter linear regression: the exact quadratic ---------------------------------------
@dataclass(frozen=True)
class Moments:
    """First and second moments of a 1-D regression set, kept centred for accuracy.

    ``var_x``, ``cov_xy`` and ``var_y`` are population (1/N) moments about the means.
    """

    n: int
    mean_x: float
    mean_y: float
    var_x: float
    cov_xy: float
    var_y: float

    @classmethod
    def from_data(cls, x: np.ndarray, y: np.ndarray) -> Moments:
        """Moments of ``x`` and ``y`` (1-D, same length), in float64 with a two-pass centring."""
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        if x.ndim != 1 or y.ndim != 1 or x.shape != y.shape:
            raise ValueError(f"x and y must be 1-D arrays of one length (got {x.shape} and {y.shape})")
        if x.size == 0:
            raise ValueError("x and y are empty")
        if not (np.isfinite(x).all() and np.isfinite(y).all()):
            raise ValueError("x and y must be finite")
        mx, my = float(x.mean()), float(y.mean())
        dx, dy = x - mx, y - my
        n = x.size

        def mean_product(a: np.ndarray, b: np.ndarray) -> float:
            return float(np.einsum("i,i->", a, b)) / n  # einsum: no BLAS thread start-up per call

        return cls(n, mx, my, mean_product(dx, dx), mean_product(dx, dy), mean_product(dy, dy))

    @classmethod
    def from_raw(cls, ex: float, ex2: float, exy: float, ey: float, ey2: float, n: int = 0) -> Moments:
        """From the raw moments E x, E x², E xy, E y, E y² (``n`` is informational)."""
        return cls(n, ex, ey, max(ex2 - ex * ex, 0.0), exy - ex * ey, max(ey2 - ey * ey, 0.0))

    @property
    def ex(self) -> float:
        return self.mean_x

    @property
    def ey(self) -> float:
        return self.mean_y

    @property
    def ex2(self) -> float:
        """E[x²]."""
        return self.var_x + self.mean_x**2

    @property
    def exy(self) -> float:
        """E[x·y]."""
        return self.cov_xy + self.mean_x * self.mean_y

    @property
    def ey2(self) -> float:
        """E[y²]."""
        return self.var_y + self.mean_y**2

    def key(self) -> tuple[float, ...]:
        """A hashable identity of the data as far as the loss is concerned (for caches)."""
        return (self.n, self.mean_x, self.mean_y, self.var_x, self.cov_xy, self.var_y)


@dataclass(frozen=True)
class LinearQuadratic:
    """The exact MSE surface of ``ŷ = w·x + b``: Hessian, eigenvalues, minimiser and minimum."""

    moments: Moments
    hessian: np.ndarray  # (2, 2): 2·[[E x², E x], [E x, 1]]
    eigenvalues: np.ndarray  # ascending
    eigenvectors: np.ndarray  # columns, matching ``eigenvalues``
    minimiser: tuple[float, float]  # (w*, b*)
    min_loss: float

    @property
    def lambda_max(self) -> float:
        """Largest Hessian eigenvalue (sets the largest stable learning rate)."""
        return float(self.eigenvalues[-1])

    @property
    def lambda_min(self) -> float:
        """Smallest Hessian eigenvalue (sets the slowest direction: the valley floor)."""
        return float(self.eigenvalues[0])

    @property
    def condition_number(self) -> float:
        """λ_max/λ_min (inf when x is constant)."""
        return self.lambda_max / self.lambda_min if self.lambda_min > 0 else math.inf

    def lr_critical(self, momentum: float = 0.0) -> float:
        """Largest stable full-batch learning rate for heavy-ball momentum β."""
        return lr_critical(self.lambda_max, momentum)

    def loss(self, w: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
        """Full training loss at (w, b); broadcasts like numpy. Exact: L* + ½·dᵀHd, d = θ − θ*."""
        dw = np.asarray(w, dtype=np.float64) - self.minimiser[0]
        db = np.asarray(b, dtype=np.float64) - self.minimiser[1]
        m = self.moments
        return self.min_loss + m.ex2 * dw * dw + 2.0 * m.ex * dw * db + db * db

    def gradient(self, w: np.ndarray | float, b: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        """(∂L/∂w, ∂L/∂b) at (w, b); broadcasts like numpy."""
        dw = np.asarray(w, dtype=np.float64) - self.minimiser[0]
        db = np.asarray(b, dtype=np.float64) - self.minimiser[1]
        m = self.moments
        return 2.0 * (m.ex2 * dw + m.ex * db), 2.0 * (m.ex * dw + db)


def linear_quadratic(x: np.ndarray | Moments, y: np.ndarray | None = None) -> LinearQuadratic:
    """The quadratic of ``mean((w·x + b − y)²)`` for 1-D ``x``, ``y`` (or precomputed :class:`Moments`)."""
    m = x if isinstance(x, Moments) else Moments.from_data(x, y)
    hessian = 2.0 * np.array([[m.ex2, m.ex], [m.ex, 1.0]])
    eigenvalues, eigenvectors = np.linalg.eigh(hessian)
    if m.var_x > 0:
        w_star = m.cov_xy / m.var_x
        min_loss = m.var_y - m.cov_xy * w_star
    else:  # constant x: a valley of minimisers; take the one with w = 0
        w_star, min_loss = 0.0, m.var_y
    b_star = m.mean_y - w_star * m.mean_x
    return LinearQuadratic(m, hessian, eigenvalues, eigenvectors, (w_star, b_star), max(min_loss, 0.0))


def lr_critical(lambda_max: float, momentum: float = 0.0) -> float:
    """(2 + 2β)/λ_max: full-batch heavy-ball momentum converges iff 0 < α·λ_max < 2 + 2β."""
    if not lambda_max > 0:
        raise ValueError(f"lambda_max must be positive (got {lambda_max})")
    if not 0.0 <= momentum < 1.0:
        raise ValueError(f"momentum must be in [0, 1) (got {momentum})")
    return (2.0 + 2.0 * momentum) / lambda_max


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
