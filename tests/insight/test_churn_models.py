"""Issue 7: Pareto/NBD and MBG/NBD beside BG/NBD, fits that say when they
failed, the model chosen on a hold-out, tracking and projection."""

import numpy as np
import pandas as pd
import pytest
from simulate import simulate

from crm_insight import bgnbd, churn, demo, fitting, gammagamma, mbgnbd, paretonbd
from crm_insight.analysis import analyze, score_customers
from crm_insight.data import prepare, summarize
from crm_insight.messages import TEMPLATES

TRUTHS = {
    "paretonbd": {"r": 0.6, "alpha": 6.0, "s": 0.8, "beta": 20.0},
    "mbgnbd": {"r": 0.6, "alpha": 6.0, "a": 1.2, "b": 3.0},
    "bgnbd": {"r": 0.6, "alpha": 6.0, "a": 1.2, "b": 3.0},
}


@pytest.mark.parametrize("model", sorted(TRUTHS))
def test_the_choice_picks_the_model_the_data_come_from(model):
    summary, purchases = simulate(model, TRUTHS[model], 20000, seed=2)
    holdout = churn.Holdout(
        split_day=0,
        end_day=364,
        calibration=summary,
        purchases=purchases,
        weekly=np.zeros(52),
    )
    choice = churn.choose(summary, holdout=holdout)
    assert choice.model == model, choice.candidates
    assert choice.method == "holdout"
    errors = {c["model"]: c["holdout_rmse"] for c in choice.candidates}
    assert set(errors) == set(TRUTHS)
    assert errors[model] == min(e for e in errors.values() if e is not None)


@pytest.mark.parametrize("module", [paretonbd, mbgnbd])
def test_gradients_match_finite_differences(module):
    summary, _ = simulate(module.MODEL, TRUTHS[module.MODEL], 3000, seed=5)
    data, weights = fitting.compress(summary["frequency"], summary["t_x"], summary["T"])
    fn = module._neg_loglik(*data, weights)
    for point in ([0.7, 5.0, 0.9, 25.0], [0.7, 30.0, 0.9, 4.0], [0.4, 3.0, 1.5, 900.0]):
        point = np.array(point)
        _value, grad = fn(point)
        steps = 1e-6 * point
        numeric = [
            (fn(point + h * e)[0] - fn(point - h * e)[0]) / (2 * h)
            for h, e in zip(steps, np.eye(4), strict=True)
        ]
        assert grad == pytest.approx(numeric, rel=1e-4, abs=1e-7)


def test_pareto_integral_against_mpmath():
    mp = pytest.importorskip("mpmath")
    mp.mp.dps = 30
    rng = np.random.default_rng(3)
    for _ in range(40):
        r, s = 10 ** rng.uniform(-1, 1), 10 ** rng.uniform(-1, 2)
        alpha, beta = 10 ** rng.uniform(-1, 2), 10 ** rng.uniform(-1, 4)
        if rng.random() < 0.5:
            alpha, beta = beta, alpha
        x, t = float(rng.integers(0, 200)), float(rng.choice([0.0, 3.0, 40.0]))
        m = r + s + x
        if alpha >= beta:
            z, b, top = (alpha - beta) / (alpha + t), s + 1, alpha + t
        else:
            z, b, top = (beta - alpha) / (beta + t), r + x, beta + t
        exact = float(mp.log(mp.power(top, -m) / m * mp.hyp2f1(m, b, m + 1, z)))
        ours = paretonbd._log_F((r, alpha, s, beta), np.array([x]), np.array([t]))[0]
        assert ours == pytest.approx(exact, rel=1e-8), (r, alpha, s, beta, x, t)


@pytest.mark.parametrize("module", [paretonbd, mbgnbd])
def test_one_time_buyers_churn_risk_grows_with_time_since_the_purchase(module):
    params = dict(zip(module.NAMES, (0.55, 10.58, 0.61, 11.67), strict=True))
    if module is mbgnbd:
        params = {"r": 0.52, "alpha": 6.18, "a": 0.89, "b": 1.61}
    ages = np.array([1.0, 10.0, 50.0, 100.0])  # weeks since the one purchase
    alive = module.p_alive(params, np.zeros(4), np.zeros(4), ages)
    assert np.all(np.diff(alive) < 0) and np.all((alive > 0) & (alive < 1))
    # BG/NBD cannot say it: every one-time buyer is alive
    bg = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    assert np.all(bgnbd.p_alive(bg, np.zeros(4), np.zeros(4), ages) == 1.0)


