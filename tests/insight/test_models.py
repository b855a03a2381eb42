"""BG/NBD and Gamma-Gamma beyond the paper: recovery, robustness, predictions."""

import numpy as np
import pytest

from crm_insight import bgnbd, gammagamma


def simulate_bgnbd(n, r, alpha, a, b, T=52.0, seed=1):
    rng = np.random.default_rng(seed)
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    x = np.zeros(n)
    t_x = np.zeros(n)
    for i in range(n):
        t = 0.0
        while True:
            t += rng.exponential(1 / lam[i])
            if t > T:
                break
            x[i] += 1
            t_x[i] = t
            if rng.random() < p[i]:
                break
    return x, t_x, np.full(n, T)


def test_bgnbd_recovers_known_parameters():
    truth = {"r": 0.5, "alpha": 3.0, "a": 0.8, "b": 3.0}
    x, t_x, T = simulate_bgnbd(20000, **truth)
    fit = bgnbd.fit(x, t_x, T)
    assert fit.ok
    for name, value in truth.items():
        assert fit.params[name] == pytest.approx(value, rel=0.15), name


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (([1.0], [1.0], [2.0]), "insufficient_data"),
        (([0, 0, 0], [0, 0, 0], [5, 6, 7]), "insufficient_data"),
        (([1, np.nan], [1, 1], [2, 2]), "invalid_input"),
        (([1, 2], [3, 1], [2, 2]), "invalid_input"),
        (([-1, 2], [1, 1], [2, 2]), "invalid_input"),
        (([0, 1], [1, 1], [2, 2]), "invalid_input"),
        (([1, 2], [0, 0], [0, 0]), "insufficient_data"),
        (([1, 2, 3], [1, 1], [2, 2, 2]), "invalid_input"),
    ],
)
def test_bgnbd_gives_a_status_never_an_exception(data, status):
    fit = bgnbd.fit(*data)
    assert fit.status == status
    assert fit.message
    assert fit.params == {}


def test_bgnbd_degenerate_data_does_not_converge_but_does_not_raise():
    # every customer buys every week and never stops: p -> 0, beta runs away
    x = np.full(50, 51.0)
    fit = bgnbd.fit(x, np.full(50, 51.0), np.full(50, 52.0))
    assert fit.status in ("ok", "not_converged")
    if fit.status == "not_converged":
        assert "extreme" in fit.message or "maximised" in fit.message


def test_predictions_behave():
    params = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    assert bgnbd.p_alive(params, 0, 0, 30) == 1.0
    alive = bgnbd.p_alive(params, [3, 3], [30, 5], [39, 39])
    assert alive[0] > alive[1], "a recent last purchase means more likely alive"
    horizons = [
        bgnbd.expected_purchases(params, t, 2, 30.43, 38.86) for t in (1, 10, 39, 100)
    ]
    assert np.all(np.diff(horizons) > 0)
    new = bgnbd.expected_purchases_new_customer(params, [0, 39, 78])
    assert new[0] == pytest.approx(0.0) and new[2] > new[1] > 0


def simulate_gammagamma(n, p, q, v, seed=2):
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 10, n).astype(float)
    nu = rng.gamma(q, 1 / v, n)
    m = rng.gamma(p * x, 1 / (nu * x))
    return x, m


def test_gammagamma_recovers_known_parameters():
    x, m = simulate_gammagamma(20000, 6.0, 4.0, 15.0)
    fit = gammagamma.fit(x, m)
    assert fit.ok
    assert fit.params["p"] == pytest.approx(6.0, rel=0.1)
    assert fit.params["q"] == pytest.approx(4.0, rel=0.1)
    assert fit.params["v"] == pytest.approx(15.0, rel=0.15)


def test_gammagamma_robustness():
    assert gammagamma.fit([0, 0], [0, 0]).status == "insufficient_data"
    assert gammagamma.fit([1], [10.0]).status == "insufficient_data"
    assert gammagamma.fit([1, 2, 3], [10.0, 10.0, 10.0]).status == "insufficient_data"
    assert gammagamma.fit([1, 2], [10.0]).status == "invalid_input"
    # refunds (non-positive averages) and NaN are left out, not fatal
    fit = gammagamma.fit([1, 2, 3, 0, 4], [10.0, -5.0, 30.0, np.nan, 12.0])
    assert fit.customers == 3


def test_expected_spend_and_clv():
    gg = {"p": 6.25, "q": 3.74, "v": 15.44}
    bg = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    spend = gammagamma.expected_average_spend(gg, [0, 1, 10], [0, 50.0, 50.0])
    population = 6.25 * 15.44 / 2.74
    assert spend[0] == pytest.approx(population)
    assert population < spend[1] < spend[2] < 50.0, "shrunk towards the mean"
    args = (bg, gg, [2, 2], [30.43, 5.0], [38.86, 38.86], [20.0, 20.0])
    clv = gammagamma.customer_lifetime_value(*args, unit_days=7.0, horizon_days=365)
    assert clv[0] > clv[1] > 0
    undiscounted = gammagamma.customer_lifetime_value(
        *args, unit_days=7.0, horizon_days=365, annual_discount_rate=0.0
    )
    assert np.all(undiscounted > clv)
    purchases = bgnbd.expected_purchases(
        bg, 365 / 7, [2, 2], [30.43, 5.0], [38.86, 38.86]
    )
    expected = purchases * gammagamma.expected_average_spend(gg, [2, 2], [20.0, 20.0])
    assert undiscounted == pytest.approx(expected)


@pytest.mark.parametrize("model", ["bgnbd", "gammagamma"])
def test_analytic_gradient_matches_finite_differences(model):
    from crm_insight import fitting

    rng = np.random.default_rng(5)
    if model == "bgnbd":
        x, t_x, T = simulate_bgnbd(3000, 0.5, 3.0, 0.8, 3.0)
        data, weights = fitting.compress(x, t_x, T)
        fn = bgnbd._neg_loglik(*data, weights)
        point = np.array([0.7, 2.5, 1.1, 4.0])
    else:
        x, m = simulate_gammagamma(3000, 6.0, 4.0, 15.0)
        data, weights = fitting.compress(x, m)
        fn = gammagamma._neg_loglik(*data, weights)
        point = np.array([5.0, 3.0, 12.0])
    point = point * rng.uniform(0.9, 1.1, len(point))
    _value, grad = fn(point)
    step = 1e-6
    numeric = [
        (fn(point + step * e)[0] - fn(point - step * e)[0]) / (2 * step)
        for e in np.eye(len(point))
    ]
    assert grad == pytest.approx(numeric, rel=1e-4, abs=1e-7)
