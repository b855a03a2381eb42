"""BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way").

A customer buys at Poisson rate lambda while alive and, after each purchase,
drops out with probability p. lambda ~ Gamma(r, alpha), p ~ Beta(a, b).

Inputs per customer, time in the chosen unit (days counted, then divided by 7
for weeks): ``frequency`` x (repeat purchases), ``recency`` t_x (time of the
last purchase since the first) and ``T`` (time since the first purchase).
"""

import numpy as np
from scipy.special import digamma, expit, gammaln, hyp2f1

from .fitting import INSUFFICIENT_DATA, INVALID_INPUT, FitResult, compress, maximise

NAMES = ("r", "alpha", "a", "b")


def _validate(frequency, recency, T):
    x = np.asarray(frequency, dtype=float)
    t_x = np.asarray(recency, dtype=float)
    T = np.asarray(T, dtype=float)
    if not (x.shape == t_x.shape == T.shape):
        return None, "frequency, recency and T must have the same length"
    if x.size and not (
        np.all(np.isfinite(x)) and np.all(np.isfinite(t_x)) and np.all(np.isfinite(T))
    ):
        return None, "frequency, recency and T must be finite numbers"
    if np.any(x < 0) or np.any(t_x < 0) or np.any(T < 0):
        return None, "frequency, recency and T cannot be negative"
    if np.any(t_x > T + 1e-9):
        return None, "recency cannot exceed T (the last purchase after the end)"
    if np.any((x == 0) & (t_x > 0)):
        return None, "a customer without repeat purchases must have recency 0"
    return (x, t_x, T), None


def _neg_loglik(x, t_x, T, weights):
    """Negative mean log-likelihood and its gradient, for the compressed data.

    Every special function is evaluated on unique values only: the gamma terms
    on the distinct frequencies, the logarithms on the distinct ages T and
    recencies (a few hundred each when time is counted in days). Customers
    without repeat purchases only need sums per distinct T; the others cost a
    few vector operations per row.
    """
    total = weights.sum()
    xs, x_index = np.unique(x, return_inverse=True)
    Ts, T_index = np.unique(T, return_inverse=True)
    ts, t_index = np.unique(t_x, return_inverse=True)
    weight_x = np.bincount(x_index, weights=weights, minlength=len(xs))
    once = x == 0
    weight_T0 = np.bincount(T_index[once], weights=weights[once], minlength=len(Ts))
    repeat = ~once
    xr, wr = x[repeat], weights[repeat]
    Tr, tr, xr_index = T_index[repeat], t_index[repeat], x_index[repeat]

    def fn(params):
        r, alpha, a, b = params
        lg = (
            gammaln(r + xs)
            - gammaln(r)
            + gammaln(a + b)
            + gammaln(b + xs)
            - gammaln(b)
            - gammaln(a + b + xs)
        )
        log_aT_u = np.log(alpha + Ts)
        inv_aT_u = 1.0 / (alpha + Ts)
        log_at_u = np.log(alpha + ts)
        inv_at_u = 1.0 / (alpha + ts)
        log_bx1_u = np.log(np.maximum(b + xs - 1, 1e-300))
        inv_bx1_u = 1.0 / np.maximum(b + xs - 1, 1e-300)
        # customers without repeat purchases: c3 = -r log(alpha + T)
        ll = (weight_x * lg).sum() + total * r * np.log(alpha)
        ll -= r * (weight_T0 * log_aT_u).sum()
        dr = -(weight_T0 * log_aT_u).sum()
        dalpha = -r * (weight_T0 * inv_aT_u).sum()
        # the others: log(e^c3 + e^c4) = c3 + softplus(c4 - c3)
        la = log_aT_u[Tr]
        lt = log_at_u[tr]
        rx = r + xr
        gap = lt - la
        diff = np.log(a) - log_bx1_u[xr_index] - rx * gap
        soft = np.logaddexp(0.0, diff)
        w4 = np.exp(diff - soft)
        ll += (wr * (soft - rx * la)).sum()
        dr -= (wr * (la + w4 * gap)).sum()
        ia = inv_aT_u[Tr]
        dalpha -= (wr * rx * (ia + w4 * (inv_at_u[tr] - ia))).sum()
        w4_sum = (wr * w4).sum()
        # gamma-function parts, summed per distinct x
        psi_r = digamma(r + xs) - digamma(r)
        dab_u = digamma(a + b) - digamma(a + b + xs)
        dr += (weight_x * psi_r).sum() + total * np.log(alpha)
        dalpha += total * r / alpha
        da = (weight_x * dab_u).sum() + w4_sum / a
        db = (weight_x * (dab_u + digamma(b + xs) - digamma(b))).sum() - (
            wr * w4 * inv_bx1_u[xr_index]
        ).sum()
        grad = np.array([dr, dalpha, da, db])
        return -ll / total, -grad / total

    return fn


