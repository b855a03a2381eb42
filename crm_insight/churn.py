"""Choosing the churn model of a run, tracking it, projecting with it.

Three models compete (:data:`MODELS`): Pareto/NBD, MBG/NBD and BG/NBD. The
data are cut at a *split day*: each model is fitted on the customers' history
up to the split (calibration) and predicts, customer by customer, how many
purchases each makes after it (hold-out); the error is the root mean squared
difference with what they did buy (RMSE, the error the expected value
minimises; the mean absolute error is reported beside it). The model with the
lowest error is chosen, with one rule: BG/NBD, which lets nobody leave before
a second purchase (every one-time buyer gets churn risk 0), is only chosen
when it beats the best of the two others by more than two standard errors of
the customer-by-customer difference *and* has the highest likelihood on the
calibration period (both lines of evidence; with MBG/NBD-like data, as
crm_insight's own demo, BG/NBD can still predict a few hundred customers'
hold-out purchases slightly better by chance). The chosen model is then fitted on all
the data for the scores; if that fit fails, the next best is used (and said).

Without a hold-out (data spanning fewer than :data:`MIN_SPAN_DAYS` days, or a
caller that gives none) the models are compared by their log-likelihood on
all the data, with the same rule for BG/NBD (better by more than 2), and a
warning says so.

What the choice needs besides the summary is a :class:`Holdout`: per customer
the purchases, first and last purchase day up to the split and the purchases
after it, plus the purchases per week of the hold-out. Odoo gets them with
one aggregate query each (see :func:`holdout_from_totals`);
:func:`holdout_from_transactions` computes them from transactions.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import bgnbd, mbgnbd, paretonbd
from .data import UNIT_DAYS, InputError, summary_from_totals
from .fitting import distinct_rows
from .messages import Message

MODELS = {"paretonbd": paretonbd, "mbgnbd": mbgnbd, "bgnbd": bgnbd}
CANDIDATES = ("paretonbd", "mbgnbd", "bgnbd")
MIN_HOLDOUT_DAYS = 28
MIN_SPAN_DAYS = 3 * MIN_HOLDOUT_DAYS
MAX_HOLDOUT_DAYS = 364
PROJECTION_MONTHS = 12
_EPOCH = pd.Timestamp("1970-01-01")


# ------------------------------------------------------------------ hold-out
def holdout_days_for(span_days, holdout_days=None):
    """Length of the hold-out period in days (whole weeks, a third of the
    span, at most 52 weeks), or None when the span is too short."""
    if holdout_days is not None:
        days = int(holdout_days)
        return days if MIN_HOLDOUT_DAYS <= days <= span_days // 2 else None
    if span_days < MIN_SPAN_DAYS:
        return None
    return int(min(MAX_HOLDOUT_DAYS, (span_days // 3) // 7 * 7))


def split_day(first_day, as_of_day, holdout_days=None):
    """(split day, hold-out days) for customers whose first purchase days
    (days since 1970-01-01) are ``first_day``, or (None, None) when the span
    is too short. The calibration period ends on the split day included; the
    hold-out runs from the next day to ``as_of_day`` included."""
    first = np.asarray(first_day)
    if first.size == 0:
        return None, None
    span = int(as_of_day - first.min())
    days = holdout_days_for(span, holdout_days)
    if days is None:
        return None, None
    return int(as_of_day - days), days


@dataclass
class Holdout:
    """The calibration history and the hold-out purchases of the customers
    who bought on or before the split day."""

    split_day: int  # days since 1970-01-01, last day of the calibration
    end_day: int  # last day of the hold-out (the as-of date)
    calibration: pd.DataFrame  # frequency, t_x, T (in unit), by customer
    purchases: np.ndarray  # purchase days after the split, same order
    weekly: np.ndarray  # purchase days of those customers per hold-out week
    unit: str = "week"

    @property
    def days(self):
        return int(self.end_day - self.split_day)

    @property
    def split_date(self):
        return (_EPOCH + pd.Timedelta(days=self.split_day)).date()


def holdout_from_totals(
    index,
    *,
    purchases,
    first_day,
    last_day,
    holdout_purchases,
    split_day,
    end_day,
    weekly_purchases,
    unit="week",
):
    """A :class:`Holdout` from per-customer totals, as one SQL aggregate gives
    them for the customers with a purchase on or before ``split_day``:
    purchase days, first and last purchase day (days since 1970-01-01) up to
    the split, purchase days after it (up to ``end_day``). A purchase day is
    counted as in :mod:`crm_insight.data` (a day with a non-refund document).
    ``weekly_purchases[k]`` is the number of purchase days of those customers
    from ``split_day + 7k + 1`` to ``split_day + 7k + 7`` (the last week
    ends on ``end_day``: it may be partial)."""
    purchases = np.asarray(purchases, dtype=np.int64)
    zeros = np.zeros(len(purchases))
    summary = summary_from_totals(
        index,
        purchases=purchases,
        first_day=first_day,
        last_day=last_day,
        monetary=zeros,
        purchase_total=zeros,
        first_value=zeros,
        as_of_day=int(split_day),
        unit=unit,
    )
    return Holdout(
        split_day=int(split_day),
        end_day=int(end_day),
        calibration=summary[["frequency", "t_x", "T"]],
        purchases=np.asarray(holdout_purchases, dtype=float),
        weekly=np.asarray(weekly_purchases, dtype=float),
        unit=unit,
    )


def purchase_days(transactions):
    """(customer, day) of every purchase day (days since 1970-01-01), as
    :func:`crm_insight.data.summarize` counts them."""
    frame = transactions.frame
    days = frame["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    grouped = (
        pd.DataFrame(
            {
                "customer": frame["customer"].to_numpy(),
                "day": days,
                "bought": frame["amount"].to_numpy(dtype=float) >= 0,
            }
        )
        .groupby(["customer", "day"], sort=False)["bought"]
        .any()
    )
    grouped = grouped[grouped]
    return (
        grouped.index.get_level_values(0).to_numpy(),
        grouped.index.get_level_values(1).to_numpy(dtype=np.int64),
    )


def holdout_from_transactions(transactions, *, unit="week", holdout_days=None):
    """The :class:`Holdout` of prepared transactions, or None when their span
    is too short for one."""
    customers, days = purchase_days(transactions)
    if len(days) == 0:
        return None
    as_of_day = int((transactions.as_of - _EPOCH).days)
    if holdout_days is not None:
        span = int(as_of_day - days.min())
        if int(holdout_days) > span // 2:
            raise InputError(
                f"--holdout-days {holdout_days}: more than half the span of the "
                f"data ({span} days): at most {span // 2} days"
                if span // 2 >= MIN_HOLDOUT_DAYS
                else f"--holdout-days {holdout_days}: the data span {span} days, "
                f"too short for a hold-out period (at least {2 * MIN_HOLDOUT_DAYS})"
            )
    split, length = split_day(days, as_of_day, holdout_days)
    if split is None:
        return None
    table = pd.DataFrame({"customer": customers, "day": days})
    before = table[table["day"] <= split].groupby("customer", sort=False)["day"]
    totals = before.agg(["count", "min", "max"])
    after = table[(table["day"] > split) & table["customer"].isin(totals.index)]
    holdout_purchases = (
        after.groupby("customer")["day"].count().reindex(totals.index).fillna(0)
    )
    weeks = -(-length // 7)  # the last week may be partial
    week = (after["day"].to_numpy() - split - 1) // 7
    weekly = np.bincount(week[week < weeks], minlength=weeks)
    return holdout_from_totals(
        totals.index,
        purchases=totals["count"].to_numpy(),
        first_day=totals["min"].to_numpy(),
        last_day=totals["max"].to_numpy(),
        holdout_purchases=holdout_purchases.to_numpy(),
        split_day=split,
        end_day=as_of_day,
        weekly_purchases=weekly,
        unit=unit,
    )


# --------------------------------------------------------------- predictions
def expected_cumulative(module, params, horizons, x, t_x, T):
    """Expected purchases of each customer in the next ``horizons[k]`` time
    units (an n x K array). The purchases of a customer who is alive depend on
    (x, T) only: they are computed once per distinct (x, T) and multiplied by
    each customer's P(alive)."""
    x = np.asarray(x, dtype=float)
    t_x = np.asarray(t_x, dtype=float)
    T = np.asarray(T, dtype=float)
    horizons = np.atleast_1d(np.asarray(horizons, dtype=float))
    if x.size == 0:
        return np.zeros((0, len(horizons)))
    alive = module.p_alive(params, x, t_x, T)
    (px, pT), index = distinct_rows(x, T)
    per_pair = np.column_stack(
        [module.expected_purchases_alive(params, h, px, pT) for h in horizons]
    )
    with np.errstate(invalid="ignore"):
        return per_pair[index] * alive[:, None]


