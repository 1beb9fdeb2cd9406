"""The exact quadratic of ŷ = w·x + b, the momentum stability bound, and filter-normalised planes."""

from __future__ import annotations

import numpy as np
import pytest

from core.experiments.landscape import (
    Moments,
    default_window,
    filter_normalised_directions,
    linear_quadratic,
    log_levels,
    loss_contours,
    loss_grid,
    lr_critical,
    random_plane_slice,
)
from core.training.config import TrainConfig
from core.training.data import load_dataset


@pytest.fixture(scope="module")
def line_data() -> tuple[np.ndarray, np.ndarray]:
    ds = load_dataset(TrainConfig(dataset="linear-1d", samples=1000, model="linear"))
    return ds.x_train[:, 0].numpy(), ds.y_train.numpy()


def brute_loss(x, y, w, b) -> float:
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    return float(np.mean((w * x + b - y) ** 2))


def test_loss_grid_from_moments_matches_a_pass_over_the_data(line_data):
    x, y = line_data
    quad = linear_quadratic(x, y)
    grid = loss_grid(quad, n=17, w_range=(-3.0, 6.0), b_range=(-4.0, 5.0))
    assert grid.loss.shape == (17, 17)
    brute = np.array([[brute_loss(x, y, w, b) for b in grid.b] for w in grid.w])
    np.testing.assert_allclose(grid.loss, brute, rtol=1e-10, atol=1e-10)
    # The raw-moment form of the same quadratic, and moments built from raw values.
    m = quad.moments
    w, b = grid.w[:, None], grid.b[None, :]
    raw = m.ex2 * w**2 + 2 * m.ex * w * b + b**2 - 2 * m.exy * w - 2 * m.ey * b + m.ey2
    np.testing.assert_allclose(raw, brute, rtol=1e-9, atol=1e-9)
    again = linear_quadratic(Moments.from_raw(m.ex, m.ex2, m.exy, m.ey, m.ey2))
    np.testing.assert_allclose(again.loss(w, b), brute, rtol=1e-8)


def test_minimiser_is_least_squares_and_default_window_holds_start_and_path(line_data):
    x, y = line_data
    quad = linear_quadratic(x, y)
    w_star, b_star = np.polyfit(x.astype(np.float64), y.astype(np.float64), 1)
    assert quad.minimiser == pytest.approx((w_star, b_star), rel=1e-9)
    assert quad.min_loss == pytest.approx(brute_loss(x, y, w_star, b_star), rel=1e-9)
    assert quad.gradient(*quad.minimiser) == pytest.approx((0.0, 0.0), abs=1e-9)
    path = np.array([[5.0, -2.0], [np.nan, 1.0], [-1e300, np.inf]])  # non-finite points are ignored
    (w0, w1), (b0, b1) = default_window(quad, (0.0, 0.0), path)
    for w, b in [(0.0, 0.0), (5.0, -2.0), quad.minimiser]:
        assert w0 < w < w1 and b0 < b < b1
    assert (w0 + w1) / 2 == pytest.approx(w_star) and (b0 + b1) / 2 == pytest.approx(b_star)
    grid = loss_grid(quad, n=9, points=(path[:, 0], path[:, 1]))
    assert grid.w_range == pytest.approx((w0, w1)) and grid.b_range == pytest.approx((b0, b1))
    assert grid.loss.min() >= quad.min_loss - 1e-12


def test_lambda_max_matches_a_finite_difference_hessian(line_data):
    x, y = line_data
    quad = linear_quadratic(x, y)
    h, p = 1e-3, np.array([0.7, -0.4])

    def f(q):
        return brute_loss(x, y, q[0], q[1])

    hess = np.empty((2, 2))
    for i in range(2):
        for j in range(2):
            ei, ej = np.eye(2)[i] * h, np.eye(2)[j] * h
            hess[i, j] = (f(p + ei + ej) - f(p + ei - ej) - f(p - ei + ej) + f(p - ei - ej)) / (4 * h * h)
    eig = np.linalg.eigvalsh(hess)
    assert quad.lambda_max == pytest.approx(eig[-1], rel=1e-6)
    assert quad.lambda_min == pytest.approx(eig[0], rel=1e-5)
    np.testing.assert_allclose(quad.hessian, hess, rtol=1e-6)
    # x ~ U(0, 3): H ≈ 2·[[3, 1.5], [1.5, 1]], λ_max ≈ 7.6.
    assert 7.0 < quad.lambda_max < 8.2


def heavy_ball_final_loss(x, y, lr: float, momentum: float, steps: int = 3000) -> float:
    """Full-batch v ← βv − α∇L, θ ← θ + v from (0, 0) in plain numpy; stops once the loss is huge."""
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    theta, v = np.zeros(2), np.zeros(2)
    loss = brute_loss(x, y, 0.0, 0.0)
    for _ in range(steps):
        r = theta[0] * x + theta[1] - y
        v = momentum * v - lr * np.array([2 * np.mean(r * x), 2 * np.mean(r)])
        theta = theta + v
        loss = brute_loss(x, y, *theta)
        if loss > 1e20:
            break
    return loss


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_stability_bound_on_both_sides(line_data, momentum):
    x, y = line_data
    quad = linear_quadratic(x, y)
    crit = lr_critical(quad.lambda_max, momentum)
    assert crit == pytest.approx((2 + 2 * momentum) / quad.lambda_max)
    assert quad.lr_critical(momentum) == crit
    start = brute_loss(x, y, 0.0, 0.0)
    below = heavy_ball_final_loss(x, y, 0.98 * crit, momentum)
    assert below == pytest.approx(quad.min_loss, rel=1e-6)
    above = heavy_ball_final_loss(x, y, 1.02 * crit, momentum)
    assert above > 1e20 > 1e6 * start


