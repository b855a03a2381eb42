# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hold-out draw and uplift arithmetic: plain Python, no Odoo.

The campaign gives its steps to the treated participants only; a control group
drawn at random is enrolled but left alone. The uplift is the difference of
the means (treated minus control) of a per-participant figure (converted: 0 or
1; revenue), with a 95% confidence interval from the normal approximation:

* conversion: Wald interval of a difference of proportions,
  se = sqrt(p1 (1 - p1) / n1 + p0 (1 - p0) / n0);
* revenue: Welch's interval of a difference of means,
  se = sqrt(s1^2 / n1 + s0^2 / n0) with the sample variances (n - 1).

The interval crossing zero means the campaign's effect is not significant.
"""

import math
import random

Z95 = 1.959963984540054
MIN_CONTROLS = 30


def holdout_size(count, percent):
    """How many of ``count`` participants the control group takes."""
    return round(count * percent / 100.0) if percent > 0 else 0


def draw_holdout(ids, percent, seed):
    """The ids of the control group: ``percent`` % of ``ids``, drawn at random
    with ``seed``. The same ids, percent and seed give the same group."""
    ordered = sorted(set(ids))
    size = holdout_size(len(ordered), percent)
    if not size:
        return set()
    return set(random.Random(f"{seed}:{len(ordered)}").sample(ordered, size))


def group_figures(count, total, total_squares):
    """Mean and sample variance from a count, a sum and a sum of squares (as
    one SQL aggregate gives them)."""
    if count <= 0:
        return 0.0, 0.0
    mean = total / count
    if count < 2:
        return mean, 0.0
    variance = max(total_squares - count * mean * mean, 0.0) / (count - 1)
    return mean, variance


def uplift(treated, control, proportion=False):
    """Uplift of treated over control with its 95% interval.

    ``treated`` and ``control`` are ``(count, sum, sum of squares)`` of the
    per-participant figure. Returns a dict with both means, the uplift, the
    interval bounds and ``significant`` (the interval does not cross zero);
    None when either group is empty.
    """
    (n1, s1, q1), (n0, s0, q0) = treated, control
    if n1 <= 0 or n0 <= 0:
        return None
    mean1, var1 = group_figures(n1, s1, q1)
    mean0, var0 = group_figures(n0, s0, q0)
    if proportion:
        var1, var0 = mean1 * (1 - mean1), mean0 * (1 - mean0)
    error = math.sqrt(var1 / n1 + var0 / n0)
    difference = mean1 - mean0
    low, high = difference - Z95 * error, difference + Z95 * error
    return {
        "treated_mean": mean1,
        "control_mean": mean0,
        "uplift": difference,
        "low": low,
        "high": high,
        "significant": low > 0 or high < 0,
    }
