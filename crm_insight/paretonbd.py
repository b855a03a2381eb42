"""Pareto/NBD model (Schmittlein, Morrison & Colombo 1987; estimation as in
Fader, Hardie & Lee 2005, "A note on deriving the Pareto/NBD model and related
expressions").

While alive a customer buys at Poisson rate lambda; he leaves at an
exponentially distributed time of rate mu, at any moment, purchase or not
(so a one-time buyer's chance of being alive falls with the time since his
purchase). lambda ~ Gamma(r, alpha), mu ~ Gamma(s, beta). Inputs as for
:mod:`crm_insight.bgnbd`: x repeat purchases, t_x recency, T age.

Numerics
--------
The likelihood of (x, t_x, T) is::

    Gamma(r+x) alpha^r beta^s / Gamma(r) * [ (alpha+T)^-(r+x) (beta+T)^-s
                                             + s (F(x, t_x) - F(x, T)) ]

with F(x, t) the integral from t to infinity of
(alpha+u)^-(r+x) (beta+u)^-(s+1) du, a Gauss hypergeometric function: for
alpha >= beta, with m = r+s+x and z = (alpha-beta)/(alpha+t),
F = (alpha+t)^-m / m 2F1(m, s+1; m+1; z) (alpha and beta swap roles
otherwise). The textbook form subtracts two such terms that can each
overflow; here

* Euler's transformation 2F1(m, b; m+1; z) = (1-z)^(1-b) H, with
  H = 2F1(1, m+1-b; m+1; z) between 1 and 1/(1-z), keeps every term bounded
  and everything is carried in logarithms (log F, then
  log(F1 - F2) = log F1 + log(1 - exp(log F2 - log F1)), which loses nothing:
  when F1 and F2 are close the first term of the likelihood dominates);
* F depends on (x, t) only, and a customer base has few distinct pairs: a
  million customers with dates in days have some 80,000 distinct (x, t_x)
  and (x, T) pairs. H is evaluated on those only;
* the gradient is analytic except for the derivatives of H with respect to
  its parameters, which are central differences on the same pairs.

P(alive) = 1 / (1 + s (alpha+T)^(r+x) (beta+T)^s (F(x, t_x) - F(x, T))),
computed as expit of the difference of the two log terms.
"""

import sys

import numpy as np
from scipy.special import digamma, expit, gammaln, hyp2f1

from .fitting import distinct_rows, fit_counts

MODEL = "paretonbd"
LABEL = "Pareto/NBD"
NAMES = ("r", "alpha", "s", "beta")
SHAPES = ("r", "s")
SCALES = ("alpha", "beta")
_STEP = 1e-5
Z_SWITCH = 0.9  # above, F by quadrature rather than by scipy's 2F1


def _log_h(B, C, z):
    return np.log(hyp2f1(1.0, B, C, z))


def _log_F(params, xs, ts, gradient=False):
    """log F(x, t) on distinct pairs and, if asked, its gradient (4 x pairs).

    Where z is at most :data:`Z_SWITCH` the hypergeometric form (fast); above
    it, where scipy's 2F1 slows down a hundredfold and can return NaN, the
    integral itself by Gauss-Legendre quadrature (:func:`_log_F_quadrature`).
    """
    _r, alpha, _s, beta = params
    swap = alpha < beta
    z = abs(alpha - beta) / ((beta if swap else alpha) + ts)
    hard = z > Z_SWITCH
    if hard.any():
        value = np.empty(len(xs))
        grad = np.empty((4, len(xs)))
        easy = ~hard
        if easy.any():
            out = _log_F_series(params, xs[easy], ts[easy], gradient)
            if gradient:
                value[easy], grad[:, easy] = out
            else:
                value[easy] = out
        out = _log_F_quadrature(params, xs[hard], ts[hard], gradient)
        if gradient:
            value[hard], grad[:, hard] = out
            return value, grad
        value[hard] = out
        return value
    return _log_F_series(params, xs, ts, gradient)


