"""The exact quadratic of two-parameter linear regression, and its stability bound.

For ``ŷ = w·x + b`` with mean-squared error, ``L(w, b) = mean((w·x + b − y)²)`` is a quadratic whose
pieces all come from five data moments (E x², E x, E xy, E y, E y²):

    L(w, b) = E x²·w² + 2·E x·w·b + b² − 2·E xy·w − 2·E y·b + E y²,   H = 2·[[E x², E x], [E x, 1]].

Full-batch heavy-ball momentum on a quadratic converges iff ``0 < α·λ_max < 2 + 2β`` (Goh, "Why
Momentum Really Works", Distill 2017), so ``lr_critical = (2 + 2β)/λ_max``. Other SGD settings move
the bound (:func:`stability_bound`, from the spectral radius of each update's recurrence on one
eigendirection of H): Nesterov ``α·λ_max < (2 + 2β)/(1 + 2β)``; dampening τ ``α·(1 − τ)·λ_max <
2 + 2β``; weight decay λ_wd adds λ_wd to every eigenvalue. Adam, RMSprop and Adagrad divide each step
by a running size of the gradients: no fixed learning rate bounds them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.messages import Message


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


ADAPTIVE = ("adam", "rmsprop", "adagrad")  # optimizers that scale each step by the gradients' history


@dataclass(frozen=True)
class StabilityBound:
    """The largest stable full-batch learning rate of one optimizer setting, or None, and why:
    ``reason`` names the formula used (or says why there is none)."""

    lr_critical: float | None
    reason: Message
    formula: str = ""  # the condition in symbols (empty when there is no bound)
    variant: Message | None = None  # plain SGD, heavy-ball or Nesterov momentum (None: no bound)


def bound_formula(
    momentum: float = 0.0, nesterov: bool = False, dampening: float = 0.0, weight_decay: float = 0.0
) -> str:
    """The convergence condition of full-batch SGD in symbols, e.g. ``α·(1 − τ)·λ_max < 2 + 2β``."""
    heavy = momentum > 0
    curvature = "(λ_max + λ_wd)" if weight_decay > 0 else "λ_max"
    damped = "(1 − τ)·" if heavy and dampening > 0 and not nesterov else ""
    if not heavy:
        right = "2"
    elif nesterov:
        right = "(2 + 2β)/(1 + 2β)"
    else:
        right = "2 + 2β"
    return f"α·{damped}{curvature} < {right}"


def stability_bound(
    lambda_max: float,
    optimizer: str = "sgd",
    momentum: float = 0.0,
    nesterov: bool = False,
    dampening: float = 0.0,
    weight_decay: float = 0.0,
    zero_grad: bool = True,
) -> StabilityBound:
    """The largest α for which full-batch steps converge on a quadratic with largest Hessian
    eigenvalue ``lambda_max``, for torch.optim.SGD and the seed form (same iterates at a constant α):

    - plain (β = 0): α·λ < 2; heavy ball: α·λ < 2 + 2β; Nesterov: α·λ < (2 + 2β)/(1 + 2β);
    - dampening τ (β > 0, no Nesterov): α·(1 − τ)·λ < 2 + 2β (every step after the first);
    - weight decay λ_wd: λ = λ_max + λ_wd (the decay is added to the gradient: H + λ_wd·I).

    None, with the reason, for the adaptive optimizers (no fixed bound), without ``zero_grad``
    (the gradients add up: the recurrence has a root of modulus ≥ 1 for every α) and for dampening 1
    with β > 0 (only the first gradient ever enters the buffer: no α diverges)."""
    if optimizer in ADAPTIVE:
        return StabilityBound(None, Message("stability.adaptive", optimizer=optimizer))
    if not zero_grad:
        return StabilityBound(None, Message("stability.accumulating"))
    heavy = momentum > 0
    if heavy and not nesterov and dampening >= 1:
        return StabilityBound(None, Message("stability.dampening_one"))
    curvature = lambda_max + weight_decay
    if not curvature > 0:
        raise ValueError(f"lambda_max + weight_decay must be positive (got {curvature})")
    if not heavy:
        variant, limit = "stability.variant.plain", 2.0
    elif nesterov:
        variant, limit = "stability.variant.nesterov", (2.0 + 2.0 * momentum) / (1.0 + 2.0 * momentum)
    else:
        variant, limit = "stability.variant.heavy_ball", (2.0 + 2.0 * momentum) / (1.0 - dampening)
    formula = bound_formula(momentum, nesterov, dampening, weight_decay)
    name = Message(variant)
    return StabilityBound(
        limit / curvature, Message("stability.bound", variant=name, formula=formula), formula, name
    )


def config_bound(lambda_max: float, config) -> StabilityBound:
    """:func:`stability_bound` for a TrainConfig's optimizer settings."""
    return stability_bound(
        lambda_max,
        config.optimizer,
        config.momentum,
        config.nesterov,
        config.dampening,
        config.weight_decay,
        config.zero_grad,
    )
