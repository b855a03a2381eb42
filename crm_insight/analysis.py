"""The whole analysis of a customer base, as the command line and Odoo run it:
RFM scores and segments, loyalty, churn (the model chosen among Pareto/NBD,
MBG/NBD and BG/NBD by a calibration / hold-out split, see
:mod:`crm_insight.churn`), value (Gamma-Gamma, CLV), the tracking of the
chosen model over the hold-out, a 12-month projection of purchases and
revenue, and the KPIs of the last year."""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import bgnbd, churn, gammagamma, kpis, rfm
from .data import UNIT_DAYS, InputError, summarize
from .fitting import FitResult
from .loyalty import loyalty_score
from .messages import Message, as_dicts

SCORE_COLUMNS = (
    "p_alive",
    "churn_probability",
    "expected_purchases",
    "expected_revenue",
    "clv",
)
MAX_HORIZON_DAYS = 36500.0  # 100 years: the longest CLV horizon accepted

# when the RFM segment and the churn risk disagree, each customer gets a note
# (code in ``churn_note``, English text in ``churn_note_text``, see
# :func:`churn_note`): an "active" segment with a churn risk of at least
# HIGH_CHURN, or a "lapsed" one with a risk below LOW_CHURN
ACTIVE_SEGMENTS = ("champions", "loyal", "potential_loyalist", "new", "promising")
LAPSED_SEGMENTS = ("lost", "hibernating")
HIGH_CHURN = 0.5
LOW_CHURN = 0.3  # as crm_rfm's Value tab


@dataclass
class Scoring:
    """Every per-customer figure computed from a summary (no transactions).

    ``customers`` always has the columns of :data:`SCORE_COLUMNS`; they are
    NaN (never 0) for the customers, or the whole run, that a model could
    not score. ``bgnbd`` is the BG/NBD fit on all the data (as before the
    model choice); ``churn.fit`` is the chosen model's.
    """

    customers: pd.DataFrame
    rfm: rfm.RFMResult
    bgnbd: FitResult
    gammagamma: FitResult
    warnings: list = field(default_factory=list)
    churn: "churn.ChurnChoice | None" = None
    projection: "churn.Projection | None" = None
    as_of: pd.Timestamp | None = None

    @property
    def churn_fit(self):
        return self.churn.fit if self.churn else None

    @property
    def churn_model(self):
        return self.churn.model if self.churn else None

    @property
    def tracking(self):
        return self.churn.tracking if self.churn else None

    @property
    def segment_projection(self):
        """Projected purchases and revenue per segment and month (long form:
        segment, month, purchases, revenue), or None."""
        if self.projection is None:
            return None
        out = self.projection.by(self.customers["segment"])
        return out.rename(columns={"group": "segment"})

    @property
    def salesperson_projection(self):
        """The same per salesperson (``salesperson``, month, purchases,
        revenue) when the summary has a ``salesperson`` column, else None."""
        if self.projection is None or "salesperson" not in self.customers:
            return None
        out = self.projection.by(self.customers["salesperson"])
        return out.rename(columns={"group": "salesperson"})

    @property
    def messages(self):
        """The warnings as dicts: code, params, text."""
        return as_dicts(self.warnings)

    def model_report(self):
        """JSON-ready: the chosen churn model, every candidate and its
        hold-out error, the fits."""
        fit = self.churn_fit
        return {
            "churn_model": self.churn_model,
            "churn_status": fit.status if fit is not None else None,
            "churn_code": fit.code if fit is not None else None,
            "selection": self.churn.as_dict() if self.churn else None,
            "churn": fit.as_dict() if fit is not None else None,
            "bgnbd": self.bgnbd.as_dict(),
            "gammagamma": self.gammagamma.as_dict(),
        }