_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(32)
_NODES = (_NODES + 1.0) / 2.0
_LOG_WEIGHTS = np.log(_WEIGHTS / 2.0)


def _log_F_quadrature(params, xs, ts, gradient=False):
    """log F by quadrature: with kappa = min(alpha, beta) + t, the variable u
    of tau + min(alpha, beta) = kappa e^u turns the integrand into a smooth
    function of u whose log falls linearly (slope -(r+s+x)) past the bend at
    u0 = log((max + t) / (min + t)); two panels of 32 Gauss-Legendre nodes,
    up to the bend (or to where the integrand has fallen by e^-40 before it)
    and 40 / (r+s+x) beyond, carry it to about 1e-10 (tests/insight:
    against mpmath)."""
    r, alpha, s, beta = params
    low = min(alpha, beta)
    kappa = low + ts
    m = r + s + xs
    near = kappa / (max(alpha, beta) + ts)  # 1 - z
    u0 = -np.log(near)
    # the integrand's log falls in u at least as fast as at u = 0 (its slope
    # steepens towards -m past the bend): it is negligible beyond 40 / slope
    if alpha < beta:
        before = (r + xs - 1.0) + (s + 1.0) * near
    else:
        before = (r + xs) * near + s
    edge = np.minimum(u0 + 4.0, 40.0 / np.maximum(before, 1e-3))
    tail = 40.0 / m
    n = len(_NODES)
    u = np.empty((len(xs), 2 * n))
    np.multiply(edge[:, None], _NODES, out=u[:, :n])
    np.multiply(tail[:, None], _NODES, out=u[:, n:])
    u[:, n:] += edge[:, None]
    log_w = np.concatenate(
        [np.log(edge)[:, None] + _LOG_WEIGHTS, np.log(tail)[:, None] + _LOG_WEIGHTS],
        axis=1,
    )
    log_kappa = np.log(kappa)
    # tau + min(alpha, beta) = kappa e^u: the log of the factor of the smaller
    # parameter is log(kappa) + u, the other one needs a logarithm
    log_near = u + log_kappa[:, None]
    log_far = np.exp(log_near)
    log_far += abs(alpha - beta)
    np.log(log_far, out=log_far)
    if alpha < beta:
        log_a, log_b = log_near, log_far
    else:
        log_a, log_b = log_far, log_near
    terms = log_w
    terms -= (r + xs)[:, None] * log_a
    terms -= (s + 1.0) * log_b
    terms += log_near
    top = terms.max(axis=1, keepdims=True)
    terms -= top
    share = np.exp(terms, out=terms)
    total = share.sum(axis=1)
    value = top[:, 0] + np.log(total)
    if not gradient:
        return value
    share /= total[:, None]
    grad = np.empty((4, len(xs)))
    grad[0] = -np.einsum("ij,ij->i", share, log_a)
    grad[2] = -np.einsum("ij,ij->i", share, log_b)
    grad[1] = -(r + xs) * np.einsum("ij,ij->i", share, np.exp(-log_a))
    grad[3] = -(s + 1.0) * np.einsum("ij,ij->i", share, np.exp(-log_b))
    return value, grad


