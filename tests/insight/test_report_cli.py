"""The XLSX report (text-safe) and the command line (JSON out, one-line errors)."""

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from crm_insight import cli, demo, rfm
from crm_insight.analysis import analyze
from crm_insight.data import prepare
from crm_insight.report import XlsxExporter, write_analysis

HOSTILE = ['=HYPERLINK("http://evil","x")', "+34 600 000 000", "-2+3", "@SUM(A1)"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    frame = demo.transactions(300, seed=7)
    customers = frame["customer"].unique()
    for i, name in enumerate(HOSTILE):
        frame.loc[frame["customer"] == customers[i], "customer"] = name
    path = tmp_path_factory.mktemp("data") / "sales.csv"
    frame.to_csv(path, index=False)
    return path


def test_report_keeps_formula_like_text_as_text(sample, tmp_path):
    frame = pd.read_csv(sample, dtype=str)
    transactions = prepare(
        frame, customer="customer", date="date", amount="amount", customer_type="type"
    )
    result = analyze(transactions)
    out = tmp_path / "report.xlsx"
    with XlsxExporter(out) as exporter:
        write_analysis(exporter, result)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Summary",
        "R x F",
        "Segments",
        "Customers",
        "Churn models",
        "Tracking",
        "Projection",
    ]
    sheet = book["Customers"]
    names = {}
    for row in sheet.iter_rows(min_row=2, max_col=1):
        cell = row[0]
        names[cell.value] = cell.data_type
    for name in HOSTILE:
        assert names[name] == "s", name  # a string, not a formula ('f') or number
    segments = book["Segments"]
    assert segments["A1"].value == "Segment"
    assert sum(
        row[1].value for row in segments.iter_rows(min_row=2, max_row=12)
    ) == len(result.customers)
    assert book["Segments"]._charts, "the segment chart is there"
    assert book["Tracking"]._charts and book["Projection"]._charts
    tracking = result.scoring.tracking
    assert book["Tracking"]["A3"].value == "Week"
    assert book["Tracking"].max_row == 3 + len(tracking)
    models = book["Churn models"]
    assert [models.cell(row=6 + i, column=1).value for i in range(3)] == [
        "Pareto/NBD",
        "MBG/NBD",
        "BG/NBD",
    ]
    grid = book["R x F"]
    assert grid["B2"].value == "F = 1"
    assert grid["A3"].value == "R = 5"


def test_in_memory_exporter_and_sheet_names():
    with XlsxExporter() as exporter:
        sheet = exporter.sheet("a/b:c*d?e[f]g" * 5)
        exporter.write(sheet, 0, 0, "=1+1")
        exporter.write(sheet, 0, 1, float("nan"))
    data = exporter.getvalue()
    import io

    book = openpyxl.load_workbook(io.BytesIO(data))
    name = book.sheetnames[0]
    assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
    assert book[name]["A1"].data_type == "s"
    assert book[name]["A1"].value == "=1+1"


def test_analyze_command(sample, tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    status = cli.main(
        [
            "analyze",
            str(sample),
            "--customer",
            "customer",
            "--date",
            "date",
            "--amount",
            "amount",
            "--type",
            "type",
            "--per-type",
            "--out",
            str(out),
        ]
    )
    assert status == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["customers"] == 300
    assert sum(summary["segments"].values()) == 300
    assert set(summary["segments"]) <= set(rfm.SEGMENTS)
    assert 0 <= summary["churn_rate"] <= 1
    assert isinstance(summary["warnings"], list)
    # --per-type: one set of cut points per customer type of the file
    types = set(pd.read_csv(sample, dtype=str)["type"])
    assert set(summary["cut_points"]) == types
    assert out.exists()


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (
            "customer,date,amount\nA,2026-01-01,1\n",
            ["--customer", "client"],
            "column 'client' (customer) not found",
        ),
        ("customer,date,amount\nA,someday,1\n", [], "row 2: unparsable date 'someday'"),
        ("", [], "the file is empty"),
        ("customer,date,amount\n", [], "no data rows"),
        (
            "customer,date,amount\nA,2026-01-01,lots\n",
            [],
            "amount 'lots' is not a number",
        ),
    ],
)
def test_bad_input_gives_one_line_and_status_2(tmp_path, content, args, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    base = {"--customer": "customer", "--date": "date", "--amount": "amount"}
    for key, value in zip(args[::2], args[1::2], strict=True):
        base[key] = value
    argv = [sys.executable, "-m", "crm_insight.cli", "analyze", str(path)]
    for key, value in base.items():
        argv += [key, value]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert message in lines[0]
    assert "Traceback" not in proc.stderr


def test_bad_options_and_demo_data(tmp_path, capsys):
    assert (
        cli.main(
            ["bgnbd", "x.csv", "--customer", "c", "--date", "d", "--until", "soon"]
        )
        == 2
    )
    assert "--until: 'soon' is not a date" in capsys.readouterr().err
    assert (
        cli.main(
            [
                "bgnbd",
                "x.csv",
                "--customer",
                "c",
                "--date",
                "d",
                "--until",
                "2026-01-01",
            ]
        )
        == 2
    )
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["analyze"])
    assert exit_info.value.code == 2
    out = tmp_path / "demo.csv"
    assert cli.main(["demo-data", "--out", str(out), "--customers", "50"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["customers"] == 50
    assert (
        cli.main(
            [
                "analyze",
                str(out),
                "--customer",
                "customer",
                "--date",
                "date",
                "--amount",
                "amount",
            ]
        )
        == 0
    )


def test_installed_console_script():
    # beside the interpreter running the tests, not on PATH: a venv's python
    # run without activating the venv still finds its own scripts (issue 8)
    script = Path(sys.executable).parent / "crm-insight"
    assert script.exists(), f"crm-insight is not installed beside {sys.executable}"
    proc = subprocess.run(
        [str(script), "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert "analyze" in proc.stdout and "demo-data" in proc.stdout