def fit(frequency, recency, T):
    """Fit r, alpha, a, b by maximum likelihood; never raises on bad data.

    Returns a :class:`~crm_insight.fitting.FitResult` whose ``params`` are
    ``r``, ``alpha``, ``a`` and ``b`` when ``status`` is ``ok``.
    """
    data, error = _validate(frequency, recency, T)
    if error:
        return FitResult("bgnbd", INVALID_INPUT, error)
    x, t_x, T = data
    customers = int(x.size)
    if customers < 2:
        return FitResult(
            "bgnbd",
            INSUFFICIENT_DATA,
            f"{customers} customer(s): at least 2 are needed",
            customers=customers,
        )
    if not np.any(x > 0):
        return FitResult(
            "bgnbd",
            INSUFFICIENT_DATA,
            "no customer made a repeat purchase: dropout cannot be estimated",
            customers=customers,
        )
    if not np.any(T > 0):
        return FitResult(
            "bgnbd",
            INSUFFICIENT_DATA,
            "every customer bought for the first time at the end of the period",
            customers=customers,
        )
    (xu, tu, Tu), weights = compress(x, t_x, T)
    scale = float(np.mean(T)) or 1.0
    starts = [
        (1.0, scale, 1.0, 1.0),
        (0.1, scale / 10, 0.5, 2.0),
        (2.0, scale * 2, 2.0, 5.0),
    ]
    result = maximise(
        _neg_loglik(xu, tu, Tu, weights),
        NAMES,
        starts,
        model="bgnbd",
        customers=customers,
    )
    return result


def _log_odds_dead(params, x, t_x, T):
    r, alpha, a, b = (params[k] for k in NAMES)
    x = np.asarray(x, dtype=float)
    t_x = np.asarray(t_x, dtype=float)
    T = np.asarray(T, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_odds = (
            np.log(a)
            - np.log(np.maximum(b + x - 1, 1e-300))
            + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
        )
    return np.where(x > 0, log_odds, -np.inf)


def p_alive(params, frequency, recency, T):
    """Probability that each customer is still active at the end (time T)."""
    return expit(-_log_odds_dead(params, frequency, recency, T))


def expected_purchases(params, t, frequency, recency, T):
    """Expected number of purchases in the next ``t`` time units, per customer,
    given each customer's history (conditional expectation, eq. 10 of the paper).
    """
    r, alpha, a, b = (params[k] for k in NAMES)
    x = np.asarray(frequency, dtype=float)
    T = np.asarray(T, dtype=float)
    z = t / (alpha + T + t)
    with np.errstate(all="ignore"):
        head = (a + b + x - 1) / (a - 1)
        tail = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(
            r + x, b + x, a + b + x - 1, z
        )
        value = head * tail * p_alive(params, x, recency, T)
    return np.where(np.isfinite(value), np.maximum(value, 0.0), 0.0)


def expected_purchases_new_customer(params, t):
    """Expected purchases in a period of length ``t`` of a new customer (eq. 7)."""
    r, alpha, a, b = (params[k] for k in NAMES)
    t = np.asarray(t, dtype=float)
    return (
        (a + b - 1)
        / (a - 1)
        * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))
    )
