"""The whole analysis of a customer base, as the command line and Odoo run it:
RFM scores and segments, churn (BG/NBD), value (Gamma-Gamma, CLV), loyalty and
the KPIs of the last year."""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import bgnbd, gammagamma, kpis, rfm
from .data import UNIT_DAYS, summarize
from .fitting import FitResult
from .loyalty import loyalty_score


@dataclass
class Analysis:
    summary: pd.DataFrame
    customers: pd.DataFrame  # one row per customer, every figure
    rfm: rfm.RFMResult
    bgnbd: FitResult
    gammagamma: FitResult
    kpis: dict
    as_of: pd.Timestamp
    unit: str
    horizon_days: float
    warnings: list = field(default_factory=list)

    def json_summary(self):
        segments = rfm.segment_table(self.rfm.scores, self.summary)
        churn = self.kpis.get("churn_rate")
        return {
            "as_of": str(self.as_of.date()),
            "customers": len(self.customers),
            "revenue": round(float(self.summary["monetary"].sum()), 2),
            "segments": {
                key: int(row.customers)
                for key, row in segments.iterrows()
                if row.customers
            },
            "churn_rate": None if churn is None else round(churn, 4),
            "retention_rate": None
            if self.kpis.get("retention_rate") is None
            else round(self.kpis["retention_rate"], 4),
            "expected_active_share": None
            if "p_alive" not in self.customers
            else round(float(self.customers["p_alive"].mean()), 4),
            "models": {
                "bgnbd": self.bgnbd.as_dict(),
                "gammagamma": self.gammagamma.as_dict(),
            },
            "cut_points": self.rfm.cut_points,
            "warnings": self.warnings,
        }


@dataclass
class Scoring:
    """Every per-customer figure computed from a summary (no transactions)."""

    customers: pd.DataFrame
    rfm: rfm.RFMResult
    bgnbd: FitResult
    gammagamma: FitResult
    warnings: list = field(default_factory=list)


def score_customers(
    summary,
    *,
    unit="week",
    horizon_days=365.0,
    cohort=None,
    cuts=None,
    annual_discount_rate=0.10,
    satisfaction=None,
    complaints=None,
):
    """RFM scores and segments, loyalty, churn (BG/NBD) and value (Gamma-Gamma,
    CLV) for the customers of ``summary`` (see :func:`crm_insight.data.summarize`;
    Odoo builds the same columns with SQL).

    ``cohort="type"`` scores each customer type on its own. ``satisfaction``
    and ``complaints`` are optional Series indexed by customer for the loyalty
    score. Model fits that fail are reported in the warnings, never raised:
    the customers then get no churn or value figures.
    """
    warnings = []
    scoring = rfm.score(summary, cuts=cuts, cohort=cohort)
    warnings += scoring.warnings
    customers = summary.join(scoring.scores)
    customers["loyalty_score"] = loyalty_score(
        customers["r_score"],
        customers["f_score"],
        customers["m_score"],
        customers["tenure_days"],
        None if satisfaction is None else satisfaction.reindex(customers.index),
        None if complaints is None else complaints.reindex(customers.index),
    )
    unit_days = UNIT_DAYS[unit]
    x = customers["frequency"].to_numpy(dtype=float)
    t_x = customers["t_x"].to_numpy(dtype=float)
    T = customers["T"].to_numpy(dtype=float)
    repeat_value = customers["avg_repeat_value"].to_numpy(dtype=float)
    churn_fit = bgnbd.fit(x, t_x, T)
    value_fit = FitResult("gammagamma", "insufficient_data", "churn model not fitted")
    if churn_fit.ok:
        customers["p_alive"] = bgnbd.p_alive(churn_fit.params, x, t_x, T)
        customers["churn_probability"] = 1.0 - customers["p_alive"]
        customers["expected_purchases"] = bgnbd.expected_purchases(
            churn_fit.params, horizon_days / unit_days, x, t_x, T
        )
        value_fit = gammagamma.fit(x, repeat_value)
        if value_fit.ok and value_fit.params["q"] <= 1:
            warnings.append(
                "spend model: q <= 1, the average spend of a customer without repeat "
                "purchases is unbounded; their CLV is left at 0"
            )
        if value_fit.ok:
            spend = gammagamma.expected_average_spend(value_fit.params, x, repeat_value)
            customers["expected_revenue"] = np.nan_to_num(
                customers["expected_purchases"].to_numpy() * spend
            )
            customers["clv"] = gammagamma.customer_lifetime_value(
                churn_fit.params,
                value_fit.params,
                x,
                t_x,
                T,
                repeat_value,
                unit_days=unit_days,
                horizon_days=horizon_days,
                annual_discount_rate=annual_discount_rate,
            )
        else:
            warnings.append(f"spend model: {value_fit.message}")
    else:
        warnings.append(f"churn model: {churn_fit.message}")
    for column in (
        "p_alive",
        "churn_probability",
        "expected_purchases",
        "expected_revenue",
        "clv",
    ):
        if column in customers:
            customers[column] = np.round(customers[column].astype(float), 6)
    return Scoring(customers, scoring, churn_fit, value_fit, warnings)


def analyze(
    transactions,
    *,
    unit="week",
    horizon_days=365.0,
    cohort=None,
    cuts=None,
    annual_discount_rate=0.10,
    satisfaction=None,
    complaints=None,
):
    """Run every model on prepared transactions (see :func:`crm_insight.data.prepare`),
    plus the KPIs of the last 365 days; see :func:`score_customers`."""
    summary = summarize(transactions, unit=unit)
    scored = score_customers(
        summary,
        unit=unit,
        horizon_days=horizon_days,
        cohort=cohort,
        cuts=cuts,
        annual_discount_rate=annual_discount_rate,
        satisfaction=satisfaction,
        complaints=complaints,
    )
    year_start = transactions.as_of - pd.Timedelta(days=365)
    period = kpis.period_kpis(
        transactions,
        year_start,
        transactions.as_of,
        scores=scored.rfm.scores,
        summary=summary,
    )
    return Analysis(
        summary=summary,
        customers=scored.customers,
        rfm=scored.rfm,
        bgnbd=scored.bgnbd,
        gammagamma=scored.gammagamma,
        kpis=period,
        as_of=transactions.as_of,
        unit=unit,
        horizon_days=horizon_days,
        warnings=list(transactions.warnings) + scored.warnings,
    )
