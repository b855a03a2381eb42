"""Issue 7, second round: the 25 defects a hostile probe of crm-insight found
(/work/notes/insight_probe.md), one test each (or a few), on files built here."""

import codecs
import json

import numpy as np
import openpyxl
import pandas as pd
import pytest

from crm_insight import analysis, churn, cli, demo, rfm
from crm_insight.analysis import analyze, score_customers
from crm_insight.data import InputError, parse_date_value, prepare, read_table
from crm_insight.fitting import failure
from crm_insight.messages import TEMPLATES, Message
from crm_insight.report import XlsxExporter, write_analysis

# ------------------------------------------------------------------- helpers
COLUMNS = ("--customer", "c", "--date", "d", "--amount", "a")
DEMO_COLUMNS = ("--customer", "customer", "--date", "date", "--amount", "amount")
ORDER_COLUMNS = ("--order", "customer", "--product", "type")  # of the demo file


def run(capsys, *argv):
    """(exit status, JSON output or None, standard error) of crm-insight."""
    try:
        status = cli.main([str(a) for a in argv])
    except SystemExit as exc:  # argparse
        status = exc.code
    captured = capsys.readouterr()
    out = json.loads(captured.out) if status == 0 else None
    return status, out, captured.err


def one_line_error(capsys, *argv):
    status, _out, err = run(capsys, *argv)
    assert status == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def write(path, text, encoding="utf-8"):
    path.write_text(text, encoding=encoding)
    return path


def xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def analyze_file(capsys, path, *extra, customer="c", date="d", amount="a"):
    status, out, err = run(
        capsys,
        "analyze",
        path,
        "--customer",
        customer,
        "--date",
        date,
        "--amount",
        amount,
        *extra,
    )
    assert status == 0, err
    return out


def codes(out):
    return [m["code"] for m in out["messages"]]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.csv"
    demo.transactions(500, seed=42).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def demo_analysis():
    frame = demo.transactions(500, seed=42)
    transactions = prepare(frame, customer="customer", date="date", amount="amount")
    return analyze(transactions)


# ------------------------------------------------------------------- crashes
def test_01_empty_xlsx_cells_are_reported_like_csv(tmp_path, capsys):
    amount = xlsx(
        tmp_path / "amount.xlsx",
        [("c", "d", "a"), ("A", "2025-01-01", 10), ("B", "2025-01-02", None)],
    )
    err = one_line_error(capsys, "analyze", amount, *COLUMNS)
    assert "row 3: amount '' is not a number" in err
    date = xlsx(
        tmp_path / "date.xlsx",
        [("c", "d", "a"), ("A", "2025-01-01", 10), ("B", None, 5)],
    )
    err = one_line_error(capsys, "analyze", date, *COLUMNS)
    assert "row 3: unparsable date ''" in err


def test_02_duplicate_headers_are_refused_clearly(tmp_path, capsys):
    rows = [
        ("Cliente", "Fecha", "Importe", "Importe"),
        ("A", "01/02/2025", 10, 1),
        ("B", "13/02/2025", 20, 2),
    ]
    book = xlsx(tmp_path / "dup.xlsx", rows)
    text = write(
        tmp_path / "dup.csv", "\n".join(";".join(map(str, r)) for r in rows) + "\n"
    )
    for path in (book, text):
        err = one_line_error(
            capsys,
            "analyze",
            path,
            "--customer",
            "Cliente",
            "--date",
            "Fecha",
            "--amount",
            "Importe",
        )
        assert "column 'Importe' (amount) appears 2 times in the header" in err
    # the second one is not silently renamed "Importe.1"
    assert list(read_table(text).columns) == ["Cliente", "Fecha", "Importe", "Importe"]
    # a duplicate that is not used does no harm
    frame = read_table(text)
    transactions = prepare(frame, customer="Cliente", date="Fecha")
    assert len(transactions.frame) == 2