def test_lr_critical_rejects_bad_input():
    with pytest.raises(ValueError, match="lambda_max"):
        lr_critical(0.0)
    with pytest.raises(ValueError, match="momentum"):
        lr_critical(1.0, 1.0)
    assert lr_critical(4.0) == 0.5


def test_contours_are_exact_level_sets_and_levels_are_log_spaced(line_data):
    quad = linear_quadratic(*line_data)
    levels = log_levels(quad.min_loss, quad.min_loss + 8.0, 4)
    np.testing.assert_allclose(levels - quad.min_loss, [1.0, 2.0, 4.0, 8.0])
    curves = loss_contours(quad, [*levels, quad.min_loss - 1.0])
    for level, (w, b) in zip(levels, curves, strict=False):
        np.testing.assert_allclose(quad.loss(w, b), level, rtol=1e-10)
    assert len(curves[-1][0]) == 0  # below the minimum: no contour


def test_constant_x_is_a_valley_not_a_crash():
    quad = linear_quadratic(np.full(10, 2.0), np.arange(10.0))
    assert quad.lambda_min == pytest.approx(0.0, abs=1e-12)
    assert quad.minimiser == (0.0, 4.5)
    grid = loss_grid(quad, n=5)
    assert np.isfinite(grid.loss).all()


def test_bad_data_is_rejected():
    with pytest.raises(ValueError, match="1-D"):
        linear_quadratic(np.zeros((3, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="finite"):
        linear_quadratic(np.array([1.0, np.nan]), np.zeros(2))


SHAPES = [(5, 3), (5,), (2, 5), (2,), (4, 2, 3, 3), (3, 1), ()]


def _views(vector: np.ndarray):
    out, offset = [], 0
    for shape in SHAPES:
        size = int(np.prod(shape))
        out.append(vector[offset : offset + size].reshape(shape))
        offset += size
    return out


def _row_norms(param: np.ndarray) -> np.ndarray:
    return np.linalg.norm(param.reshape(param.shape[0], -1), axis=1)


@pytest.mark.parametrize("one_dim", ["ignore", "filter"])
def test_filter_normalised_directions(one_dim):
    rng = np.random.default_rng(0)
    size = sum(int(np.prod(s)) for s in SHAPES)
    center = rng.normal(size=size) * 3.0
    d1, d2 = filter_normalised_directions(SHAPES, center, np.random.default_rng(1), one_dim=one_dim)
    assert d1.shape == d2.shape == center.shape
    assert abs(d1 @ d2) < 1e-9 * np.linalg.norm(d1) * np.linalg.norm(d2)
    for shape, c, a, b in zip(SHAPES, _views(center), _views(d1), _views(d2), strict=True):
        if len(shape) >= 2:
            np.testing.assert_allclose(_row_norms(a), _row_norms(c), rtol=1e-12)
            if c[0].size > 1:
                np.testing.assert_allclose(_row_norms(b), _row_norms(c), rtol=1e-12)
                assert not np.allclose(a, b)
            else:  # one number per filter: no room for a second orthogonal direction
                np.testing.assert_array_equal(b, 0.0)
        elif one_dim == "ignore":  # biases stay put (Li et al.'s default)
            np.testing.assert_array_equal(a, 0.0)
            np.testing.assert_array_equal(b, 0.0)
        else:  # a 1-D parameter is one filter; a scalar moves along d₁ only
            assert np.linalg.norm(a) == pytest.approx(np.linalg.norm(c))
            assert np.linalg.norm(b) == pytest.approx(np.linalg.norm(c) if c.size > 1 else 0.0)
    again = filter_normalised_directions(SHAPES, center, np.random.default_rng(1), one_dim=one_dim)
    np.testing.assert_array_equal(again[0], d1)  # seeded: reproducible


def test_filter_normalised_directions_checks_its_input():
    with pytest.raises(ValueError, match="numbers"):
        filter_normalised_directions([(2, 2)], np.zeros(5), np.random.default_rng(0))
    with pytest.raises(ValueError, match="one_dim"):
        filter_normalised_directions([(2, 2)], np.zeros(4), np.random.default_rng(0), one_dim="copy")


def test_random_plane_slice_on_a_known_quadratic():
    a = np.diag([1.0, 4.0, 9.0])
    center = np.array([1.0, -2.0, 0.5])
    d1, d2 = np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 1.0]) / np.sqrt(2)
    calls = []

    def loss_at(theta: np.ndarray) -> float:
        calls.append(theta)
        return float(0.5 * theta @ a @ theta)

    plane = random_plane_slice(loss_at, center, (d1, d2), extent=2.0, n=9)
    np.testing.assert_allclose(plane.alpha, np.linspace(-2, 2, 9))
    s, t = plane.alpha[:, None, None], plane.beta[None, :, None]
    theta = center + s * d1 + t * d2
    expected = 0.5 * np.einsum("ijk,kl,ijl->ij", theta, a, theta)
    np.testing.assert_allclose(plane.loss, expected, rtol=1e-12)
    assert plane.center_loss == pytest.approx(0.5 * center @ a @ center)
    assert plane.loss[4, 4] == pytest.approx(plane.center_loss)  # (0, 0) is the center
    assert len(calls) == 9 * 9 + 1
    assert all(c is not calls[0] for c in calls[1:])  # a fresh vector per point
    # Asymmetric extents, and a stop request after two rows leaves the rest NaN.
    rows = iter(range(100))
    partial = random_plane_slice(
        loss_at, center, (d1, d2), extent=(-1.0, 3.0), n=5, stop=lambda: next(rows) >= 2
    )
    assert partial.alpha[0] == -1.0 and partial.alpha[-1] == 3.0
    assert np.isfinite(partial.loss[:2]).all() and np.isnan(partial.loss[2:]).all()
