"""The published CDNOW estimates, reproduced from the raw transactions.

Fader, Hardie & Lee (2005a), BG/NBD: r = 0.243, alpha = 4.414, a = 0.793,
b = 2.426, log-likelihood -9582.4 (2,357 customers, weeks, calibration up to
1997-09-30). Fader, Hardie & Lee (2005b), Gamma-Gamma: p = 6.25, q = 3.74,
gamma = 15.44 on the 946 repeat buyers. Fader, Hardie & Lee (2005c, "A note
on deriving the Pareto/NBD model"), Pareto/NBD on the same calibration:
r = 0.55, alpha = 10.58, s = 0.61, beta = 11.67, log-likelihood -9595.0.
"""

import json

import numpy as np
import pandas as pd
import pytest

from crm_insight import bgnbd, cli, gammagamma, mbgnbd, paretonbd
from crm_insight.data import prepare, read_table, summarize

UNTIL = "1997-09-30"


@pytest.fixture(scope="module")
def calibration(cdnow_sample):
    frame = read_table(cdnow_sample, sep="whitespace", header=False)
    transactions = prepare(frame, customer="2", date="3", amount="5", as_of=UNTIL)
    return summarize(transactions, unit="week")


def test_cdnow_calibration_summary(calibration):
    assert len(calibration) == 2357
    assert int((calibration["frequency"] > 0).sum()) == 946
    # customer 1 of the paper's data: x = 2, t_x = 30.43, T = 38.86 weeks
    first = calibration.loc["0001"]
    assert (first["frequency"], round(first["t_x"], 2), round(first["T"], 2)) == (
        2,
        30.43,
        38.86,
    )


def test_bgnbd_reproduces_the_paper(calibration):
    fit = bgnbd.fit(calibration["frequency"], calibration["t_x"], calibration["T"])
    assert fit.ok, fit.message
    assert round(fit.params["r"], 3) == 0.243
    assert round(fit.params["alpha"], 3) == 4.414
    assert round(fit.params["a"], 3) == 0.793
    assert round(fit.params["b"], 3) == 2.426
    assert round(fit.loglik, 1) == -9582.4
    # the paper's worked example: a customer with (2, 30.43, 38.86) is expected
    # to make 1.226 purchases in the next 39 weeks
    expected = bgnbd.expected_purchases(fit.params, 39, 2, 30.43, 38.86)
    assert round(float(expected), 3) == 1.226


def test_paretonbd_reproduces_the_paper(calibration):
    fit = paretonbd.fit(calibration["frequency"], calibration["t_x"], calibration["T"])
    assert fit.ok, fit.message
    assert [round(fit.params[k], 2) for k in ("r", "alpha", "s", "beta")] == [
        0.55,
        10.58,
        0.61,
        11.67,
    ]
    assert round(fit.loglik, 1) == -9595.0
    alive = paretonbd.p_alive(
        fit.params, calibration["frequency"], calibration["t_x"], calibration["T"]
    )
    assert np.all((alive > 0) & (alive <= 1))
    # one-time buyers: the longer ago the purchase, the likelier gone
    once = calibration["frequency"].to_numpy() == 0
    order = np.argsort(calibration["T"].to_numpy()[once])
    assert np.all(np.diff(alive[once][order]) <= 1e-12)
    # customer 0001 (2, 30.43, 38.86): P(alive) as by direct numerical
    # integration of the likelihood's two terms (mpmath: 0.869116), and the
    # purchases expected in the next 39 weeks (BG/NBD says 1.226)
    alive = paretonbd.p_alive(fit.params, 2, 30.43, 38.86)
    assert round(float(alive), 4) == 0.8691
    ours = paretonbd.expected_purchases(fit.params, 39, 2, 30.43, 38.86)
    assert round(float(ours), 3) == 1.455


def test_mbgnbd_fits_cdnow(calibration):
    fit = mbgnbd.fit(calibration["frequency"], calibration["t_x"], calibration["T"])
    assert fit.ok, fit.message
    # its likelihood is within a few units of BG/NBD's (one more way to leave)
    assert fit.loglik == pytest.approx(-9582.1, abs=0.1)


def test_gammagamma_reproduces_the_paper(calibration):
    fit = gammagamma.fit(calibration["frequency"], calibration["avg_repeat_value"])
    assert fit.ok, fit.message
    assert fit.customers == 946
    assert round(fit.params["p"], 2) == 6.25
    assert round(fit.params["q"], 2) == 3.74
    assert round(fit.params["v"], 2) == 15.44
    # the paper: the population mean of average spend is p v / (q - 1) = 35.2
    mean = fit.params["p"] * fit.params["v"] / (fit.params["q"] - 1)
    assert round(mean, 1) == 35.2


def test_command_line_reproduces_the_paper(cdnow_sample, tmp_path, capsys):
    per_customer = tmp_path / "cdnow.csv"
    status = cli.main(
        [
            "bgnbd",
            str(cdnow_sample),
            "--sep",
            "whitespace",
            "--no-header",
            "--customer",
            "2",
            "--date",
            "3",
            "--until",
            UNTIL,
            "--unit",
            "week",
            "--horizon",
            "39",
            "--per-customer",
            str(per_customer),
        ]
    )
    assert status == 0
    out = json.loads(capsys.readouterr().out)
    assert out["customers"] == 2357
    assert [round(out[k], 3) for k in ("r", "alpha", "a", "b")] == [
        0.243,
        4.414,
        0.793,
        2.426,
    ]
    assert round(out["loglik"], 1) == -9582.4
    table = pd.read_csv(per_customer, dtype={"customer": str})
    assert list(table.columns) == [
        "customer",
        "frequency",
        "recency",
        "T",
        "p_alive",
        "expected_purchases_39_weeks",
    ]
    row = table.set_index("customer").loc["0001"]
    assert round(row["expected_purchases_39_weeks"], 3) == 1.226
    assert np.all((table["p_alive"] >= 0) & (table["p_alive"] <= 1))

    status = cli.main(
        [
            "gammagamma",
            str(cdnow_sample),
            "--sep",
            "whitespace",
            "--no-header",
            "--customer",
            "2",
            "--date",
            "3",
            "--amount",
            "5",
            "--until",
            UNTIL,
        ]
    )
    assert status == 0
    out = json.loads(capsys.readouterr().out)
    assert [round(out[k], 2) for k in ("p", "q", "v")] == [6.25, 3.74, 15.44]


def test_paretonbd_command_reproduces_the_paper(cdnow_sample, tmp_path, capsys):
    per_customer = tmp_path / "cdnow.csv"
    status = cli.main(
        [
            "paretonbd",
            str(cdnow_sample),
            "--sep",
            "whitespace",
            "--no-header",
            "--customer",
            "2",
            "--date",
            "3",
            "--until",
            "30/09/1997",
            "--horizon",
            "39",
            "--per-customer",
            str(per_customer),
        ]
    )
    assert status == 0
    out = json.loads(capsys.readouterr().out)
    assert out["customers"] == 2357 and out["until"] == UNTIL
    assert [round(out[k], 2) for k in ("r", "alpha", "s", "beta")] == [
        0.55,
        10.58,
        0.61,
        11.67,
    ]
    assert round(out["loglik"], 1) == -9595.0
    table = pd.read_csv(per_customer, dtype={"customer": str})
    assert list(table.columns) == [
        "customer",
        "frequency",
        "recency",
        "T",
        "p_alive",
        "expected_purchases_39_weeks",
    ]
    assert np.all((table["p_alive"] >= 0) & (table["p_alive"] <= 1))