def test_03_crosssell_xlsx_with_an_empty_product_cell(tmp_path, capsys):
    path = xlsx(
        tmp_path / "cs.xlsx",
        [
            ("pedido", "producto"),
            (1, "pan"),
            (1, "leche"),
            (2, None),
            (2, "pan"),
            (3, "pan"),
            (3, "leche"),
        ],
    )
    status, out, err = run(
        capsys, "crosssell", path, "--order", "pedido", "--product", "producto"
    )
    assert status == 0, err
    assert out["warnings"] == ["1 line(s) without order or product left out"]
    assert out["order_lines"] == 5


def test_04_refunds_only(tmp_path, capsys):
    path = write(tmp_path / "neg.csv", "c,d,a\nA,2025-01-01,-10\nB,2025-02-01,-20\n")
    for command, extra in (
        ("analyze", ("--amount", "a")),
        ("bgnbd", ("--amount", "a", "--until", "2025-03-01")),
        ("paretonbd", ("--until", "2025-03-01", "--amount", "a")),
        ("gammagamma", ("--amount", "a", "--until", "2025-03-01")),
    ):
        err = one_line_error(capsys, command, path, *COLUMNS[:4], *extra)
        assert "no purchases: 2 customer(s) with refunds only" in err


@pytest.mark.parametrize("value", ["nan", "NaT", "nat", "None", "inf"])
def test_05_nat_dates_on_the_command_line(value, demo_file, capsys):
    with pytest.raises(InputError, match="is not a date"):
        parse_date_value(value, "--as-of")
    err = one_line_error(
        capsys,
        "bgnbd",
        demo_file,
        *DEMO_COLUMNS[:4],
        "--until",
        value,
    )
    assert "--until" in err


@pytest.mark.parametrize("encoding", ["base64", "rot13", "zlib", "hex"])
def test_06_non_text_encodings_are_refused(encoding, demo_file, capsys):
    err = one_line_error(
        capsys,
        "analyze",
        demo_file,
        *DEMO_COLUMNS,
        "--encoding",
        encoding,
    )
    assert "not a text encoding" in err
    err = one_line_error(
        capsys,
        "crosssell",
        demo_file,
        *ORDER_COLUMNS,
        "--encoding",
        encoding,
    )
    assert "not a text encoding" in err


def test_07_horizon_has_a_sane_upper_bound(demo_file, capsys):
    err = one_line_error(
        capsys,
        "analyze",
        demo_file,
        *DEMO_COLUMNS,
        "--horizon-days",
        "1e7",
    )
    assert "at most 36500" in err


def test_07_clv_over_a_long_horizon_is_not_materialised(demo_analysis):
    # 100 years of monthly columns for every customer would be 1217 columns;
    # the CLV is accumulated month by month per distinct (x, T) instead
    summary = demo_analysis.summary
    scored = score_customers(summary, horizon_days=36500.0, projection_months=0)
    assert np.isfinite(scored.customers["clv"].dropna()).all()
    with pytest.raises(InputError, match="horizon"):
        score_customers(summary, horizon_days=1e7)


@pytest.mark.parametrize("seed", ["-1", str(2**90)])
def test_08_demo_seed_out_of_range(seed, tmp_path, capsys):
    err = one_line_error(
        capsys, "demo-data", "--out", tmp_path / "d.csv", "--seed", seed
    )
    assert "--seed" in err and "between 0 and" in err


# ------------------------------------------------------- wrong messages
def _all_messages(messages):
    for message in messages:
        yield message
        params = getattr(message, "params", {})
        if params.get("reason_code") and params["reason_code"] in TEMPLATES:
            yield Message(params["reason_code"], **params.get("reason_params", {}))


def assert_formats(messages):
    for message in _all_messages(messages):
        if isinstance(message, Message):
            # as Odoo does it: _(template, **params) must not raise
            TEMPLATES[message.code] % message.params
            assert "%(" not in str(message), message


