"""Issue 7: real Spanish exports read right, every option validated, outputs
safe and whole. The files are in tests/insight/data (a few lines each)."""

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from crm_insight import cli, demo, report
from crm_insight.data import InputError, parse_date_value, prepare, read_table

DATA = Path(__file__).parent / "data"
SPANISH = DATA / "ventas_es_cp1252.csv"


def _frame(rows, columns=("customer", "date", "amount")):
    return pd.DataFrame(rows, columns=list(columns)).astype(str)


def _codes(warnings):
    return [getattr(w, "code", None) for w in warnings]


def test_cp1252_semicolons_day_first_and_spanish_thousands():
    frame = read_table(SPANISH)
    assert list(frame.columns) == ["cliente", "fecha", "importe", "tipo"]
    assert "Muñoz Pérez S.L." in set(frame["cliente"])
    transactions = prepare(
        frame, customer="cliente", date="fecha", amount="importe", customer_type="tipo"
    )
    codes = _codes(transactions.warnings)
    assert codes[0] == "encoding_cp1252"
    assert "duplicate_rows" in codes and "amounts_format" in codes
    duplicate = next(w for w in transactions.warnings if w.code == "duplicate_rows")
    assert duplicate.params == {"rows": 1, "row": 4}
    out = transactions.frame
    munoz = out[out["customer"] == "Muñoz Pérez S.L."]
    # 03/01/2025 is 3 January (17/02 proves day first for the whole column)
    assert munoz["date"].dt.strftime("%Y-%m-%d").tolist()[0] == "2025-01-03"
    assert munoz["amount"].tolist() == [1234.56, 1000.0, 1000.0]
    ibanez = out[out["customer"] == "Ferretería Ibáñez"]["amount"].tolist()
    assert ibanez == [2500.0, 7500.0, 45.9]  # not 2.5 beside 7500
    assert str(transactions.as_of.date()) == "2025-06-12"


def test_utf8_with_bom_and_ambiguous_dates_read_day_first_with_a_warning():
    frame = read_table(DATA / "fechas_ambiguas_bom.csv")
    assert list(frame.columns) == ["cliente", "fecha", "importe"]
    transactions = prepare(frame, customer="cliente", date="fecha", amount="importe")
    days = transactions.frame["date"].dt.strftime("%Y-%m-%d").tolist()
    assert days == ["2025-02-01", "2025-04-03", "2025-06-05"]
    (warning,) = transactions.warnings
    assert warning.code == "dates_ambiguous_dayfirst"
    assert warning.params == {"column": "fecha", "example": "01/02/2025"}
    forced = prepare(
        frame,
        customer="cliente",
        date="fecha",
        amount="importe",
        date_format="%m/%d/%Y",
    )
    assert forced.frame["date"].dt.month.tolist() == [1, 3, 5]


def test_one_date_order_per_column():
    month_first = _frame([("A", "02/13/2025", "1"), ("A", "03/04/2025", "1")])
    days = prepare(month_first, customer="customer", date="date", amount="amount")
    assert days.frame["date"].dt.strftime("%m-%d").tolist() == ["02-13", "03-04"]
    mixed = _frame([("A", "13/02/2025", "1"), ("A", "02/13/2025", "1")])
    with pytest.raises(InputError, match=r"mixes date orders: row 2 .* row 3"):
        prepare(mixed, customer="customer", date="date", amount="amount")


def test_timestamps_with_offsets_are_converted_to_utc():
    frame = read_table(DATA / "timestamps_offsets.csv")
    transactions = prepare(frame, customer="customer", date="date", amount="amount")
    days = transactions.frame["date"].dt.strftime("%Y-%m-%d").tolist()
    # 23:30+01:00 and 00:30+02:00 are both 22:30 UTC on 29 March
    assert days == ["2025-03-29", "2025-03-29", "2025-10-25", "2025-10-26"]
    assert transactions.warnings[0].code == "dates_utc"


def test_number_formats_inferred_refused_or_forced():
    ambiguous = _frame([("A", "2025-01-01", "1.000"), ("A", "2025-01-02", "2.500")])
    with pytest.raises(InputError, match=r"row 2 '1.000' could be Spanish"):
        prepare(ambiguous, customer="customer", date="date", amount="amount")
    spanish = prepare(
        ambiguous, customer="customer", date="date", amount="amount", number_format="es"
    )
    assert spanish.frame["amount"].tolist() == [1000.0, 2500.0]
    english = _frame([("A", "2025-01-01", "1,000"), ("A", "2025-01-02", "12.75")])
    read = prepare(english, customer="customer", date="date", amount="amount")
    assert read.frame["amount"].tolist() == [1000.0, 12.75]
    contradictory = _frame(
        [
            ("A", "2025-01-01", "7,50"),
            ("A", "2025-01-02", "3"),
            ("A", "2025-01-03", "7.5"),
        ]
    )
    with pytest.raises(InputError, match=r"row 2 '7,50' .* row 4 '7.5'"):
        prepare(contradictory, customer="customer", date="date", amount="amount")


