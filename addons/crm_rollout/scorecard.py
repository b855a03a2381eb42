# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The arithmetic of a rollout plan, in plain Python (no Odoo): which way each
KPI should move, the portfolio rates from customer counts, the status of an
objective and the months of the evaluation.

The Odoo models gather the inputs with set-based SQL and call these.
"""

import calendar
import datetime

# KPI key -> direction ("up": higher is better) and unit ("percent",
# "hours", "per_user_week").
KPIS = {
    "churn_rate": ("down", "percent"),
    "retention_rate": ("up", "percent"),
    "portfolio_growth": ("up", "percent"),
    "complaint_resolution_hours": ("down", "hours"),
    "reachable_share": ("up", "percent"),
    "touchpoints_per_user_week": ("up", "per_user_week"),
    "orders_with_touchpoint_share": ("up", "percent"),
}
PORTFOLIO_KPIS = ("churn_rate", "retention_rate", "portfolio_growth")
# Days a customer stays "active" after a purchase, as in crm_insight.kpis.
ACTIVE_DAYS = 365
# Window of the activity KPIs (touchpoints, orders, complaints), in days.
ACTIVITY_DAYS = 30


def portfolio_rates(at_start, at_end, new):
    """Retention, churn and portfolio growth of a period from its customer
    counts: S active at the start, E active at the end, N whose first purchase
    falls in the period. The formulas of ``crm_insight.kpis.period_kpis``
    (retention (E - N) / S, churn 1 - retention, growth (E - S) / S), as
    ratios; None when nobody was active at the start. The addon's tests check
    on crafted orders that the SQL counts and these give what period_kpis
    gives on the same transactions."""
    if not at_start:
        return {"retention_rate": None, "churn_rate": None, "portfolio_growth": None}
    retention = (at_end - new) / at_start
    return {
        "retention_rate": retention,
        "churn_rate": 1 - retention,
        "portfolio_growth": (at_end - at_start) / at_start,
    }


def progress(baseline, target, value):
    """How far ``value`` went from ``baseline`` towards ``target``, in percent
    (0 at the baseline, 100 at the target); None when it cannot be said."""
    if value is None or baseline is None or target is None or target == baseline:
        return None
    return 100.0 * (value - baseline) / (target - baseline)


def is_reached(direction, target, value):
    if value is None or target is None:
        return False
    return value >= target if direction == "up" else value <= target


def objective_status(direction, baseline, target, value, start, deadline, today):
    """``reached`` when the value is at or beyond the target; ``on_track`` when
    the progress from the baseline is at least the share of the time elapsed
    between the start and the deadline; ``at_risk`` otherwise, and once the
    deadline has passed without reaching the target; ``no_data`` without a
    current value, or when the progress cannot be judged (no baseline, no
    deadline, a target equal to the baseline)."""
    if value is None:
        return "no_data"
    if is_reached(direction, target, value):
        return "reached"
    if not deadline or not start:
        return "no_data"
    if today >= deadline:
        return "at_risk"
    done = progress(baseline, target, value)
    if done is None:
        return "no_data"
    span = (deadline - start).days
    elapsed = min(max((today - start).days / span, 0.0), 1.0) if span > 0 else 1.0
    return "on_track" if done >= 100.0 * elapsed else "at_risk"


def evaluation_months(go_live, today):
    """The months of the evaluation, from the go-live month to the current
    one: (first day of the month, day the month is measured at, final). A
    month is measured at its last day, the current month today; it is final
    once that day has passed."""
    months = []
    first = go_live.replace(day=1)
    while first <= today:
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        months.append((first, min(last, today), last < today))
        first = last + datetime.timedelta(days=1)
    return months