def _as_of_of(summary):
    if not len(summary):
        return None
    row = summary.iloc[0]
    return pd.Timestamp(row["last_purchase"]) + pd.Timedelta(
        days=int(row["recency_days"])
    )


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
    holdout=None,
    candidates=churn.CANDIDATES,
    projection_months=churn.PROJECTION_MONTHS,
):
    """RFM scores and segments, loyalty, churn (the chosen model), value
    (Gamma-Gamma, CLV) and the 12-month projection for the customers of
    ``summary`` (see :func:`crm_insight.data.summarize`; Odoo builds the same
    columns with SQL).

    ``cohort="type"`` scores each customer type on its own. ``satisfaction``
    and ``complaints`` are optional Series indexed by customer for the loyalty
    score. ``holdout`` (:class:`crm_insight.churn.Holdout`, see
    :func:`crm_insight.churn.holdout_from_totals`) lets the churn model be
    chosen on a hold-out period; without it the choice is by likelihood, with
    a warning. Model fits that fail are reported (status, coded warning),
    never raised: the customers then get NaN churn or value figures, RFM and
    loyalty still.
    """
    if not (
        isinstance(horizon_days, (int, float, np.number))
        and np.isfinite(horizon_days)
        and 0 < horizon_days <= MAX_HORIZON_DAYS
    ):
        raise InputError(
            f"CLV horizon {horizon_days!r} days: give a number of days above 0 "
            f"and at most {MAX_HORIZON_DAYS:g}"
        )
    if not (
        isinstance(annual_discount_rate, (int, float, np.number))
        and 0 <= annual_discount_rate <= 1
    ):
        raise InputError(
            f"discount rate {annual_discount_rate!r}: give a fraction between 0 "
            "and 1 (0.10 is 10% a year)"
        )
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
    for column in SCORE_COLUMNS:
        customers[column] = np.nan
    unit_days = UNIT_DAYS[unit]
    x = customers["frequency"].to_numpy(dtype=float)
    t_x = customers["t_x"].to_numpy(dtype=float)
    T = customers["T"].to_numpy(dtype=float)
    repeat_value = customers["avg_repeat_value"].to_numpy(dtype=float)
    as_of = _as_of_of(summary)

    bgnbd_fit = bgnbd.fit(x, t_x, T)
    choice = churn.choose(
        summary, holdout=holdout, candidates=candidates, full_fits={"bgnbd": bgnbd_fit}
    )
    warnings += choice.warnings
    value_fit = gammagamma.fit(x, repeat_value)
    spend = np.full(len(customers), np.nan)
    if value_fit.ok:
        spend = gammagamma.expected_average_spend(value_fit.params, x, repeat_value)
        if value_fit.params["q"] <= 1:
            warnings.append(Message("spend_unbounded_mean"))
    else:
        warnings.append(
            Message(
                "spend_not_fitted",
                reason=str(value_fit.message),
                reason_code=value_fit.code,
                reason_params=value_fit.message_params,
            )
        )
    projection = None
    if choice.model is not None:
        module, params = choice.module, choice.fit.params
        alive = module.p_alive(params, x, t_x, T)
        customers["p_alive"] = alive
        customers["churn_probability"] = 1.0 - alive
        customers["expected_purchases"] = churn.expected_cumulative(
            module, params, [horizon_days / unit_days], x, t_x, T
        )[:, 0]
        if choice.model == "bgnbd":
            once = int((x == 0).sum())
            if once:
                warnings.append(Message("churn_bgnbd_one_time_buyers", customers=once))
        if value_fit.ok:
            customers["expected_revenue"] = (
                customers["expected_purchases"].to_numpy() * spend
            )
            customers["clv"] = gammagamma.customer_lifetime_value(
                params,
                value_fit.params,
                x,
                t_x,
                T,
                repeat_value,
                unit_days=unit_days,
                horizon_days=horizon_days,
                annual_discount_rate=annual_discount_rate,
                model=module,
            )
        if as_of is not None and projection_months:
            projection = churn.project(
                choice,
                summary,
                _projection_spend(summary, spend, value_fit, warnings),
                as_of=as_of,
                unit=unit,
                months=projection_months,
            )
    _add_churn_notes(customers, unit_days, choice.model)
    for column in SCORE_COLUMNS:
        customers[column] = np.round(customers[column].astype(float), 6)
    return Scoring(
        customers,
        scoring,
        bgnbd_fit,
        value_fit,
        warnings,
        churn=choice,
        projection=projection,
        as_of=as_of,
    )


