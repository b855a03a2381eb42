"""Segment migration between two scorings: who moved from where to where."""

from dataclasses import dataclass

import pandas as pd

from .rfm import SEGMENTS

NEW = "(new)"
GONE = "(gone)"


@dataclass
class Migration:
    counts: pd.DataFrame  # rows: segment before (+ new), columns: after (+ gone)
    rates: pd.DataFrame  # counts divided by the row total (0 for empty rows)


def transition_matrix(before, after):
    """``before`` and ``after``: Series of segment keys indexed by customer.

    Customers only in ``after`` come from the row "(new)"; customers only in
    ``before`` go to the column "(gone)".
    """
    before = pd.Series(before, dtype=object)
    after = pd.Series(after, dtype=object)
    customers = before.index.union(after.index)
    frame = pd.DataFrame(
        {
            "before": before.reindex(customers).fillna(NEW),
            "after": after.reindex(customers).fillna(GONE),
        }
    )
    rows = list(SEGMENTS) + [NEW]
    columns = list(SEGMENTS) + [GONE]
    counts = (
        pd.crosstab(frame["before"], frame["after"])
        .reindex(index=rows, columns=columns)
        .fillna(0)
        .astype(int)
    )
    counts.index.name, counts.columns.name = "before", "after"
    totals = counts.sum(axis=1)
    rates = counts.div(totals.where(totals > 0), axis=0).fillna(0.0)
    return Migration(counts, rates)
