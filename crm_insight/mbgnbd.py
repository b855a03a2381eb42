"""MBG/NBD model (Batislam, Denizel & Filiztekin 2007, "Empirical validation
and comparison of models for customer base analysis").

The BG/NBD story with one change: a customer may also drop out right after
the *first* purchase (with probability p, as after every other one). A
one-time buyer is therefore not certainly alive, and the longer ago the
purchase, the likelier that he is gone. lambda ~ Gamma(r, alpha),
p ~ Beta(a, b); inputs as for :mod:`crm_insight.bgnbd`.

Likelihood of (x, t_x, T), with B the beta function::

    Gamma(r+x) alpha^r / Gamma(r) * [ B(a, b+x+1) / B(a, b) / (alpha+T)^(r+x)
                                     + B(a+1, b+x) / B(a, b) / (alpha+t_x)^(r+x) ]
"""

import sys

import numpy as np
from scipy.special import digamma, expit, gammaln, hyp2f1

from .fitting import fit_counts

MODEL = "mbgnbd"
LABEL = "MBG/NBD"
NAMES = ("r", "alpha", "a", "b")
SHAPES = ("r", "a", "b")
SCALES = ("alpha",)


def _neg_loglik(x, t_x, T, weights):
    """Negative mean log-likelihood and its analytic gradient on the
    compressed data; gamma functions on the distinct frequencies, logarithms
    on the distinct T and t_x."""
    total = weights.sum()
    xs, x_index = np.unique(x, return_inverse=True)
    Ts, T_index = np.unique(T, return_inverse=True)
    ts, t_index = np.unique(t_x, return_inverse=True)
    weight_x = np.bincount(x_index, weights=weights, minlength=len(xs))

    def fn(params):
        r, alpha, a, b = params
        lg = (
            gammaln(r + xs)
            - gammaln(r)
            + gammaln(a + b)
            + gammaln(b + xs + 1)
            - gammaln(b)
            - gammaln(a + b + xs + 1)
        )
        log_aT_u = np.log(alpha + Ts)
        log_at_u = np.log(alpha + ts)
        la = log_aT_u[T_index]
        gap = la - log_at_u[t_index]
        rx = r + x
        bx = b + x
        diff = np.log(a) - np.log(bx) + rx * gap
        soft = np.logaddexp(0.0, diff)
        w4 = expit(diff)
        ll = (weight_x * lg).sum() + total * r * np.log(alpha)
        ll += (weights * (soft - rx * la)).sum()
        inv_aT = (1.0 / (alpha + Ts))[T_index]
        inv_at = (1.0 / (alpha + ts))[t_index]
        psi_ab = digamma(a + b) - digamma(a + b + xs + 1)
        dr = (
            (weight_x * (digamma(r + xs) - digamma(r))).sum()
            + total * np.log(alpha)
            + (weights * (w4 * gap - la)).sum()
        )
        dalpha = (
            total * r / alpha
            + (weights * (w4 * rx * (inv_aT - inv_at) - rx * inv_aT)).sum()
        )
        da = (weight_x * psi_ab).sum() + (weights * w4).sum() / a
        db = (weight_x * (psi_ab + digamma(b + xs + 1) - digamma(b))).sum() - (
            weights * w4 / bx
        ).sum()
        grad = np.array([dr, dalpha, da, db])
        return -ll / total, -grad / total

    return fn


def fit(frequency, recency, T):
    """Fit r, alpha, a, b by maximum likelihood; never raises on bad data
    (see :func:`crm_insight.bgnbd.fit`)."""

    def starts(scale):
        return [
            (1.0, scale, 1.0, 3.0),
            (0.1, scale / 10, 0.5, 2.0),
            (2.0, scale * 2, 2.0, 8.0),
        ]

    return fit_counts(sys.modules[__name__], frequency, recency, T, starts, _neg_loglik)


def p_alive(params, frequency, recency, T):
    """Probability that each customer is still active at the end (time T);
    below 1 for one-time buyers too, falling with the time since the purchase."""
    r, alpha, a, b = (params[k] for k in NAMES)
    x = np.asarray(frequency, dtype=float)
    t_x = np.asarray(recency, dtype=float)
    T = np.asarray(T, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_odds = (
            np.log(a)
            - np.log(b + x)
            + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
        )
    return expit(-log_odds)


def expected_purchases_alive(params, t, frequency, T):
    """Expected purchases in the next ``t`` time units of a customer still
    alive (times :func:`p_alive` for the expectation); Euler's transformation
    keeps the hypergeometric term bounded:
    (1 - z)^(r+x) 2F1(r+x, b+x+1; a+b+x; z) = (1 - z)^(a-1)
    2F1(a+b-r, a-1; a+b+x; z), z = t / (alpha + T + t)."""
    r, alpha, a, b = (params[k] for k in NAMES)
    x = np.asarray(frequency, dtype=float)
    T = np.asarray(T, dtype=float)
    with np.errstate(all="ignore"):
        z = t / (alpha + T + t)
        head = (a + b + x) / (a - 1)
        tail = 1 - (1 - z) ** (a - 1) * hyp2f1(a + b - r, a - 1, a + b + x, z)
        return head * tail


def expected_purchases(params, t, frequency, recency, T):
    """Expected purchases in the next ``t`` time units given each history."""
    with np.errstate(all="ignore"):
        value = expected_purchases_alive(params, t, frequency, T) * p_alive(
            params, frequency, recency, T
        )
    return np.where(np.isfinite(value), np.maximum(value, 0.0), np.nan)