def test_09_failure_keeps_customers_in_the_message_params(tmp_path, capsys):
    fit = failure(
        "bgnbd", "insufficient_data", "fit_too_few_customers", customers=1, needed=2
    )
    assert fit.message_params == {"customers": 1, "needed": 2}
    assert str(fit.message) == "1 customer(s): at least 2 are needed"
    path = write(
        tmp_path / "one.csv",
        "c,d,a\nA,2025-01-01,10\nA,2025-02-01,20\nA,2025-03-01,30\nA,2025-06-01,30\n",
    )
    out = analyze_file(capsys, path)
    texts = json.dumps(out)
    assert "%(" not in texts
    for message in out["messages"]:
        TEMPLATES[message["code"]] % message["params"]
        for key in ("reason_code",):
            if key in message["params"] and message["params"][key] in TEMPLATES:
                TEMPLATES[message["params"][key]] % message["params"]["reason_params"]


def test_09_every_message_of_a_run_formats_with_its_params(demo_analysis):
    assert_formats(demo_analysis.warnings)
    flat = demo_analysis.summary.copy()
    flat["frequency"] = 0
    flat["t_x"] = 0.0
    scored = score_customers(flat.iloc[:1])
    assert_formats(scored.warnings)
    for fit in (scored.bgnbd, scored.gammagamma):
        assert_formats([fit.message] if fit.message else [])


def test_10_one_customer_gets_the_right_holdout_reason(tmp_path, capsys):
    path = write(
        tmp_path / "one.csv",
        "c,d,a\nA,2025-01-01,10\nA,2025-02-01,20\nA,2025-03-01,30\nA,2025-06-01,30\n",
    )
    out = analyze_file(capsys, path)
    assert "churn_holdout_few_customers" in codes(out)
    assert "churn_holdout_too_short" not in codes(out)
    message = next(
        m for m in out["messages"] if m["code"] == "churn_holdout_few_customers"
    )
    assert message["params"]["customers"] == 1 and message["params"]["needed"] == 2


def test_11_holdout_longer_than_half_the_span_is_refused(demo_file, capsys):
    err = one_line_error(
        capsys,
        "analyze",
        demo_file,
        *DEMO_COLUMNS,
        "--holdout-days",
        "1000",
    )
    assert "--holdout-days" in err and "half" in err


# ------------------------------------------------------ silently wrong data
def test_12_year_first_dates_are_year_month_day(tmp_path):
    for sep in ("/", "."):
        path = write(
            tmp_path / "ymd.csv",
            f"c,d,a\nA,2025{sep}01{sep}05,10\nA,2025{sep}01{sep}13,20\nB,2025{sep}2{sep}1,5\n",
        )
        transactions = prepare(read_table(path), customer="c", date="d", amount="a")
        days = transactions.frame["date"].dt.strftime("%Y-%m-%d").tolist()
        assert days == ["2025-01-05", "2025-01-13", "2025-02-01"]
        assert str(transactions.as_of.date()) == "2025-02-01"
    assert parse_date_value("2025/01/05", "--as-of") == pd.Timestamp("2025-01-05")


def test_13_offsets_count_in_day_first_timestamps(tmp_path):
    path = write(
        tmp_path / "off.csv",
        "c;d;a\nA;30/03/2025 00:30:00+02:00;10\nB;31/03/2025 00:30:00+02:00;20\n"
        "A;10/01/2025 00:30:00+01:00;5\nB;15/01/2025 10:00:00;5\n",
    )
    transactions = prepare(read_table(path), customer="c", date="d", amount="a")
    days = transactions.frame["date"].dt.strftime("%Y-%m-%d").tolist()
    assert days == ["2025-03-29", "2025-03-30", "2025-01-09", "2025-01-15"]
    utc = [w for w in transactions.warnings if w.code == "dates_utc"]
    assert utc and utc[0].params["rows"] == 3
    # the same instant written ISO and day first gives the same day
    mixed = write(
        tmp_path / "mixed.csv",
        "c;d;a\nA;2025-03-30T00:30:00+02:00;10\nB;30/03/2025 00:30:00+02:00;20\n",
    )
    days = prepare(read_table(mixed), customer="c", date="d", amount="a").frame["date"]
    assert days.nunique() == 1