def expected_weekly_total(module, params, weeks, unit_days, x, t_x, T, days=None):
    """Expected purchases of all these customers in each of the next
    ``weeks`` weeks (tracking): sums per distinct (x, T) of P(alive). With
    ``days``, the last week ends there (a partial week)."""
    x = np.asarray(x, dtype=float)
    alive = module.p_alive(params, x, t_x, T)
    (px, pT), index = distinct_rows(x, T)
    alive_sum = np.bincount(index, weights=alive, minlength=len(px))
    cumulative = [0.0]
    for week in range(1, weeks + 1):
        horizon = (7.0 * week if days is None else min(7.0 * week, days)) / unit_days
        per_pair = module.expected_purchases_alive(params, horizon, px, pT)
        cumulative.append(float(per_pair @ alive_sum))
    return np.diff(cumulative)


# ------------------------------------------------------------------ the choice
@dataclass
class ChurnChoice:
    """The chosen churn model, fitted on all the data, and how it was chosen."""

    model: str | None  # key of MODELS, None when nothing could be fitted
    fit: object  # FitResult on all the data (status not ok when model is None)
    method: str  # "holdout" or "loglik"
    candidates: list = field(default_factory=list)  # one dict per candidate
    tracking: pd.DataFrame | None = None  # week by week, hold-out
    holdout_days: int | None = None
    split_date: object = None
    warnings: list = field(default_factory=list)

    @property
    def module(self):
        return MODELS.get(self.model)

    def as_dict(self):
        return {
            "chosen": self.model,
            "method": self.method,
            "holdout_days": self.holdout_days,
            "split_date": None if self.split_date is None else str(self.split_date),
            "candidates": self.candidates,
        }


