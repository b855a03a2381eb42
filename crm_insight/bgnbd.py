"""BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way").

A customer buys at Poisson rate lambda while alive and, after each purchase,
drops out with probability p. lambda ~ Gamma(r, alpha), p ~ Beta(a, b).

Inputs per customer, time in the chosen unit (days counted, then divided by 7
for weeks): ``frequency`` x (repeat purchases), ``recency`` t_x (time of the
last purchase since the first) and ``T`` (time since the first purchase).
"""

import sys

import numpy as np
from scipy.special import digamma, expit, gammaln, hyp2f1

from .fitting import fit_counts

MODEL = "bgnbd"
LABEL = "BG/NBD"
NAMES = ("r", "alpha", "a", "b")
SHAPES = ("r", "a", "b")
SCALES = ("alpha",)


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

    def starts(scale):
        return [
            (1.0, scale, 1.0, 1.0),
            (0.1, scale / 10, 0.5, 2.0),
            (2.0, scale * 2, 2.0, 5.0),
        ]

    return fit_counts(sys.modules[__name__], frequency, recency, T, starts, _neg_loglik)


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


def expected_purchases_alive(params, t, frequency, T):
    """Expected purchases in the next ``t`` time units of a customer who is
    still alive, given x and T (recency plays no part): the expected
    purchases are this times :func:`p_alive`.

    Eq. 10 of the paper with Euler's transformation of its 2F1, which keeps
    the terms bounded however many purchases a customer made:
    (1 - z)^(r+x) 2F1(r+x, b+x; a+b+x-1; z) = (1 - z)^(a-1) 2F1(a+b-1-r, a-1;
    a+b+x-1; z) with z = t / (alpha + T + t).
    """
    r, alpha, a, b = (params[k] for k in NAMES)
    x = np.asarray(frequency, dtype=float)
    T = np.asarray(T, dtype=float)
    with np.errstate(all="ignore"):
        z = t / (alpha + T + t)
        head = (a + b + x - 1) / (a - 1)
        tail = 1 - (1 - z) ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z)
        return head * tail


def expected_purchases(params, t, frequency, recency, T):
    """Expected number of purchases in the next ``t`` time units, per customer,
    given each customer's history (conditional expectation, eq. 10 of the paper).
    Non-finite results stay NaN (a fit whose predictions are not finite is
    reported as not converged)."""
    with np.errstate(all="ignore"):
        value = expected_purchases_alive(params, t, frequency, T) * p_alive(
            params, frequency, recency, T
        )
    return np.where(np.isfinite(value), np.maximum(value, 0.0), np.nan)


def expected_purchases_new_customer(params, t):
    """Expected purchases in a period of length ``t`` of a new customer (eq. 7)."""
    r, alpha, a, b = (params[k] for k in NAMES)
    t = np.asarray(t, dtype=float)
    return (
        (a + b - 1)
        / (a - 1)
        * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))
    )