def test_14_a_forced_number_format_refuses_values_of_the_other(tmp_path, capsys):
    path = write(
        tmp_path / "es.csv",
        "c;d;a\nC0;2025-01-10;1.000\nC1;2025-02-11;2.500\nC2;2025-03-12;7.500,00\n"
        "C0;2025-04-13;10,5\n",
    )
    err = one_line_error(
        capsys,
        "analyze",
        path,
        *COLUMNS,
        "--number-format",
        "en",
    )
    assert "row 4" in err and "7.500,00" in err and "Spanish" in err
    out = analyze_file(capsys, path, "--number-format", "es")
    assert out["revenue"] == 11010.5
    english = write(tmp_path / "en.csv", "c,d,a\nA,2025-01-10,7.5\nB,2025-01-11,1\n")
    err = one_line_error(
        capsys,
        "analyze",
        english,
        *COLUMNS,
        "--number-format",
        "es",
    )
    assert "row 2" in err and "'7.5'" in err and "English" in err


def test_14_malformed_amounts_are_not_guessed(tmp_path):
    frame = pd.DataFrame(
        {"c": ["A", "B"], "d": ["2025-01-01", "2025-01-02"], "a": ["1.234.5", "3"]}
    )
    with pytest.raises(InputError, match=r"row 2: amount '1.234.5' is not a number"):
        prepare(frame, customer="c", date="d", amount="a", number_format="es")


def test_15_a_date_after_today_or_far_beyond_the_rest_is_warned(tmp_path, capsys):
    frame = demo.transactions(120, seed=3)
    frame.loc[len(frame)] = ["C00001", "2052-03-01", 10.0, "consumer"]
    path = tmp_path / "typo.csv"
    frame.to_csv(path, index=False)
    out = analyze_file(capsys, path, customer="customer", date="date", amount="amount")
    message = next(m for m in out["messages"] if m["code"] == "dates_after_today")
    assert message["params"]["rows"] == 1
    assert message["params"]["value"] == "2052-03-01"
    assert message["params"]["row"] == len(frame) + 1
    far = next(m for m in out["messages"] if m["code"] == "dates_far_beyond")
    assert far["params"]["date"] == "2052-03-01"


def test_15_an_empty_holdout_does_not_claim_a_holdout_choice(demo_file, capsys):
    out = analyze_file(
        capsys,
        demo_file,
        "--as-of",
        "2027-06-30",
        customer="customer",
        date="date",
        amount="amount",
    )
    assert "churn_holdout_empty" in codes(out)
    assert "churn_chosen_holdout" not in codes(out)
    assert out["model_selection"]["method"] == "loglik"


def test_16_overflowing_amounts_are_refused(tmp_path, capsys):
    path = write(
        tmp_path / "huge.csv",
        "c,d,a\nA,2025-01-01,1e308\nA,2025-01-02,1e308\nB,2025-01-03,1e308\nB,2025-01-04,5\n",
    )
    err = one_line_error(capsys, "analyze", path, *COLUMNS)
    assert "too large" in err


def test_16_json_output_is_always_valid(capsys, tmp_path):
    # NaN / infinity never reach the JSON (json.loads would accept them)
    path = write(tmp_path / "s.csv", "c,d,a\nA,2025-01-01,10\nB,2025-01-01,20\n")
    status = cli.main(["analyze", str(path), *COLUMNS])
    text = capsys.readouterr().out
    assert status == 0
    json.loads(text, parse_constant=lambda c: pytest.fail(f"invalid JSON constant {c}"))


