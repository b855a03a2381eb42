"""Loyalty score, 0 to 100.

A weighted mean of components between 0 and 1:

==============  ======  ==========================================================
component       weight  value
==============  ======  ==========================================================
recency         0.25    (R - 1) / 4
frequency       0.25    (F - 1) / 4
monetary        0.15    (M - 1) / 4
tenure          0.10    days since the first purchase / 1095, capped at 1 (3 years)
satisfaction    0.15    (average satisfaction - 1) / 4, on the 1-5 scale
complaints      0.10    1 / (1 + number of complaints)
==============  ======  ==========================================================

A component that is unknown for a customer (no satisfaction given, no
complaint data) is left out and the remaining weights are scaled back to 1, so
scores with and without satisfaction data stay on the same 0-100 scale.
"""

import numpy as np

WEIGHTS = {
    "recency": 0.25,
    "frequency": 0.25,
    "monetary": 0.15,
    "tenure": 0.10,
    "satisfaction": 0.15,
    "complaints": 0.10,
}
TENURE_FULL_DAYS = 1095.0


def loyalty_score(r, f, m, tenure_days, satisfaction=None, complaints=None):
    """Loyalty scores (floats, 0-100) for arrays of customers.

    ``satisfaction`` (1-5, NaN when unknown) and ``complaints`` (counts) are
    optional, as a whole or per customer (NaN).
    """
    r = np.asarray(r, dtype=float)
    size = r.shape
    components = {
        "recency": (r - 1) / 4,
        "frequency": (np.asarray(f, dtype=float) - 1) / 4,
        "monetary": (np.asarray(m, dtype=float) - 1) / 4,
        "tenure": np.clip(
            np.asarray(tenure_days, dtype=float) / TENURE_FULL_DAYS, 0, 1
        ),
        "satisfaction": np.full(size, np.nan)
        if satisfaction is None
        else (np.clip(np.asarray(satisfaction, dtype=float), 1, 5) - 1) / 4,
        "complaints": np.full(size, np.nan)
        if complaints is None
        else 1.0 / (1.0 + np.maximum(np.asarray(complaints, dtype=float), 0)),
    }
    total = np.zeros(size)
    weight = np.zeros(size)
    for name, value in components.items():
        known = np.isfinite(value)
        total += np.where(known, value, 0.0) * WEIGHTS[name]
        weight += np.where(known, WEIGHTS[name], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = 100.0 * total / weight
    return np.round(np.clip(np.nan_to_num(score), 0, 100), 1)
