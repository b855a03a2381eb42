"""RFM scores: quintiles, ties, flat data, fixed cut points, cohorts, segments."""

import numpy as np
import pandas as pd
import pytest

from crm_insight import rfm
from crm_insight.data import InputError


def _summary(recency, purchases, monetary, **extra):
    frame = pd.DataFrame(
        {"recency_days": recency, "purchases": purchases, "monetary": monetary, **extra}
    )
    frame.index = [f"c{i}" for i in range(len(frame))]
    return frame


def test_distinct_values_give_quintiles():
    scores = rfm.quantile_scores(np.arange(100))
    assert np.bincount(scores)[1:].tolist() == [20, 20, 20, 20, 20]
    assert scores[0] == 1 and scores[-1] == 5


def test_recency_is_better_when_smaller():
    scores = rfm.quantile_scores([1, 10, 100, 1000, 5000], higher_is_better=False)
    assert scores.tolist() == [5, 4, 3, 2, 1]


def test_equal_customers_get_equal_scores():
    values = np.array([5, 1, 1, 1, 2, 2, 9, 9, 9, 9])
    scores = rfm.quantile_scores(values)
    for value in np.unique(values):
        assert len(set(scores[values == value])) == 1
    # order is preserved: a larger value never scores lower
    order = np.argsort(values, kind="stable")
    assert np.all(np.diff(scores[order]) >= 0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_ranks_count_the_customers_strictly_worse(seed):
    """The rank behind the scores is the number of strictly smaller values
    (ties share the lowest), as a binary search in the sorted values gives
    it, also with -0.0 beside 0.0 and NaN (sorted last, equal to each other)."""
    rng = np.random.default_rng(seed)
    values = rng.choice([0.0, -0.0, 1.5, 2.0, 7.0, np.nan, -3.0], 2000)
    values[: 1000 * seed] = rng.normal(size=1000 * seed)
    below = rfm._below(values)
    assert (below == np.searchsorted(np.sort(values), values)).all()
    assert rfm._below(np.array([3.0])).tolist() == [0]
    assert rfm._below(np.array([2.0, 1.0, 2.0, np.nan])).tolist() == [1, 0, 1, 3]


def test_flat_frequency_is_reported_with_its_cut_points():
    n = 1000
    purchases = np.ones(n, dtype=int)
    purchases[:100] = np.arange(2, 102)  # 10% repeat buyers
    summary = _summary(np.arange(n), purchases, np.linspace(10, 1000, n))
    result = rfm.score(summary)
    f = result.scores["f_score"]
    assert set(f[purchases == 1]) == {1}
    assert set(f[purchases > 1]) == {5}
    assert result.unranked == [(None, "frequency")]
    (warning,) = result.warnings
    assert warning.startswith("frequency could not be ranked into 5 groups")
    assert "90% of customers share the value 1" in warning
    assert "unused 2, 3, 4" in warning
    # score s starts at the value given (F >= 2 needs 2 purchases, so do 3, 4, 5)
    assert result.cut_points["all"]["frequency"] == [2.0, 2.0, 2.0, 2.0]
    # the other dimensions are quintiles
    assert np.bincount(result.scores["r_score"])[1:].tolist() == [200] * 5


def test_a_single_value_gives_everyone_a_score():
    # nobody to rank against: recency on its fixed cut points (3 days ago is
    # recent: R = 5, not "everyone last"); frequency and monetary 1
    summary = _summary([3] * 4, [1] * 4, [50.0] * 4)
    result = rfm.score(summary)
    assert (
        result.scores[["r_score", "f_score", "m_score"]].to_numpy().tolist()
        == [[5, 1, 1]] * 4
    )
    assert [d for _c, d in result.unranked] == ["recency", "frequency", "monetary"]
    assert [w.code for w in result.warnings] == [
        "rfm_fixed_cuts",
        "rfm_unranked",
        "rfm_unranked",
    ]


def test_fixed_cut_points():
    summary = _summary(
        [10, 30, 31, 400, 90], [1, 2, 3, 10, 12], [0, 99, 100, 250, 5000]
    )
    cuts = {
        "recency": [30, 90, 180, 365],
        "frequency": [2, 3, 5, 10],
        "monetary": [100, 200, 500, 1000],
    }
    result = rfm.score(summary, cuts=cuts)
    assert result.scores["r_score"].tolist() == [5, 5, 4, 1, 4]
    assert result.scores["f_score"].tolist() == [1, 2, 3, 5, 5]
    assert result.scores["m_score"].tolist() == [1, 1, 2, 3, 5]
    assert result.warnings == []
    assert result.cut_points["all"]["recency"] == [30.0, 90.0, 180.0, 365.0]


@pytest.mark.parametrize("cuts", [[1, 2, 3], [5, 4, 3, 2], [1, 1, 2, 3]])
def test_bad_cut_points_are_refused(cuts):
    summary = _summary([1, 2], [1, 2], [1.0, 2.0])
    with pytest.raises(InputError, match="strictly ascending"):
        rfm.score(summary, cuts={"frequency": cuts})


def test_scoring_per_cohort():
    summary = _summary(
        [1, 2, 3, 4, 5, 1, 2, 3, 4, 5],
        [1] * 10,
        [10, 20, 30, 40, 50, 1000, 2000, 3000, 4000, 5000],
        type=["consumer"] * 5 + ["b2b"] * 5,
    )
    result = rfm.score(summary, cohort="type")
    m = result.scores["m_score"].tolist()
    # each cohort spans the whole scale on its own
    assert m[:5] == [1, 2, 3, 4, 5] and m[5:] == [1, 2, 3, 4, 5]
    assert set(result.cut_points) == {"b2b", "consumer"}
    assert ("consumer", "frequency") in result.unranked
    assert any("in cohort consumer" in w for w in result.warnings)


def test_segment_grid_is_complete_and_documented():
    cells = {rfm.SEGMENT_GRID[r][fm] for r in range(5) for fm in range(5)}
    assert cells == set(rfm.SEGMENTS), "every segment is reachable, none is extra"
    assert rfm.segment_of([5, 1, 1, 2, 3, 5, 4], [5, 5, 1, 1, 3, 1, 1]).tolist() == [
        "champions",
        "cannot_lose",
        "lost",
        "hibernating",
        "need_attention",
        "new",
        "promising",
    ]
    for key, label in rfm.SEGMENTS.items():
        assert label in rfm.__doc__, key
    with pytest.raises(InputError):
        rfm.segment_of([0], [3])


def test_fm_rounds_half_up_and_segments_follow():
    summary = _summary([1, 100], [10, 1], [10.0, 5000.0])
    result = rfm.score(summary)
    row = result.scores.iloc[1]
    assert (row.f_score, row.m_score, row.fm_score) == (1, 5, 3)


def test_tables_for_reports():
    summary = _summary(np.arange(50), np.arange(50) % 7 + 1, np.arange(50) * 10.0)
    result = rfm.score(summary)
    table = rfm.segment_table(result.scores, summary)
    assert table["customers"].sum() == 50
    assert table["revenue"].sum() == pytest.approx(summary["monetary"].sum())
    counts, revenue = rfm.rf_grid(result.scores, summary)
    assert counts.shape == (5, 5) and counts.to_numpy().sum() == 50
    assert list(counts.index) == [5, 4, 3, 2, 1]
    assert revenue.to_numpy().sum() == pytest.approx(summary["monetary"].sum())