def _log_F_series(params, xs, ts, gradient=False):
    """log F(x, t) on distinct pairs and, if asked, its gradient (4 x pairs)."""
    r, alpha, s, beta = params
    m = r + s + xs
    log_a = np.log(alpha + ts)
    log_b = np.log(beta + ts)
    swap = alpha < beta
    if not swap:
        z = (alpha - beta) / (alpha + ts)
        B = r + xs
        log_f = -(r + xs) * log_a - s * log_b - np.log(m)
    else:
        z = (beta - alpha) / (beta + ts)
        B = s + 1.0
        log_f = -(s + 1.0) * log_b - (r + xs - 1.0) * log_a - np.log(m)
    C = m + 1.0
    log_h = _log_h(B, C, z)
    value = log_f + log_h
    if not gradient:
        return value
    # d log H / dz = (B / C) 2F1(2, B+1; C+1; z) / H
    h_z = B / C * hyp2f1(2.0, B + 1.0, C + 1.0, z) * np.exp(-log_h)
    step_c = _STEP * C
    h_c = (_log_h(B, C + step_c, z) - _log_h(B, C - step_c, z)) / (2 * step_c)
    step_bc = _STEP * C
    h_bc = (
        _log_h(B + step_bc, C + step_bc, z) - _log_h(B - step_bc, C - step_bc, z)
    ) / (2 * step_bc)
    inv_a = 1.0 / (alpha + ts)
    inv_b = 1.0 / (beta + ts)
    grad = np.empty((4, len(xs)))
    if not swap:
        grad[0] = -log_a - 1.0 / m + h_bc
        grad[2] = -log_b - 1.0 / m + h_c
        grad[1] = -(r + xs) * inv_a + h_z * (beta + ts) * inv_a**2
        grad[3] = -s * inv_b - h_z * inv_a
    else:
        grad[0] = -log_a - 1.0 / m + h_c
        grad[2] = -log_b - 1.0 / m + h_bc
        grad[1] = -(r + xs - 1.0) * inv_a - h_z * inv_b
        grad[3] = -(s + 1.0) * inv_b + h_z * (alpha + ts) * inv_b**2
    return value, grad


def _pairs(x, t_x, T):
    """Distinct (x, t) pairs of both (x, t_x) and (x, T), and where each
    customer's two pairs are."""
    n = len(x)
    (px, pt), inverse = distinct_rows(np.r_[x, x], np.r_[t_x, T])
    return px, pt, inverse[:n], inverse[n:]


def _log_terms(params, x, T, log_f1, log_f2):
    """The two log terms of the likelihood bracket: alive at T, and gone
    between t_x and T."""
    r, alpha, s, beta = params
    log_alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_gone = (
            np.log(s) + log_f1 + np.log(-np.expm1(np.minimum(log_f2 - log_f1, 0.0)))
        )
    return log_alive, log_gone


def _neg_loglik(x, t_x, T, weights):
    """Negative mean log-likelihood and its gradient on the compressed data.

    Per evaluation: H and its derivatives on the distinct (x, t) pairs, the
    logarithms on the distinct T, then a dozen vector operations per distinct
    row; sums of row terms that only depend on T go through one bincount.
    """
    total = weights.sum()
    xs, x_index = np.unique(x, return_inverse=True)
    weight_x = np.bincount(x_index, weights=weights, minlength=len(xs))
    Ts, T_index = np.unique(T, return_inverse=True)
    px, pt, i1, i2 = _pairs(x, t_x, T)

    def fn(params):
        r, alpha, s, beta = params
        log_f, grad_f = _log_F(params, px, pt, gradient=True)
        log_f1 = log_f[i1]
        ratio = np.exp(np.minimum(log_f[i2] - log_f1, 0.0))
        log_aT_u = np.log(alpha + Ts)
        log_bT_u = np.log(beta + Ts)
        la = log_aT_u[T_index]
        log_alive = -(s * log_bT_u)[T_index] - (r + x) * la
        # log odds of "gone between t_x and T" against "alive at T"
        c = np.log(s) + log_f1 - log_alive
        with np.errstate(divide="ignore"):
            log_odds = c + np.log1p(-ratio)
        soft = np.maximum(log_odds, 0.0) + np.log1p(np.exp(-np.abs(log_odds)))
        ll = (
            (weight_x * (gammaln(r + xs) - gammaln(r))).sum()
            + total * (r * np.log(alpha) + s * np.log(beta))
            + (weights * (log_alive + soft)).sum()
        )
        w_gone = np.exp(log_odds - soft)
        # d log(F1 - F2) = (dlogF1 - q dlogF2) / (1 - q), q = F2 / F1,
        # weighted by w_gone: w_gone / (1 - q) = exp(c - soft) (0 when t_x = T)
        w1 = weights * np.exp(np.minimum(c - soft, 700.0)) * (ratio < 1.0)
        pair_weight = np.bincount(i1, weights=w1, minlength=len(px)) - np.bincount(
            i2, weights=w1 * ratio, minlength=len(px)
        )
        from_f = grad_f @ pair_weight
        w_alive = weights - weights * w_gone
        inv_aT = np.exp(-la)
        dr = (
            (weight_x * (digamma(r + xs) - digamma(r))).sum()
            + total * np.log(alpha)
            - (w_alive * la).sum()
            + from_f[0]
        )
        dalpha = total * r / alpha - (w_alive * (r + x) * inv_aT).sum() + from_f[1]
        alive_T = np.bincount(T_index, weights=w_alive, minlength=len(Ts))
        ds = (
            total * np.log(beta)
            - (alive_T * log_bT_u).sum()
            + (weights * w_gone).sum() / s
            + from_f[2]
        )
        dbeta = total * s / beta - s * (alive_T / (beta + Ts)).sum() + from_f[3]
        grad = np.array([dr, dalpha, ds, dbeta])
        return -ll / total, -grad / total

    return fn


