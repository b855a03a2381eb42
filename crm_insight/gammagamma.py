"""Gamma-Gamma spend model and customer lifetime value.

Fader, Hardie & Lee (2005), "RFM and CLV: Using iso-value curves for customer
base analysis": the average value of a customer's repeat transactions m_x over
x transactions is Gamma(p x, nu x) distributed, nu ~ Gamma(q, gamma). Only
customers with at least one repeat purchase and a positive average enter the
fit. CLV combines it with the BG/NBD expected purchases, discounted monthly.
"""

import numpy as np
from scipy.special import digamma, gammaln

from . import bgnbd
from .fitting import INSUFFICIENT_DATA, INVALID_INPUT, FitResult, compress, maximise

NAMES = ("p", "q", "v")
MONTH_DAYS = 30.0


def _neg_loglik(x, m, weights):
    total = weights.sum()
    xs, x_index = np.unique(x, return_inverse=True)
    log_m = np.log(m)
    log_x = np.log(x)

    def fn(params):
        p, q, v = params
        px_u = p * xs
        lg = (gammaln(px_u + q) - gammaln(px_u))[x_index] - gammaln(q)
        px = p * x
        log_vmx = np.log(v + m * x)
        ll = lg + q * np.log(v) + (px - 1) * log_m + px * log_x - (px + q) * log_vmx
        psi_pxq = digamma(px_u + q)[x_index]
        dp = x * (psi_pxq - digamma(px_u)[x_index] + log_m + log_x - log_vmx)
        dq = psi_pxq - digamma(q) + np.log(v) - log_vmx
        dv = q / v - (px + q) / (v + m * x)
        grad = np.array(
            [(weights * dp).sum(), (weights * dq).sum(), (weights * dv).sum()]
        )
        return -(weights * ll).sum() / total, -grad / total

    return fn


def fit(frequency, monetary_value):
    """Fit p, q and v (gamma) on the customers with repeat purchases.

    ``frequency`` is the number of repeat purchases, ``monetary_value`` the
    average value of those repeat purchases. Customers with no repeat purchase
    or a non-positive average (refunds) are left out, as the model requires.
    """
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary_value, dtype=float)
    if x.shape != m.shape:
        return FitResult(
            "gammagamma", INVALID_INPUT, "frequency and spend differ in length"
        )
    usable = np.isfinite(x) & np.isfinite(m) & (x > 0) & (m > 0)
    x, m = x[usable], m[usable]
    customers = int(x.size)
    if customers < 2:
        return FitResult(
            "gammagamma",
            INSUFFICIENT_DATA,
            f"{customers} customer(s) with repeat purchases and a positive average "
            "spend: at least 2 are needed",
            customers=customers,
        )
    if np.ptp(m) == 0:
        return FitResult(
            "gammagamma",
            INSUFFICIENT_DATA,
            "every customer spends exactly the same: spend heterogeneity cannot be "
            "estimated",
            customers=customers,
        )
    (xu, mu), weights = compress(x, m)
    mean = float(np.mean(m))
    starts = [(1.0, 1.0, mean), (5.0, 3.0, mean * 3), (0.5, 2.0, mean / 2)]
    return maximise(
        _neg_loglik(xu, mu, weights),
        NAMES,
        starts,
        model="gammagamma",
        customers=customers,
    )


def expected_average_spend(params, frequency, monetary_value):
    """Expected value of a customer's future transactions (conditional mean).

    Customers without repeat purchases get the population mean p v / (q - 1).
    """
    p, q, v = (params[k] for k in NAMES)
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary_value, dtype=float)
    m = np.where((x > 0) & np.isfinite(m) & (m > 0), m, 0.0)
    x = np.where(m > 0, x, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = p * (v + m * x) / (p * x + q - 1)
    return np.where(np.isfinite(value) & (value > 0), value, np.nan)


def customer_lifetime_value(
    bgnbd_params,
    gg_params,
    frequency,
    recency,
    T,
    monetary_value,
    *,
    unit_days=1.0,
    horizon_days=365.0,
    annual_discount_rate=0.10,
    margin=1.0,
):
    """Discounted value of each customer's purchases over ``horizon_days``.

    The horizon is cut in months of 30 days; the purchases expected in month i
    (BG/NBD) times the expected spend (Gamma-Gamma) times ``margin`` are
    discounted at the monthly rate equivalent to ``annual_discount_rate``.
    ``recency`` and ``T`` are in the unit the BG/NBD model was fitted in
    (``unit_days`` days).
    """
    spend = expected_average_spend(gg_params, frequency, monetary_value)
    monthly = (1.0 + annual_discount_rate) ** (1.0 / 12.0) - 1.0
    months = int(np.ceil(horizon_days / MONTH_DAYS))
    value = np.zeros(np.shape(frequency), dtype=float)
    previous = np.zeros_like(value)
    for month in range(1, months + 1):
        end_days = min(month * MONTH_DAYS, horizon_days)
        cumulative = bgnbd.expected_purchases(
            bgnbd_params, end_days / unit_days, frequency, recency, T
        )
        value += (cumulative - previous) / (1.0 + monthly) ** month
        previous = cumulative
    return np.nan_to_num(value * spend * margin, nan=0.0)