def _fit_on(module, frame):
    return module.fit(
        frame["frequency"].to_numpy(dtype=float),
        frame["t_x"].to_numpy(dtype=float),
        frame["T"].to_numpy(dtype=float),
    )


def _candidate(name, fit):
    out = {
        "model": name,
        "label": MODELS[name].LABEL,
        "status": fit.status,
        "code": fit.code,
        "message": str(fit.message) or None,
        "message_params": fit.message_params or None,
        "params": {k: float(v) for k, v in fit.params.items()},
        "calibration_loglik": None if np.isnan(fit.loglik) else float(fit.loglik),
        "holdout_rmse": None,
        "holdout_mae": None,
        "holdout_predicted": None,
        "holdout_actual": None,
        "chosen": False,
    }
    return out


def _rank_holdout(summary, holdout, candidates, warnings):
    unit_days = UNIT_DAYS[holdout.unit]
    calib = holdout.calibration
    x = calib["frequency"].to_numpy(dtype=float)
    t_x = calib["t_x"].to_numpy(dtype=float)
    T = calib["T"].to_numpy(dtype=float)
    actual = holdout.purchases
    rows, errors, fits = [], {}, {}
    for name in candidates:
        module = MODELS[name]
        fit = _fit_on(module, calib)
        row = _candidate(name, fit)
        if fit.ok:
            predicted = expected_cumulative(
                module, fit.params, [holdout.days / unit_days], x, t_x, T
            )[:, 0]
            if np.all(np.isfinite(predicted)):
                error = predicted - actual
                errors[name] = error
                fits[name] = fit
                row["holdout_rmse"] = float(np.sqrt(np.mean(error**2)))
                row["holdout_mae"] = float(np.mean(np.abs(error)))
                row["holdout_predicted"] = float(predicted.sum())
                row["holdout_actual"] = float(actual.sum())
        rows.append(row)
    order = sorted(errors, key=lambda n: float(np.mean(errors[n] ** 2)))
    order = _bgnbd_rule(
        order,
        lambda n: errors[n] ** 2,
        warnings,
        by="holdout",
        loglik={n: fits[n].loglik for n in fits},
    )
    return rows, order, fits


def _bgnbd_rule(order, losses, warnings, *, by, loglik=None):
    """Move BG/NBD after the best other model unless it is clearly better:
    on the hold-out, a lower error by more than two standard errors of the
    customer-by-customer difference *and* the best likelihood on the
    calibration period; by likelihood alone, better by more than 2."""
    if not order or order[0] != "bgnbd" or len(order) < 2:
        return order
    other = order[1]
    if by == "holdout":
        diff = losses("bgnbd") - losses(other)
        margin = 2.0 * np.std(diff) / np.sqrt(max(len(diff), 1))
        clear = float(np.mean(diff)) < -margin and loglik["bgnbd"] >= max(
            loglik.values()
        )
    else:
        clear = losses("bgnbd") - losses(other) < -2.0
    if clear:
        return order
    warnings.append(Message("churn_bgnbd_not_clear", model=MODELS[other].LABEL))
    return [other, "bgnbd"] + [n for n in order if n not in (other, "bgnbd")]