def test_until_is_day_first_and_validated():
    assert str(parse_date_value("01/02/2025", "--until").date()) == "2025-02-01"
    assert str(parse_date_value("2025-02-01", "--until").date()) == "2025-02-01"
    for bad in ("", "  ", "31/02/2025", "soon"):
        with pytest.raises(InputError, match="--until"):
            parse_date_value(bad, "--until")


def _run(args):
    proc = subprocess.run(
        [sys.executable, "-m", "crm_insight.cli", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc


SPANISH_ARGS = ["--customer", "cliente", "--date", "fecha", "--amount", "importe"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--date-format", "%Q"], "unknown directive %Q"),
        (["--horizon-days", "nan"], "finite number above 0"),
        (["--horizon-days", "inf"], "finite number above 0"),
        (["--horizon-days", "-1"], "finite number above 0"),
        (["--discount-rate", "nan"], "between 0 and 1"),
        (["--discount-rate", "10"], "between 0 and 1"),
        (["--as-of", ""], "--as-of: empty date"),
        (["--encoding", "klingon"], "unknown encoding 'klingon'"),
        (["--out", "/no/such/folder/report.xlsx"], "--out: no folder /no/such/folder"),
    ],
)
def test_bad_options_one_line_status_2(extra, message):
    proc = _run(["analyze", str(SPANISH), *SPANISH_ARGS, *extra])
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_until_empty_and_out_checked_before_the_analysis(tmp_path, monkeypatch):
    proc = _run(["bgnbd", str(SPANISH), *SPANISH_ARGS, "--until", ""])
    assert proc.returncode == 2 and "--until: empty date" in proc.stderr
    ran = []
    monkeypatch.setattr(cli, "analyze", lambda *a, **k: ran.append(1))
    status = cli.main(
        [
            "analyze",
            str(SPANISH),
            *SPANISH_ARGS,
            "--out",
            str(tmp_path / "no" / "r.xlsx"),
        ]
    )
    assert status == 2 and not ran


def test_per_customer_csv_escapes_formulas(tmp_path, capsys):
    frame = demo.transactions(200, seed=3)
    first, second = frame["customer"].unique()[:2]
    frame.loc[frame["customer"] == first, "customer"] = "=cmd|' /C calc'!A0"
    frame.loc[frame["customer"] == second, "customer"] = "@SUM(A1)"
    source = tmp_path / "sales.csv"
    frame.to_csv(source, index=False)  # hostile names as they come
    out = tmp_path / "per_customer.csv"
    status = cli.main(
        [
            "paretonbd",
            str(source),
            "--customer",
            "customer",
            "--date",
            "date",
            "--until",
            "31/12/2025",
            "--per-customer",
            str(out),
        ]
    )
    summary = json.loads(capsys.readouterr().out)
    assert status == 0 and summary["status"] == "ok"
    assert set(summary) >= {"r", "alpha", "s", "beta", "loglik", "customers"}
    text = out.read_text()
    assert "\n'=cmd|' /C calc'!A0," in text and "\n'@SUM(A1)," in text
    assert "\n=cmd" not in text and "\n@SUM" not in text


def test_csv_writer_escapes_every_formula_start(tmp_path):
    # the CSV writer itself, whatever the fit says
    frame = pd.DataFrame(
        {
            "customer": ["=1+1", "+34 600", "-2", "@x", "\tTab", "\rCR", "Ana"],
            "n": range(7),
        }
    )
    report.write_csv(frame, tmp_path / "safe.csv")
    lines = (tmp_path / "safe.csv").read_text().splitlines()
    assert lines[1:3] == ["'=1+1,0", "'+34 600,1"]
    assert lines[3] == "'-2,2" and lines[4] == "'@x,3" and lines[-1] == "Ana,6"
    assert (tmp_path / "safe.csv").read_text().count("'\t") == 1


def test_customers_continue_on_a_second_sheet(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "MAX_ROWS", 6)  # header + 5 customers a sheet
    customers = pd.DataFrame(
        {"recency_days": range(12), "segment": ["lost"] * 12},
        index=pd.Index([f"C{i:02d}" for i in range(12)], name="customer"),
    )
    path = tmp_path / "long.xlsx"
    with report.XlsxExporter(path) as exporter:
        report.write_customers(exporter, customers)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Customers", "Customers (2)", "Customers (3)"]
    names = [
        row[0]
        for sheet in book.worksheets
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert names == list(customers.index)
    assert book["Customers (3)"]["A1"].value == "Customer"


def test_spreadsheet_cells_keep_their_types(tmp_path):
    import datetime

    import xlsxwriter

    path = tmp_path / "ventas.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ventas")
    sheet.write_row(0, 0, ["cliente", "fecha", "importe"])
    sheet.write_row(1, 0, ["Ana", "13/02/2025", "1.234,56"])
    sheet.write(2, 0, "Ana")
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_datetime(2, 1, datetime.datetime(2025, 3, 4), day)
    sheet.write_number(2, 2, 1234.5)  # a number cell: no format to infer
    book.close()
    transactions = prepare(
        read_table(path), customer="cliente", date="fecha", amount="importe"
    )
    days = transactions.frame["date"].dt.strftime("%Y-%m-%d").tolist()
    assert days == ["2025-02-13", "2025-03-04"]
    assert transactions.frame["amount"].tolist() == [1234.56, 1234.5]