def test_pareto_p_alive_is_stable_at_extremes():
    params = {"r": 0.55, "alpha": 10.58, "s": 0.61, "beta": 11.67}
    x = np.array([0, 0, 300, 300, 50, 1])
    t_x = np.array([0, 0, 1.0, 399.0, 400.0, 0.5])
    T = np.array([0.0, 5000.0, 400.0, 400.0, 400.0, 400.0])
    alive = paretonbd.p_alive(params, x, t_x, T)
    assert np.all(np.isfinite(alive)) and np.all((alive >= 0) & (alive <= 1))
    assert alive[0] == 1.0 and alive[2] < 1e-100 < alive[3]
    assert alive[4] == pytest.approx(1.0)
    steep = {"r": 2.0, "alpha": 0.5, "s": 30.0, "beta": 9000.0}  # z near 1
    assert np.all(np.isfinite(paretonbd.p_alive(steep, x, t_x, T)))


# ---------------------------------------------------------------- failures
def test_six_customers_runaway_is_not_converged_and_never_zero():
    # the case: BG/NBD said "ok" with r = 8e6, alpha = 5e7 and then
    # 0.0 expected purchases for everyone
    x, t_x, T = [1, 2, 0, 3, 1, 2], [4, 6, 0, 9, 3, 7], [10] * 6
    fit = bgnbd.fit(x, t_x, T)
    assert fit.status == "not_converged" and fit.code == "fit_runaway"
    assert fit.params == {} and fit.rejected["r"] > fitting.MAX_SHAPE
    assert "r = " in fit.message and "extreme" in fit.message
    summary = pd.DataFrame(
        {
            "purchases": np.array(x) + 1,
            "frequency": x,
            "recency_days": (np.array(T) - np.array(t_x)) * 7,
            "tenure_days": np.array(T) * 7,
            "t_x": t_x,
            "T": T,
            "monetary": [10.0, 20.0, 5.0, 40.0, 12.0, 22.0],
            "avg_repeat_value": [10.0, 10.0, np.nan, 10.0, 12.0, 11.0],
            "first_purchase": pd.Timestamp("2025-01-01"),
            "last_purchase": pd.Timestamp("2025-03-01"),
        },
        index=pd.Index(list("ABCDEF"), name="customer"),
    )
    scoring = score_customers(summary)
    customers = scoring.customers
    assert (
        customers["loyalty_score"].notna().all() and customers["segment"].notna().all()
    )
    for column in ("p_alive", "churn_probability", "expected_purchases", "clv"):
        assert customers[column].isna().all(), column  # empty, never 0
    assert scoring.churn_model is None
    assert "churn_not_fitted" in [w.code for w in scoring.warnings]


def test_extreme_optimum_is_reported_whatever_the_model():
    # every customer buys every week and never stops: no heterogeneity
    x = np.full(50, 51.0)
    for module in (bgnbd, mbgnbd, paretonbd):
        fit = module.fit(x, np.full(50, 51.0), np.full(50, 52.0))
        assert fit.status == "not_converged", (module.MODEL, fit)
        assert fit.code in ("fit_runaway", "fit_boundary", "fit_not_maximised")


def test_demo_gamma_gamma_runaway_is_reported():
    # the case: the demo's Gamma-Gamma said "ok" with p = 569,450
    frame = demo.transactions(300, seed=7).astype(str)
    summary = summarize(
        prepare(frame, customer="customer", date="date", amount="amount"), unit="week"
    )
    fit = gammagamma.fit(summary["frequency"], summary["avg_repeat_value"])
    assert fit.status == "not_converged" and fit.code == "fit_runaway"
    assert fit.rejected["p"] > fitting.MAX_SHAPE and fit.params == {}


def test_flat_data_leaves_churn_empty_with_the_reason():
    rows = [(f"C{i}", "2025-01-01", "10") for i in range(20)]
    transactions = prepare(
        pd.DataFrame(rows, columns=["customer", "date", "amount"]),
        customer="customer",
        date="date",
        amount="amount",
        as_of="2025-06-30",
    )
    result = analyze(transactions)
    assert result.customers["churn_probability"].isna().all()
    assert result.customers["segment"].notna().all()
    codes = [w.code for w in result.warnings]
    assert "churn_not_fitted" in codes
    summary = result.json_summary()
    assert summary["churn_model"] is None and summary["churn_status"] != "ok"
    reason = next(m for m in summary["messages"] if m["code"] == "churn_not_fitted")
    assert "repeat purchase" in reason["params"]["reason"]