def test_17_outputs_never_overwrite_the_input(tmp_path, capsys, demo_file):
    victim = tmp_path / "victim.csv"
    victim.write_bytes(demo_file.read_bytes())
    before = victim.read_bytes()
    for argv in (
        (
            "analyze",
            victim,
            *DEMO_COLUMNS,
            "--out",
            victim,
        ),
        (
            "bgnbd",
            victim,
            *DEMO_COLUMNS[:4],
            "--until",
            "2025-06-30",
            "--per-customer",
            tmp_path / "." / "victim.csv",
        ),
        (
            "crosssell",
            victim,
            *ORDER_COLUMNS,
            "--out",
            victim,
        ),
    ):
        err = one_line_error(capsys, *argv)
        assert "is the input file" in err
    assert victim.read_bytes() == before


def test_17_output_extensions_match_what_is_written(tmp_path, capsys, demo_file):
    err = one_line_error(
        capsys,
        "analyze",
        demo_file,
        *DEMO_COLUMNS,
        "--out",
        tmp_path / "r.csv",
    )
    assert ".xlsx" in err
    err = one_line_error(capsys, "demo-data", "--out", tmp_path / "d.xlsx")
    assert ".csv" in err
    err = one_line_error(
        capsys,
        "crosssell",
        demo_file,
        *ORDER_COLUMNS,
        "--out",
        tmp_path / "rules.xlsx",
    )
    assert ".csv" in err
    assert not list(tmp_path.iterdir())


# ------------------------------------------------------- figures and labels
def test_18_unrankable_recency_is_not_worst(tmp_path, capsys):
    same_day = write(
        tmp_path / "same.csv",
        "c,d,a\nA,2025-01-01,10\nB,2025-01-01,20\nC,2025-01-01,30\n",
    )
    frame = read_table(same_day)
    result = analyze(prepare(frame, customer="c", date="d", amount="a"))
    scores = result.customers
    assert set(scores["r_score"]) == {5}
    assert "lost" not in set(scores["segment"])
    one = write(
        tmp_path / "one.csv",
        "c,d,a\nA,2025-01-01,10\nA,2025-02-01,20\nA,2025-03-01,30\nA,2025-06-01,30\n",
    )
    result = analyze(prepare(read_table(one), customer="c", date="d", amount="a"))
    assert result.customers.loc["A", "r_score"] == 5
    assert result.customers.loc["A", "segment"] != "lost"
    messages = [w for w in result.warnings if w.code == "rfm_fixed_cuts"]
    assert {m.params["dimension"] for m in messages} >= {"recency"}


def test_18_a_customer_alone_in_a_type_cohort():
    frame = demo.transactions(300, seed=5)
    alone = frame["customer"].iloc[-1]
    frame.loc[frame["customer"] == alone, "type"] = "solo"
    transactions = prepare(
        frame, customer="customer", date="date", amount="amount", customer_type="type"
    )
    result = analyze(transactions, cohort="type")
    row = result.customers.loc[alone]
    expected = rfm.fixed_scores(
        [row["recency_days"]], rfm.DEFAULT_CUTS["recency"], higher_is_better=False
    )[0]
    assert row["r_score"] == expected
    if row["recency_days"] <= 30:
        assert row["segment"] != "lost"