def _why_no_holdout(summary, holdout):
    """The coded reason why the models were not compared on a hold-out."""
    span = _span_days(summary)
    too_short = Message("churn_holdout_too_short", days=span, needed=MIN_SPAN_DAYS)
    if holdout is None:
        if span is not None and span < MIN_SPAN_DAYS:
            return too_short
        return Message("churn_no_holdout")
    if len(holdout.calibration) < 2:
        return Message(
            "churn_holdout_few_customers",
            customers=len(holdout.calibration),
            needed=2,
            date=str(holdout.split_date + pd.Timedelta(days=1)),
        )
    if holdout.days < MIN_HOLDOUT_DAYS:
        return too_short
    if not np.any(holdout.purchases > 0):
        return Message(
            "churn_holdout_empty",
            start=str(holdout.split_date + pd.Timedelta(days=1)),
            end=str(holdout.split_date + pd.Timedelta(days=holdout.days)),
        )
    return Message("churn_holdout_failed")


def _rank_loglik(summary, holdout, candidates, full_fits, warnings):
    """Without a usable hold-out: the candidates by likelihood on all data."""
    warnings.append(_why_no_holdout(summary, holdout))
    rows = []
    for name in candidates:
        if name not in full_fits:
            full_fits[name] = _fit_on(MODELS[name], summary)
        fit = full_fits[name]
        row = _candidate(name, fit)
        del row["calibration_loglik"]
        row["loglik"] = float(fit.loglik) if fit.ok else None
        rows.append(row)
    fitted = [n for n in candidates if full_fits[n].ok]
    order = sorted(fitted, key=lambda n: -full_fits[n].loglik)
    order = _bgnbd_rule(order, lambda n: -full_fits[n].loglik, warnings, by="loglik")
    return rows, order


def choose(summary, *, holdout=None, candidates=CANDIDATES, full_fits=None):
    """Choose, fit and track the churn model of ``summary`` (see the module
    documentation). ``full_fits`` may hold fits already made on the summary."""
    warnings = []
    candidates = [c for c in candidates if c in MODELS]
    full_fits = dict(full_fits or {})
    tracking = None
    method = "holdout"
    usable = (
        holdout is not None
        and len(holdout.calibration) >= 2
        and holdout.days >= MIN_HOLDOUT_DAYS
        and bool(np.any(holdout.purchases > 0))  # else nothing to check against
    )
    if usable:
        rows, order, calib_fits = _rank_holdout(summary, holdout, candidates, warnings)
        if not order:
            usable = False
    if not usable:
        method = "loglik"
        rows, order = _rank_loglik(summary, holdout, candidates, full_fits, warnings)
    chosen, fit, reasons = None, None, []
    for name in order:
        if name not in full_fits:
            full_fits[name] = _fit_on(MODELS[name], summary)
        if full_fits[name].ok:
            chosen, fit = name, full_fits[name]
            break
        reasons.append((name, full_fits[name]))
    for name, failed in reasons:
        if chosen is not None:
            warnings.append(
                Message(
                    "churn_fallback",
                    model=MODELS[name].LABEL,
                    reason=str(failed.message),
                    fallback=MODELS[chosen].LABEL,
                    reason_code=failed.code,
                    reason_params=failed.message_params,
                )
            )
    for row in rows:
        row["chosen"] = row["model"] == chosen
    if chosen is None:
        if reasons:
            fit = reasons[0][1]
        else:
            fit = next((full_fits[n] for n in candidates if n in full_fits), None)
        reason = str(fit.message) if fit is not None else "no candidate model"
        warnings.append(
            Message(
                "churn_not_fitted",
                reason=reason,
                reason_code=fit.code if fit is not None else "text",
                reason_params=fit.message_params if fit is not None else {},
            )
        )
    else:
        best = next(r for r in rows if r["model"] == chosen)
        if method == "holdout":
            warnings.insert(
                0,
                Message(
                    "churn_chosen_holdout",
                    model=MODELS[chosen].LABEL,
                    error=round(best["holdout_rmse"], 4),
                    days=holdout.days,
                ),
            )
            tracking = _tracking(holdout, chosen, calib_fits.get(chosen))
        else:
            warnings.insert(
                0, Message("churn_chosen_loglik", model=MODELS[chosen].LABEL)
            )
    return ChurnChoice(
        model=chosen,
        fit=fit,
        method=method,
        candidates=rows,
        tracking=tracking,
        holdout_days=holdout.days if method == "holdout" else None,
        split_date=holdout.split_date if method == "holdout" else None,
        warnings=warnings,
    )


