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
from .fitting import INSUFFICIENT_DATA, INVALID_INPUT, compress, failure, maximise

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
        return failure(
            "gammagamma",
            INVALID_INPUT,
            "fit_invalid_input",
            detail="frequency and spend differ in length",
        )
    usable = np.isfinite(x) & np.isfinite(m) & (x > 0) & (m > 0)
    x, m = x[usable], m[usable]
    customers = int(x.size)
    if customers < 2:
        return failure(
            "gammagamma",
            INSUFFICIENT_DATA,
            "fit_too_few_customers",
            customers=customers,
            needed=2,
        )
    if np.ptp(m) == 0:
        return failure(
            "gammagamma", INSUFFICIENT_DATA, "fit_flat_spend", customers=customers
        )
    (xu, mu), weights = compress(x, m)
    mean = float(np.mean(m))
    starts = [(1.0, 1.0, mean), (5.0, 3.0, mean * 3), (0.5, 2.0, mean / 2)]

    def check(params):
        spend = expected_average_spend(params, xu, mu)
        return weights[~np.isfinite(spend)].sum()

    return maximise(
        _neg_loglik(xu, mu, weights),
        NAMES,
        starts,
        model="gammagamma",
        customers=customers,
        shapes=("p", "q"),
        scales={"v": mean},
        check=check,
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
    churn_params,
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
    model=bgnbd,
):
    """Discounted value of each customer's purchases over ``horizon_days``.

    The horizon is cut in months of 30 days; the purchases expected in month i
    (by the churn ``model``, a module of :data:`crm_insight.churn.MODELS`,
    BG/NBD by default) times the expected spend (Gamma-Gamma) times
    ``margin`` are discounted at the monthly rate equivalent to
    ``annual_discount_rate``. ``recency`` and ``T`` are in the unit the churn
    model was fitted in (``unit_days`` days). A customer whose expected spend
    is unknown (q <= 1 and no repeat purchase) gets NaN, never 0.
    """
    from .fitting import distinct_rows

    spend = expected_average_spend(gg_params, frequency, monetary_value)
    monthly = (1.0 + annual_discount_rate) ** (1.0 / 12.0) - 1.0
    months = int(np.ceil(horizon_days / MONTH_DAYS))
    shape = np.shape(frequency)
    x = np.ravel(np.asarray(frequency, dtype=float))
    t_x = np.ravel(np.asarray(recency, dtype=float))
    T = np.ravel(np.asarray(T, dtype=float))
    if x.size == 0:
        return np.zeros(shape)
    # the purchases of a customer alive depend on (x, T) only: discounted
    # month by month once per distinct (x, T), never one column per month and
    # customer (a 100-year horizon is 1,217 months)
    alive = model.p_alive(churn_params, x, t_x, T)
    (px, pT), index = distinct_rows(x, T)
    per_pair = np.zeros(len(px))
    previous = np.zeros(len(px))
    with np.errstate(invalid="ignore"):
        for k in range(1, months + 1):
            end = min(k * MONTH_DAYS, horizon_days) / unit_days
            cumulative = model.expected_purchases_alive(churn_params, end, px, pT)
            per_pair += (cumulative - previous) * (1.0 + monthly) ** -k
            previous = cumulative
        value = (per_pair[index] * alive).reshape(shape)
    return value * spend * margin
