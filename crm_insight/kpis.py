"""Evaluation KPIs of a period: churn, retention, portfolio growth, top segments.

A customer is *active* at a date when they made a purchase in the
``active_days`` days up to that date (365 by default). For the period
``(start, end]``:

* S: customers active at ``start``; E: customers active at ``end``;
  N: customers whose first purchase falls in the period;
* retention rate = (E - N) / S; churn rate = 1 - retention rate;
* portfolio growth = (E - S) / S;
* revenue share of the top segments = revenue of the customers in those
  segments / revenue of all scored customers.
"""

import numpy as np
import pandas as pd

from .data import InputError

TOP_SEGMENTS = ("champions", "loyal")


def period_kpis(
    transactions,
    start,
    end,
    *,
    active_days=365,
    scores=None,
    summary=None,
    top_segments=TOP_SEGMENTS,
):
    """KPIs of the period ``(start, end]`` from prepared transactions.

    ``scores`` (with a ``segment`` column) and ``summary`` (with ``monetary``)
    are optional; with them the revenue share of ``top_segments`` is added.
    """
    start = pd.Timestamp(start).normalize()
    end = pd.Timestamp(end).normalize()
    if end <= start:
        raise InputError("the period must end after it starts")
    frame = transactions.frame
    day = frame.groupby(["customer", "date"], sort=False)["amount"].sum()
    purchases = day[day > 0].reset_index()
    window = pd.Timedelta(days=active_days)

    def active_at(moment):
        rows = (purchases["date"] > moment - window) & (purchases["date"] <= moment)
        return set(purchases.loc[rows, "customer"])

    first = purchases.groupby("customer")["date"].min()
    starting = active_at(start)
    ending = active_at(end)
    new = set(first[(first > start) & (first <= end)].index)
    s, e, n = len(starting), len(ending), len(new)
    retention = (e - n) / s if s else None
    result = {
        "start": str(start.date()),
        "end": str(end.date()),
        "customers_at_start": s,
        "customers_at_end": e,
        "new_customers": n,
        "retained_customers": len(starting & ending),
        "retention_rate": retention,
        "churn_rate": None if retention is None else 1 - retention,
        "portfolio_growth": (e - s) / s if s else None,
    }
    if scores is not None and summary is not None:
        revenue = summary.loc[scores.index, "monetary"].to_numpy(dtype=float)
        top = np.isin(scores["segment"].to_numpy(), list(top_segments))
        total = revenue.sum()
        result["top_segments"] = list(top_segments)
        result["top_segments_revenue_share"] = (
            float(revenue[top].sum() / total) if total else None
        )
    return result