def test_19_champions_with_high_churn_risk_are_explained(demo_analysis, tmp_path):
    customers = demo_analysis.customers
    good = customers["segment"].isin(
        ["champions", "loyal", "potential_loyalist", "new", "promising"]
    )
    high = good & (customers["churn_probability"] >= 0.5)
    assert high.sum() > 0
    notes = customers["churn_note"]
    repeat = customers["frequency"] > 0
    assert (notes[high & repeat] == "churn_disagrees_segment").all()
    assert (notes[high & ~repeat] == "churn_disagrees_segment_once").all()
    assert (
        notes[~high].isin(["", "churn_low_for_segment", "churn_low_for_segment_once"])
    ).all()
    high &= repeat
    row = customers.loc[high].iloc[0]
    note = row["churn_note_text"]
    assert str(int(row["recency_days"])) in note
    message = analysis.churn_note(row)
    assert message.code == "churn_disagrees_segment"
    assert message.params["silence_days"] == int(row["recency_days"])
    assert str(message) == note
    summary = demo_analysis.json_summary()
    assert summary["churn_notes"]["churn_disagrees_segment"] == int(high.sum())
    assert message.params["usual_interval_days"] == max(
        1, round(row["t_x"] * 7 / row["frequency"])
    )
    path = tmp_path / "r.xlsx"
    with XlsxExporter(path) as exporter:
        write_analysis(exporter, demo_analysis)
    sheet = openpyxl.load_workbook(path, read_only=True)["Customers"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert "Note" in header


def test_20_projection_revenue_covers_one_time_buyers(demo_analysis):
    scoring = demo_analysis.scoring
    revenue = scoring.projection.revenue
    once = (demo_analysis.customers["frequency"] == 0).to_numpy()
    if scoring.gammagamma.params["q"] <= 1:
        assert not np.isnan(revenue[once]).any()
        assert "projection_spend_mean" in [w.code for w in demo_analysis.warnings]
    # forced case: a spend model with q <= 1
    spend = np.full(len(once), np.nan)
    spend[~once] = 10.0
    projection = churn.project(
        scoring.churn,
        demo_analysis.summary,
        spend,
        as_of=demo_analysis.as_of,
        unit="week",
    )
    assert np.isnan(projection.revenue[once]).all()  # project() itself is unchanged


def test_21_tracking_covers_a_partial_last_week(demo_file, capsys):
    out = analyze_file(
        capsys,
        demo_file,
        "--holdout-days",
        "34",
        customer="customer",
        date="date",
        amount="amount",
    )
    tracking = out["tracking"]
    assert len(tracking) == 5
    assert tracking[-1]["end"] == out["as_of"]
    chosen = next(c for c in out["model_selection"]["candidates"] if c["chosen"])
    assert tracking[-1]["actual_cumulative"] == chosen["holdout_actual"]
    assert tracking[-1]["predicted_cumulative"] == pytest.approx(
        chosen["holdout_predicted"], rel=1e-3
    )


def test_22_error_rows_are_file_lines(tmp_path, capsys):
    cases = [
        (
            "nohdr.csv",
            "A;01/02/2025;10\nB;03/04/2025;20\nA;31/13/2025;5\n",
            ("--no-header",),
            "row 3",
        ),
        (
            "blank.csv",
            "c;d;a\nA;01/02/2025;10\n\nB;03/04/2025;20\n\n\nA;xx/06/2025;5\n",
            (),
            "row 7",
        ),
        ("amount.csv", "c;d;a\nA;01/02/2025;10\n\nB;03/04/2025;zz\n", (), "row 4"),
    ]
    for name, text, extra, where in cases:
        path = write(tmp_path / name, text)
        names = ("1", "2", "3") if extra else ("c", "d", "a")
        err = one_line_error(
            capsys,
            "analyze",
            path,
            "--customer",
            names[0],
            "--date",
            names[1],
            "--amount",
            names[2],
            *extra,
        )
        assert f"{where}:" in err, (name, err)
    book = xlsx(
        tmp_path / "blank.xlsx",
        [
            ("c", "d", "a"),
            ("A", "2025-01-01", 10),
            (None, None, None),
            ("B", "2025-13-45", 5),
        ],
    )
    err = one_line_error(capsys, "analyze", book, *COLUMNS)
    assert "row 4:" in err
    extra = write(tmp_path / "extra.csv", "c;d;a\nA;01/02/2025;10;9\nB;03/04/2025;20\n")
    err = one_line_error(capsys, "analyze", extra, *COLUMNS)
    assert "line 2" in err and "4 fields" in err


def test_23_delimiter_sniffing_ignores_quoted_separators(tmp_path):
    path = write(
        tmp_path / "sniff.csv",
        'Cliente;Fecha;"Importe (€, IVA, incl.)"\n'
        "A;01/02/2025;10,5\nB;13/02/2025;20,5\n",
    )
    frame = read_table(path)
    assert list(frame.columns) == ["Cliente", "Fecha", "Importe (€, IVA, incl.)"]


def test_24_duplicates_compare_whole_rows(tmp_path):
    path = write(
        tmp_path / "dup.csv",
        "c,d,a\nA,2025-01-01,10\nA,2025-01-01,-10\nB,2025-01-02,5\nB,2025-01-02,5\n",
    )
    transactions = prepare(read_table(path), customer="c", date="d")
    (dup,) = [w for w in transactions.warnings if w.code == "duplicate_rows"]
    assert dup.params == {"rows": 1, "row": 5}


def test_25_options_that_would_be_ignored_are_refused(demo_file, capsys):
    err = one_line_error(
        capsys,
        "analyze",
        demo_file,
        *DEMO_COLUMNS,
        "--per-type",
    )
    assert "--per-type" in err and "--type" in err
    err = one_line_error(
        capsys,
        "analyze",
        demo_file,
        *DEMO_COLUMNS,
        "--sheet",
        "Hoja1",
    )
    assert "--sheet" in err
    err = one_line_error(
        capsys,
        "crosssell",
        demo_file,
        *ORDER_COLUMNS,
        "--min-support",
        "nan",
    )
    assert "a year" not in err and "0.05 is 5%" in err


# ------------------------------------------------------------- limitations
def test_excel_sep_line_utf16_and_other_spreadsheets(tmp_path, capsys):
    sep = write(
        tmp_path / "sep.csv", "sep=;\nc;d;a\nA;01/02/2025;10,5\nB;13/02/2025;2\n"
    )
    frame = read_table(sep)
    assert list(frame.columns) == ["c", "d", "a"]
    bad = write(tmp_path / "sepbad.csv", "sep=;\nc;d;a\nA;01/02/2025;10,5\nB;xx;2\n")
    err = one_line_error(capsys, "analyze", bad, *COLUMNS)
    assert "row 4:" in err
    utf16 = tmp_path / "u16.csv"
    utf16.write_bytes(
        codecs.BOM_UTF16_LE + "c;d;a\nMuñoz;01/02/2025;10\n".encode("utf-16-le")
    )
    frame = read_table(utf16)
    assert frame["c"].tolist() == ["Muñoz"]
    for suffix in (".xls", ".ods"):
        path = tmp_path / f"old{suffix}"
        path.write_bytes(b"\xd0\xcf\x11\xe0 not really")
        err = one_line_error(capsys, "analyze", path, *COLUMNS)
        assert "save it as .xlsx or .csv" in err


# --------------------------------------------------------- issue 7 acceptance
def test_projection_per_salesperson_in_the_json_and_the_report(tmp_path, capsys):
    frame = demo.transactions(300, seed=9)
    frame["comercial"] = np.where(frame.index % 3 == 0, "Ana", "Luis")
    path = tmp_path / "ventas.csv"
    frame.to_csv(path, index=False)
    report = tmp_path / "informe.xlsx"
    out = analyze_file(
        capsys,
        path,
        "--salesperson",
        "comercial",
        "--out",
        report,
        customer="customer",
        date="date",
        amount="amount",
    )
    by = pd.DataFrame(out["projection"]["by_salesperson"])
    assert set(by["salesperson"]) <= {"Ana", "Luis"}
    total = pd.DataFrame(out["projection"]["total"])
    assert by["revenue"].sum() == pytest.approx(total["revenue"].sum(), rel=1e-6)
    # a customer's salesperson is the one of their last transaction
    last = frame.sort_values("date", kind="stable").groupby("customer").last()
    transactions = prepare(
        frame,
        customer="customer",
        date="date",
        amount="amount",
        salesperson="comercial",
    )
    result = analyze(transactions)
    assert (
        result.customers["salesperson"]
        == last["comercial"].reindex(result.customers.index)
    ).all()
    sheet = openpyxl.load_workbook(report, read_only=True)["Projection"]
    texts = {
        c
        for row in sheet.iter_rows(values_only=True)
        for c in row
        if isinstance(c, str)
    }
    assert "Revenue per salesperson and month" in texts
    assert "Revenue per segment and month" in texts
    assert {"Ana", "Luis"} <= texts