def _span_days(summary):
    if not len(summary) or "tenure_days" not in summary:
        return None
    return int(summary["tenure_days"].max())


def _tracking(holdout, name, fit):
    """Week by week: purchases the chosen model (fitted on the calibration)
    predicted for the hold-out, beside those made."""
    if fit is None:
        return None
    weeks = -(-holdout.days // 7)  # the last week may be partial
    calib = holdout.calibration
    predicted = expected_weekly_total(
        MODELS[name],
        fit.params,
        weeks,
        UNIT_DAYS[holdout.unit],
        calib["frequency"].to_numpy(dtype=float),
        calib["t_x"].to_numpy(dtype=float),
        calib["T"].to_numpy(dtype=float),
        days=holdout.days,
    )
    actual = np.zeros(weeks)
    actual[: min(weeks, len(holdout.weekly))] = holdout.weekly[:weeks]
    start = pd.Timestamp(holdout.split_date) + pd.to_timedelta(
        1 + 7 * np.arange(weeks), unit="D"
    )
    end = np.minimum(7 * np.arange(1, weeks + 1), holdout.days)
    return pd.DataFrame(
        {
            "week": np.arange(1, weeks + 1),
            "start": start.date,
            "end": (
                pd.Timestamp(holdout.split_date) + pd.to_timedelta(end, unit="D")
            ).date,
            "actual": actual,
            "predicted": np.round(predicted, 4),
            "actual_cumulative": np.cumsum(actual),
            "predicted_cumulative": np.round(np.cumsum(predicted), 4),
        }
    )


# ---------------------------------------------------------------- projection
@dataclass
class Projection:
    """Expected purchases and revenue per customer and month (n x months)."""

    index: pd.Index
    months: list  # start dates (datetime.date) of the months
    purchases: np.ndarray
    revenue: np.ndarray

    def frame(self, what="purchases"):
        """Per customer, one column per month (its start date as text)."""
        values = self.purchases if what == "purchases" else self.revenue
        return pd.DataFrame(
            values, index=self.index, columns=[str(m) for m in self.months]
        )

    def by(self, groups):
        """Totals per group (a Series indexed like the customers, e.g. the
        segment or the salesperson) and month, in long form: group, month,
        purchases, revenue."""
        keys = pd.Series(groups).reindex(self.index).fillna("").to_numpy()
        codes, names = pd.factorize(keys, sort=True)
        rows = []
        for k, month in enumerate(self.months):
            purchases = np.bincount(
                codes, weights=np.nan_to_num(self.purchases[:, k]), minlength=len(names)
            )
            revenue = np.bincount(
                codes, weights=np.nan_to_num(self.revenue[:, k]), minlength=len(names)
            )
            for g, name in enumerate(names):
                rows.append((name, month, purchases[g], revenue[g]))
        out = pd.DataFrame(rows, columns=["group", "month", "purchases", "revenue"])
        if np.all(np.isnan(self.revenue)) and len(self.revenue):
            out["revenue"] = np.nan
        return out.sort_values(["group", "month"], kind="stable").reset_index(drop=True)


def project(choice, summary, spend, *, as_of, unit, months=PROJECTION_MONTHS):
    """Month by month over the next ``months`` calendar months from the day
    after ``as_of``: each customer's expected purchases (chosen model) and
    revenue (times the expected spend per purchase; NaN without a spend
    model). None when no churn model was fitted."""
    if choice.model is None:
        return None
    as_of = pd.Timestamp(as_of).normalize()
    bounds = [as_of + pd.DateOffset(months=k) for k in range(months + 1)]
    horizons = [(b - as_of).days / UNIT_DAYS[unit] for b in bounds[1:]]
    cumulative = expected_cumulative(
        choice.module,
        choice.fit.params,
        horizons,
        summary["frequency"].to_numpy(dtype=float),
        summary["t_x"].to_numpy(dtype=float),
        summary["T"].to_numpy(dtype=float),
    )
    purchases = np.diff(np.column_stack([np.zeros(len(summary)), cumulative]), axis=1)
    spend = np.asarray(spend, dtype=float)
    revenue = purchases * spend[:, None]
    starts = [(b + pd.Timedelta(days=1)).date() for b in bounds[:-1]]
    return Projection(summary.index, starts, purchases, revenue)


__all__ = [
    "CANDIDATES",
    "MODELS",
    "ChurnChoice",
    "Holdout",
    "Projection",
    "choose",
    "expected_cumulative",
    "holdout_from_totals",
    "holdout_from_transactions",
    "project",
    "split_day",
]