# ------------------------------------------------ analysis, Odoo's interface
@pytest.fixture(scope="module")
def demo_transactions():
    frame = demo.transactions(600, seed=11).astype(str)
    return prepare(frame, customer="customer", date="date", amount="amount")


def test_analyze_reports_the_choice_tracking_and_projection(demo_transactions):
    result = analyze(demo_transactions)
    summary = result.json_summary()
    selection = summary["model_selection"]
    assert summary["churn_model"] in ("paretonbd", "mbgnbd", "bgnbd")
    assert selection["method"] == "holdout" and selection["holdout_days"] % 7 == 0
    assert {c["model"] for c in selection["candidates"]} == set(churn.CANDIDATES)
    assert all(c["holdout_rmse"] is not None for c in selection["candidates"])
    assert sum(c["chosen"] for c in selection["candidates"]) == 1
    tracking = result.scoring.tracking
    assert len(tracking) == selection["holdout_days"] // 7
    holdout = churn.holdout_from_transactions(demo_transactions)
    assert tracking["actual"].sum() == holdout.purchases.sum()
    chosen = next(c for c in selection["candidates"] if c["chosen"])
    assert tracking["predicted"].sum() == pytest.approx(
        chosen["holdout_predicted"], rel=1e-3
    )
    projection = result.scoring.projection
    assert projection.purchases.shape == (len(result.customers), 12)
    assert np.all(projection.purchases >= 0)
    per_segment = result.scoring.segment_projection
    assert per_segment["purchases"].sum() == pytest.approx(projection.purchases.sum())
    assert len(summary["projection"]["total"]) == 12
    assert summary["messages"][0]["code"] in TEMPLATES
    # the demo's customers may leave after their first purchase: BG/NBD is
    # not chosen, and a one-time buyer's churn risk grows with the time since
    assert summary["churn_model"] != "bgnbd"
    once = result.customers[result.customers["frequency"] == 0].sort_values("T")
    assert once["churn_probability"].is_monotonic_increasing
    assert once["churn_probability"].iloc[-1] > once["churn_probability"].iloc[0]


def test_holdout_from_totals_matches_transactions(demo_transactions):
    from_transactions = churn.holdout_from_transactions(demo_transactions)
    customers, days = churn.purchase_days(demo_transactions)
    split = from_transactions.split_day
    table = pd.DataFrame({"customer": customers, "day": days})
    before = table[table["day"] <= split].groupby("customer")["day"]
    totals = before.agg(["count", "min", "max"])
    after = table[(table["day"] > split) & table["customer"].isin(totals.index)]
    weeks = (after["day"] - split - 1) // 7
    built = churn.holdout_from_totals(
        totals.index,
        purchases=totals["count"],
        first_day=totals["min"],
        last_day=totals["max"],
        holdout_purchases=after.groupby("customer")
        .size()
        .reindex(totals.index)
        .fillna(0),
        split_day=split,
        end_day=from_transactions.end_day,
        weekly_purchases=np.bincount(weeks, minlength=from_transactions.days // 7),
    )
    expected = from_transactions.calibration.sort_index()
    pd.testing.assert_frame_equal(built.calibration.sort_index(), expected)
    assert built.weekly.tolist() == from_transactions.weekly.tolist()


def test_score_customers_keeps_its_old_call_and_chooses_by_likelihood(
    demo_transactions,
):
    summary = summarize(demo_transactions, unit="week")
    scoring = score_customers(
        summary,
        unit="week",
        horizon_days=365.0,
        cohort=None,
        cuts=None,
        annual_discount_rate=0.1,
        satisfaction=None,
        complaints=None,
    )
    assert scoring.bgnbd.model == "bgnbd"
    assert scoring.churn.method == "loglik"
    assert "churn_no_holdout" in [w.code for w in scoring.warnings]
    assert "\n".join(scoring.warnings)  # still plain strings for Odoo
    short = summary.assign(tenure_days=summary["tenure_days"].clip(upper=40))
    short_choice = churn.choose(short)
    assert "churn_holdout_too_short" in [w.code for w in short_choice.warnings]


def test_every_message_code_is_documented():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    used = set()
    for path in (root / "crm_insight").glob("*.py"):
        text = path.read_text()
        used |= set(re.findall(r'Message\(\s*"([a-z0-9_]+)"', text))
        used |= set(re.findall(r'failure\([^)]*?"(fit_[a-z_]+)"', text, re.DOTALL))
    assert used <= set(TEMPLATES), used - set(TEMPLATES)
    readme = (root / "crm_insight" / "README.md").read_text()
    assert all(f"`{code}`" in readme for code in TEMPLATES)
