"""RFM scores (1-5) and the named segments.

Quantile scoring that respects ties
-----------------------------------
A customer's score on a dimension depends only on how many customers are
strictly *worse* on it: ``score = 1 + floor(5 * worse / (N - 1))``, capped at 5
(N customers). Equal customers therefore always get equal scores, everyone
gets a score, the best customers get 5 and the worst 1, and with distinct
values the scores are quintiles. On flat data the scores bunch
up instead of being split arbitrarily: when 90% of customers bought once, they
all get F = 1 and the repeat buyers (the top 10%) get F = 5. The result then
names the dimension that could not be ranked into five groups, the scores left
unused and the cut points used.

Recency is better when smaller (days since the last purchase); frequency
(purchases) and monetary (net spend) are better when larger.

Fixed cut points
----------------
Four ascending thresholds per dimension replace the quantiles. Recency
``[30, 90, 180, 365]``: up to 30 days scores 5, up to 90 days 4, ..., more than
365 days 1. Frequency or monetary ``[2, 3, 5, 10]``: below 2 scores 1, from 2
to below 3 scores 2, ..., 10 and more scores 5.

Recency that cannot be ranked at all (every customer of the cohort has the
same recency: one customer, or everyone bought on the same day) is scored on
the recency cut points above instead (:data:`DEFAULT_CUTS`; warning
``rfm_fixed_cuts``): ranking nobody against nobody would score everyone 1,
and label a customer who bought today "Lost". Frequency and monetary keep
the rule above (everyone 1, ``rfm_unranked``): the lowest score is no
contradiction there.

Segments
--------
The segment of a customer is read from :data:`SEGMENT_GRID` with R and the
combined FM score, ``FM = round((F + M) / 2)`` (halves round up)::

    R\\FM  1               2                3                4            5
    5     New             Potential loyal. Potential loyal. Champions    Champions
    4     Promising       Potential loyal. Potential loyal. Loyal        Champions
    3     About to sleep  About to sleep   Need attention   Loyal        Loyal
    2     Hibernating     Hibernating      At risk          At risk      Cannot lose
    1     Lost            Lost             At risk          Cannot lose  Cannot lose

("Potential loyal." is the Potential loyalist segment.)
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .data import InputError
from .messages import Message

N_SCORES = 5
DIMENSIONS = ("recency", "frequency", "monetary")
COLUMNS = {"recency": "recency_days", "frequency": "purchases", "monetary": "monetary"}

# the default fixed cut points (see "Fixed cut points"); recency's also score
# a cohort whose recencies all tie (UNRANKABLE_ON_FIXED_CUTS)
DEFAULT_CUTS = {"recency": (30, 90, 180, 365), "frequency": (2, 3, 5, 10)}
UNRANKABLE_ON_FIXED_CUTS = ("recency",)

# key -> label, in the order used by reports (best first)
SEGMENTS = {
    "champions": "Champions",
    "loyal": "Loyal",
    "potential_loyalist": "Potential loyalist",
    "new": "New",
    "promising": "Promising",
    "need_attention": "Need attention",
    "about_to_sleep": "About to sleep",
    "at_risk": "At risk",
    "cannot_lose": "Cannot lose",
    "hibernating": "Hibernating",
    "lost": "Lost",
}

# SEGMENT_GRID[R - 1][FM - 1]
SEGMENT_GRID = (
    ("lost", "lost", "at_risk", "cannot_lose", "cannot_lose"),  # R = 1
    ("hibernating", "hibernating", "at_risk", "at_risk", "cannot_lose"),  # R = 2
    ("about_to_sleep", "about_to_sleep", "need_attention", "loyal", "loyal"),  # R = 3
    ("promising", "potential_loyalist", "potential_loyalist", "loyal", "champions"),
    ("new", "potential_loyalist", "potential_loyalist", "champions", "champions"),
)
_GRID = np.array(SEGMENT_GRID, dtype=object)


@dataclass
class RFMResult:
    """Scores per customer and what the scoring had to say about the data."""

    scores: pd.DataFrame  # r_score, f_score, m_score, fm_score, segment
    cut_points: dict = field(default_factory=dict)  # {cohort: {dimension: [...]}}
    unranked: list = field(default_factory=list)  # [(cohort, dimension)]
    warnings: list = field(default_factory=list)


def quantile_scores(values, *, higher_is_better=True, n=N_SCORES):
    """Tie-respecting quantile scores 1..n (see the module documentation)."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return np.zeros(0, dtype=np.int64)
    oriented = values if higher_is_better else -values
    worse = _below(oriented)
    return np.minimum(1 + (n * worse) // max(values.size - 1, 1), n).astype(np.int64)


def _below(values):
    """How many values are strictly below each one, in numpy's sort order
    (NaN above every number, NaNs equal among themselves): the position of
    the first of its equals once sorted. One sort; the same as
    ``np.searchsorted(np.sort(values), values)``, several times faster."""
    order = np.argsort(values)
    ordered = values[order]
    rises = np.ones(len(values), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=rises[1:])
    nan = np.isnan(ordered)
    rises[1:] &= ~(nan[1:] & nan[:-1])
    first = np.where(rises, np.arange(len(values)), 0)
    np.maximum.accumulate(first, out=first)
    below = np.empty(len(values), dtype=np.int64)
    below[order] = first
    return below


def fixed_scores(values, cuts, *, higher_is_better=True, n=N_SCORES):
    """Scores from ``n - 1`` ascending thresholds (see the module documentation)."""
    cuts = np.asarray(cuts, dtype=float)
    if cuts.size != n - 1 or np.any(np.diff(cuts) <= 0):
        raise InputError(f"cut points must be {n - 1} strictly ascending numbers")
    values = np.asarray(values, dtype=float)
    if higher_is_better:
        return (1 + np.searchsorted(cuts, values, side="right")).astype(np.int64)
    return (n - np.searchsorted(cuts, values, side="left")).astype(np.int64)


def _thresholds(values, scores, higher_is_better, n):
    """The smallest value (largest for recency) that reaches each score from 2
    to n; None when no customer reaches it."""
    cuts = []
    for score in range(2, n + 1):
        chosen = values[scores >= score]
        if chosen.size == 0:
            cuts.append(None)
        else:
            edge = chosen.min() if higher_is_better else chosen.max()
            cuts.append(round(float(edge), 6))
    return cuts


def _describe_flat(dimension, values, scores, cuts, cohort, n):
    used = sorted({int(s) for s in np.unique(scores)})
    unused = [s for s in range(1, n + 1) if s not in used]
    share_value, share = (
        pd.Series(values).value_counts(normalize=True).agg(["idxmax", "max"])
    )
    where = f" in cohort {cohort}" if cohort is not None else ""
    shown = [c for c in cuts if c is not None]
    return Message(
        "rfm_unranked",
        dimension=dimension,
        n=n,
        where=where,
        cohort=cohort,
        share=f"{share:.0%}",
        value=f"{share_value:g}",
        used=", ".join(map(str, used)),
        unused=", ".join(map(str, unused)),
        cuts=str(shown),
    )


def _score_group(summary, cuts, cohort, result, n):
    out = {}
    cut_points = {}
    for dimension in DIMENSIONS:
        values = summary[COLUMNS[dimension]].to_numpy(dtype=float)
        higher = dimension != "recency"
        if cuts and cuts.get(dimension) is not None:
            scores = fixed_scores(values, cuts[dimension], higher_is_better=higher, n=n)
            cut_points[dimension] = [float(c) for c in cuts[dimension]]
        elif (
            dimension in UNRANKABLE_ON_FIXED_CUTS
            and n == N_SCORES
            and len(values)
            and np.ptp(values) == 0
        ):
            # nobody to rank against (one customer, or all on the same day):
            # ranks would put everyone last ("Lost" for buying today)
            fixed = DEFAULT_CUTS[dimension]
            scores = fixed_scores(values, fixed, higher_is_better=higher, n=n)
            cut_points[dimension] = [float(c) for c in fixed]
            result.unranked.append((cohort, dimension))
            result.warnings.append(
                Message(
                    "rfm_fixed_cuts",
                    dimension=dimension,
                    where=f" in cohort {cohort}" if cohort is not None else "",
                    cohort=cohort,
                    value=f"{values[0]:g}",
                    cuts=str(cut_points[dimension]),
                )
            )
        else:
            scores = quantile_scores(values, higher_is_better=higher, n=n)
            cut_points[dimension] = _thresholds(values, scores, higher, n)
            if len(np.unique(scores)) < n and len(values):
                result.unranked.append((cohort, dimension))
                result.warnings.append(
                    _describe_flat(
                        dimension, values, scores, cut_points[dimension], cohort, n
                    )
                )
        out[dimension] = scores
    result.cut_points[cohort if cohort is not None else "all"] = cut_points
    return out


def score(summary, *, cuts=None, cohort=None, n=N_SCORES):
    """Score every customer of ``summary`` (from :func:`crm_insight.data.summarize`).

    ``cuts``: optional fixed cut points per dimension
    (``{"recency": [...], "frequency": [...], "monetary": [...]}``), any
    dimension left out is scored by quantiles. ``cohort``: a column of
    ``summary`` (for instance ``"type"``) to score each cohort on its own.
    """
    for dimension, column in COLUMNS.items():
        if column not in summary.columns:
            raise InputError(f"the summary lacks '{column}' ({dimension})")
    if cuts:
        unknown = set(cuts) - set(DIMENSIONS)
        if unknown:
            raise InputError(
                f"unknown RFM dimension(s) in cut points: {sorted(unknown)}"
            )
    result = RFMResult(scores=pd.DataFrame(index=summary.index))
    r = np.zeros(len(summary), dtype=np.int64)
    f = np.zeros_like(r)
    m = np.zeros_like(r)
    if cohort is None:
        groups = [(None, np.arange(len(summary)))]
    else:
        if cohort not in summary.columns:
            raise InputError(f"the summary lacks the cohort column '{cohort}'")
        keys = summary[cohort].fillna("(none)").astype(str).to_numpy()
        groups = [(key, np.flatnonzero(keys == key)) for key in sorted(set(keys))]
    for key, rows in groups:
        scored = _score_group(summary.iloc[rows], cuts, key, result, n)
        r[rows], f[rows], m[rows] = (
            scored["recency"],
            scored["frequency"],
            scored["monetary"],
        )
    fm = (f + m + 1) // 2
    result.scores["r_score"] = r
    result.scores["f_score"] = f
    result.scores["m_score"] = m
    result.scores["fm_score"] = fm
    result.scores["segment"] = segment_of(r, fm) if len(r) else []
    return result


def segment_of(r_scores, fm_scores):
    """Segment keys for arrays of R and FM scores (1-5)."""
    r = np.asarray(r_scores, dtype=np.int64)
    fm = np.asarray(fm_scores, dtype=np.int64)
    if np.any((r < 1) | (r > 5) | (fm < 1) | (fm > 5)):
        raise InputError("R and FM scores must be between 1 and 5")
    return _GRID[r - 1, fm - 1]


def segment_table(scores, summary):
    """Customers, revenue and revenue share per segment, in :data:`SEGMENTS` order."""
    frame = pd.DataFrame(
        {
            "segment": scores["segment"],
            "monetary": summary.loc[scores.index, "monetary"],
        }
    )
    grouped = frame.groupby("segment")["monetary"].agg(["size", "sum"])
    table = pd.DataFrame(index=pd.Index(list(SEGMENTS), name="segment"))
    table["label"] = [SEGMENTS[k] for k in table.index]
    table["customers"] = grouped["size"].reindex(table.index).fillna(0).astype(int)
    table["revenue"] = grouped["sum"].reindex(table.index).fillna(0.0)
    total = table["revenue"].sum()
    table["revenue_share"] = table["revenue"] / total if total else 0.0
    return table


def rf_grid(scores, summary):
    """Counts and revenue per (R, F) cell, R from 5 down to 1, F from 1 to 5."""
    frame = pd.DataFrame(
        {
            "r": scores["r_score"],
            "f": scores["f_score"],
            "monetary": summary.loc[scores.index, "monetary"],
        }
    )
    index = pd.Index(range(N_SCORES, 0, -1), name="R")
    columns = pd.Index(range(1, N_SCORES + 1), name="F")
    counts = (
        frame.pivot_table(index="r", columns="f", values="monetary", aggfunc="size")
        .reindex(index=index, columns=columns)
        .fillna(0)
        .astype(int)
    )
    revenue = (
        frame.pivot_table(index="r", columns="f", values="monetary", aggfunc="sum")
        .reindex(index=index, columns=columns)
        .fillna(0.0)
    )
    counts.index.name = revenue.index.name = "R"
    counts.columns.name = revenue.columns.name = "F"
    return counts, revenue