def _projection_spend(summary, spend, value_fit, warnings):
    """The spend per purchase of the projection: the spend model's, and for
    the customers it leaves unknown (q <= 1, no repeat purchase) the average
    purchase value of the data, with a warning, rather than nothing."""
    unknown = np.isnan(spend)
    if not value_fit.ok or not unknown.any():
        return spend
    purchases = summary["purchases"].to_numpy(dtype=float)
    total = summary["monetary"].to_numpy(dtype=float).sum()
    mean_value = total / purchases.sum() if purchases.sum() else np.nan
    if not (np.isfinite(mean_value) and mean_value > 0):
        return spend
    warnings.append(
        Message(
            "projection_spend_mean",
            customers=int(unknown.sum()),
            value=round(float(mean_value), 2),
        )
    )
    return np.where(unknown, mean_value, spend)


def _add_churn_notes(customers, unit_days, model):
    """The per-customer columns explaining a segment and a churn risk that
    disagree: ``usual_interval_days`` (days between purchases, NaN for a
    one-time buyer), ``churn_note`` (a code, empty when they agree) and
    ``churn_note_text`` (its English text)."""
    frequency = customers["frequency"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        interval = np.where(
            frequency > 0,
            customers["t_x"].to_numpy(dtype=float) * unit_days / frequency,
            np.nan,
        )
    customers["usual_interval_days"] = np.round(interval, 1)
    risk = customers["churn_probability"].to_numpy(dtype=float)
    segment = customers["segment"].to_numpy()
    high = np.isin(segment, ACTIVE_SEGMENTS) & (risk >= HIGH_CHURN)
    low = np.isin(segment, LAPSED_SEGMENTS) & (risk < LOW_CHURN)
    codes = np.full(len(customers), "", dtype=object)
    codes[high & (frequency > 0)] = "churn_disagrees_segment"
    codes[high & (frequency == 0)] = "churn_disagrees_segment_once"
    codes[low & (frequency > 0)] = "churn_low_for_segment"
    codes[low & (frequency == 0)] = "churn_low_for_segment_once"
    customers["churn_note"] = codes
    texts = np.full(len(customers), "", dtype=object)
    for position in np.flatnonzero(codes != ""):
        texts[position] = str(churn_note(customers.iloc[position], model=model))
    customers["churn_note_text"] = texts


def churn_note(row, model=None):
    """The :class:`~crm_insight.messages.Message` explaining why a customer's
    segment and churn risk disagree, or None when they agree. ``row`` has the
    columns of :attr:`Scoring.customers` (``churn_note``, ``segment``,
    ``churn_probability``, ``recency_days``, ``usual_interval_days``,
    ``purchases``); ``model`` is the churn model's key. Params: ``segment``
    (English label; ``segment_key`` the key, for Odoo's own label),
    ``churn_risk`` (a percentage as text), ``silence_days``,
    ``usual_interval_days``, ``purchases``, ``model`` (label)."""
    code = row.get("churn_note") or ""
    if not code:
        return None
    interval = row.get("usual_interval_days")
    key = row.get("segment")
    return Message(
        code,
        segment=rfm.SEGMENTS.get(key, key),
        segment_key=key,
        churn_risk=f"{float(row['churn_probability']):.0%}",
        silence_days=int(row["recency_days"]),
        usual_interval_days=None
        if interval is None or not np.isfinite(interval)
        else max(1, round(float(interval))),
        purchases=int(row["purchases"]),
        model=churn.MODELS[model].LABEL if model in churn.MODELS else "",
    )


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
    scoring: Scoring | None = None

    @property
    def churn(self):
        return self.scoring.churn if self.scoring else None

    def json_summary(self):
        segments = rfm.segment_table(self.rfm.scores, self.summary)
        churn_rate = self.kpis.get("churn_rate")
        alive = self.customers["p_alive"]
        models = self.scoring.model_report() if self.scoring else {}
        out = {
            "as_of": str(self.as_of.date()),
            "customers": len(self.customers),
            "revenue": round(float(self.summary["monetary"].sum()), 2),
            "segments": {
                key: int(row.customers)
                for key, row in segments.iterrows()
                if row.customers
            },
            "churn_rate": None if churn_rate is None else round(churn_rate, 4),
            "retention_rate": None
            if self.kpis.get("retention_rate") is None
            else round(self.kpis["retention_rate"], 4),
            "expected_active_share": None
            if alive.isna().all()
            else round(float(alive.mean()), 4),
            "churn_model": models.get("churn_model"),
            "churn_status": models.get("churn_status"),
            "model_selection": models.get("selection"),
            "models": {
                "churn": models.get("churn"),
                "bgnbd": self.bgnbd.as_dict(),
                "gammagamma": self.gammagamma.as_dict(),
            },
            "tracking": _records(self.scoring.tracking if self.scoring else None),
            "projection": _projection_json(self.scoring),
            "churn_notes": _note_counts(self.customers),
            "cut_points": self.rfm.cut_points,
            "warnings": [str(w) for w in self.warnings],
            "messages": as_dicts(self.warnings),
        }
        return out


def _note_counts(customers):
    """Customers per churn note code (segment and churn risk disagreeing)."""
    if "churn_note" not in customers:
        return {}
    notes = customers["churn_note"]
    return {str(k): int(v) for k, v in notes[notes != ""].value_counts().items()}


def _records(frame):
    if frame is None:
        return None
    out = []
    for row in frame.to_dict("records"):
        out.append(
            {
                k: (str(v) if not isinstance(v, (int, float, np.number)) else _num(v))
                for k, v in row.items()
            }
        )
    return out


def _num(value):
    value = float(value)
    if not np.isfinite(value):
        return None
    return int(value) if value.is_integer() else round(value, 4)


def _projection_json(scoring):
    if scoring is None or scoring.projection is None:
        return None
    projection = scoring.projection
    totals = [
        {
            "month": str(month),
            "purchases": _num(np.nansum(projection.purchases[:, k])),
            "revenue": None
            if np.all(np.isnan(projection.revenue[:, k]))
            else _num(np.nansum(projection.revenue[:, k])),
        }
        for k, month in enumerate(projection.months)
    ]
    out = {"total": totals, "by_segment": _records(scoring.segment_projection)}
    if scoring.salesperson_projection is not None:
        out["by_salesperson"] = _records(scoring.salesperson_projection)
    return out


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
    holdout_days=None,
    candidates=churn.CANDIDATES,
):
    """Run every model on prepared transactions (see :func:`crm_insight.data.prepare`),
    plus the KPIs of the last 365 days; see :func:`score_customers`. The
    hold-out split is made from the transactions (``holdout_days``: its
    length, default a third of the span, at most 52 weeks)."""
    summary = summarize(transactions, unit=unit)
    holdout = churn.holdout_from_transactions(
        transactions, unit=unit, holdout_days=holdout_days
    )
    scored = score_customers(
        summary,
        unit=unit,
        horizon_days=horizon_days,
        cohort=cohort,
        cuts=cuts,
        annual_discount_rate=annual_discount_rate,
        satisfaction=satisfaction,
        complaints=complaints,
        holdout=holdout,
        candidates=candidates,
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
        scoring=scored,
    )
