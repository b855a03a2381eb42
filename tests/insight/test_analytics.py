"""Loyalty, segment migration, KPIs and cross-sell rules."""

import numpy as np
import pandas as pd
import pytest

from crm_insight import crosssell, kpis, loyalty, migration
from crm_insight.data import prepare


def test_loyalty_weights_and_missing_components():
    best = loyalty.loyalty_score([5], [5], [5], [2000], [5], [0])
    worst = loyalty.loyalty_score([1], [1], [1], [0], [1], [99])
    assert best[0] == 100.0
    assert worst[0] == pytest.approx(100 * 0.10 * (1 / 100), abs=0.1)
    # without satisfaction and complaints the RFM and tenure weights are rescaled
    partial = loyalty.loyalty_score([5], [1], [1], [0])
    assert partial[0] == pytest.approx(100 * 0.25 / 0.75, abs=0.1)
    # per-customer unknowns (NaN) are dropped for that customer only
    mixed = loyalty.loyalty_score(
        [3, 3], [3, 3], [3, 3], [0, 0], [np.nan, 5], [np.nan, 0]
    )
    assert mixed[0] < mixed[1]
    assert sum(loyalty.WEIGHTS.values()) == pytest.approx(1.0)


def test_segment_migration_matrix():
    before = pd.Series({"a": "champions", "b": "champions", "c": "loyal", "d": "lost"})
    after = pd.Series({"a": "champions", "b": "at_risk", "c": "champions", "e": "new"})
    result = migration.transition_matrix(before, after)
    counts = result.counts
    assert counts.loc["champions", "champions"] == 1
    assert counts.loc["champions", "at_risk"] == 1
    assert counts.loc["loyal", "champions"] == 1
    assert counts.loc["lost", migration.GONE] == 1
    assert counts.loc[migration.NEW, "new"] == 1
    assert counts.to_numpy().sum() == 5
    assert result.rates.loc["champions", "at_risk"] == 0.5
    assert result.rates.loc["hibernating"].sum() == 0.0


def test_period_kpis_on_a_hand_example():
    rows = [
        # active at start (bought in the year before 2026-01-01)
        ("kept", "2025-06-01", "10"),
        ("kept", "2026-03-01", "10"),
        ("churned", "2025-05-01", "10"),
        ("churned2", "2025-02-01", "10"),
        # new during the period
        ("new", "2026-02-01", "10"),
    ]
    frame = pd.DataFrame(rows, columns=["customer", "date", "amount"])
    transactions = prepare(
        frame, customer="customer", date="date", amount="amount", as_of="2026-06-30"
    )
    result = kpis.period_kpis(transactions, "2026-01-01", "2026-06-30")
    assert result["customers_at_start"] == 3
    assert result["new_customers"] == 1
    # at the end (one year back to 2025-06-30): kept, new  => E = 2
    assert result["customers_at_end"] == 2
    assert result["retention_rate"] == pytest.approx((2 - 1) / 3)
    assert result["churn_rate"] == pytest.approx(1 - 1 / 3)
    assert result["portfolio_growth"] == pytest.approx((2 - 3) / 3)
    scores = pd.DataFrame({"segment": ["champions", "lost"]}, index=["kept", "new"])
    summary = pd.DataFrame({"monetary": [20.0, 10.0]}, index=["kept", "new"])
    result = kpis.period_kpis(
        transactions, "2026-01-01", "2026-06-30", scores=scores, summary=summary
    )
    assert result["top_segments_revenue_share"] == pytest.approx(2 / 3)


def test_cross_sell_rules():
    lines = [
        (1, "laptop"),
        (1, "printer"),
        (1, "bag"),
        (2, "laptop"),
        (2, "printer"),
        (3, "laptop"),
        (3, "bag"),
        (3, "bag"),  # a product twice in one order counts once
        (4, "pen"),
    ]
    orders, products = zip(*lines, strict=True)
    rules = crosssell.association_rules(orders, products, min_support=0.25, top_n=5)
    laptop = rules[rules["antecedent"] == "laptop"].set_index("consequent")
    assert set(laptop.index) == {"printer", "bag"}
    assert laptop.loc["printer", "support"] == pytest.approx(2 / 4)
    assert laptop.loc["printer", "confidence"] == pytest.approx(2 / 3)
    assert laptop.loc["printer", "lift"] == pytest.approx((2 / 3) / (2 / 4))
    assert laptop.loc["bag", "orders_together"] == 2
    assert "pen" not in set(rules["antecedent"])
    top1 = crosssell.association_rules(orders, products, min_support=0.25, top_n=1)
    assert top1.groupby("antecedent").size().max() == 1
    assert crosssell.association_rules([], []).empty