def fit(frequency, recency, T):
    """Fit r, alpha, s, beta by maximum likelihood; never raises on bad data
    (see :func:`crm_insight.bgnbd.fit` for the statuses)."""

    def starts(scale):
        return [
            (1.0, scale, 1.0, scale * 1.1),
            (0.5, scale / 2, 0.5, scale * 2),
            (2.0, scale * 2, 2.0, scale / 2),
        ]

    return fit_counts(sys.modules[__name__], frequency, recency, T, starts, _neg_loglik)


def _log_odds_gone(params, x, t_x, T):
    x = np.asarray(x, dtype=float).ravel()
    t_x = np.asarray(t_x, dtype=float).ravel()
    T = np.asarray(T, dtype=float).ravel()
    if x.size == 0:
        return x
    with np.errstate(all="ignore"):
        px, pt, i1, i2 = _pairs(x, t_x, T)
        log_f = _log_F([params[k] for k in NAMES], px, pt)
        log_alive, log_gone = _log_terms(
            [params[k] for k in NAMES], x, T, log_f[i1], log_f[i2]
        )
        return log_gone - log_alive


def p_alive(params, frequency, recency, T):
    """Probability that each customer is still active at the end (time T).
    Evaluated on the distinct (x, t) pairs only, so a million customers cost
    about as much as their few ten thousand distinct histories."""
    shape = np.broadcast(
        np.asarray(frequency), np.asarray(recency), np.asarray(T)
    ).shape
    x, t_x, T = np.broadcast_arrays(
        np.asarray(frequency, dtype=float),
        np.asarray(recency, dtype=float),
        np.asarray(T, dtype=float),
    )
    return expit(-_log_odds_gone(params, x, t_x, T)).reshape(shape)


def expected_purchases_alive(params, t, frequency, T):
    """Expected purchases in the next ``t`` time units of a customer still
    alive: (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)]
    (its limit (r+x)/(alpha+T) (beta+T) log(1 + t/(beta+T)) at s = 1)."""
    r, alpha, s, beta = (params[k] for k in NAMES)
    x = np.asarray(frequency, dtype=float)
    T = np.asarray(T, dtype=float)
    with np.errstate(all="ignore"):
        log_ratio = np.log1p(t / (beta + T))
        if abs(s - 1.0) < 1e-9:
            factor = log_ratio
        else:
            factor = -np.expm1(-(s - 1.0) * log_ratio) / (s - 1.0)
        return (r + x) * (beta + T) / (alpha + T) * factor


def expected_purchases(params, t, frequency, recency, T):
    """Expected purchases in the next ``t`` time units given each history."""
    with np.errstate(all="ignore"):
        value = expected_purchases_alive(params, t, frequency, T) * p_alive(
            params, frequency, recency, T
        )
    return np.where(np.isfinite(value), np.maximum(value, 0.0), np.nan)
