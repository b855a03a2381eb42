"""Reading and cleaning transactions; per-customer figures."""

import pandas as pd
import pytest
import xlsxwriter

from crm_insight.data import InputError, prepare, read_table, summarize


def _frame(rows, columns=("customer", "date", "amount")):
    return pd.DataFrame(rows, columns=list(columns)).astype(str)


def test_summary_of_a_hand_example():
    frame = _frame(
        [
            ("A", "2026-01-01", "10"),
            ("A", "2026-01-01", "5"),  # same day: one purchase worth 15
            ("A", "2026-01-15", "30"),
            ("A", "2026-01-20", "-10"),  # refund: netted, not a purchase
            ("B", "2026-01-29", "0"),  # a free order is a purchase
            ("C", "2026-01-10", "-4"),  # refunds only: left out
        ]
    )
    transactions = prepare(
        frame, customer="customer", date="date", amount="amount", as_of="2026-01-29"
    )
    summary = summarize(transactions, unit="week")
    assert list(summary.index) == ["A", "B"]
    a = summary.loc["A"]
    assert (a.purchases, a.frequency, a.recency_days, a.tenure_days) == (2, 1, 14, 28)
    assert a.monetary == 35.0
    assert a.avg_repeat_value == 30.0  # the refund fell on a day of its own
    assert a["t_x"] == pytest.approx(2.0) and a["T"] == pytest.approx(4.0)
    assert summary.loc["B", "purchases"] == 1
    assert any("refund" in w for w in transactions.warnings)
    assert any("refunds only left out" in w for w in transactions.warnings)


def test_a_refund_on_the_day_of_a_purchase():
    """A day with a purchase and a larger refund is still a purchase day (of
    negative value); a day of refunds only is not one, whatever the order of
    the rows."""
    frame = _frame(
        [
            ("A", "2026-01-05", "-50"),
            ("A", "2026-01-05", "20"),
            ("A", "2026-01-01", "10"),
            ("A", "2026-01-09", "-3"),
            ("A", "2026-01-09", "-4"),
            ("B", "2026-01-09", "0"),
            ("B", "2026-01-02", "-1"),
        ]
    )
    transactions = prepare(
        frame, customer="customer", date="date", amount="amount", as_of="2026-01-10"
    )
    summary = summarize(transactions)
    a = summary.loc["A"]
    assert (a.purchases, a.recency_days, a.tenure_days) == (2, 5, 9)
    assert a.avg_repeat_value == -30.0 and a.monetary == -27.0
    b = summary.loc["B"]
    assert (b.purchases, b.tenure_days, b.monetary) == (1, 1, -1.0)


def test_fractional_weeks():
    frame = _frame([("A", "2026-01-01", "1"), ("A", "2026-01-11", "1")])
    summary = summarize(
        prepare(
            frame, customer="customer", date="date", amount="amount", as_of="2026-01-15"
        ),
        unit="week",
    )
    assert summary.loc["A", "t_x"] == pytest.approx(10 / 7)
    assert summary.loc["A", "T"] == pytest.approx(2.0)


def test_rows_after_the_as_of_date_are_ignored():
    frame = _frame([("A", "2026-01-01", "1"), ("A", "2026-03-01", "1")])
    transactions = prepare(
        frame, customer="customer", date="date", amount="amount", as_of="2026-02-01"
    )
    assert len(transactions.frame) == 1
    assert transactions.warnings == ["1 row(s) dated after 2026-02-01 ignored"]


def test_missing_column_names_the_columns_available():
    frame = _frame([("A", "2026-01-01", "1")])
    with pytest.raises(
        InputError,
        match=(
            r"column 'client' \(customer\) not found; "
            r"the file has: customer, date, amount"
        ),
    ):
        prepare(frame, customer="client", date="date", amount="amount")


def test_unparsable_date_names_the_row():
    frame = _frame(
        [("A", "2026-01-01", "1"), ("B", "not a date", "2"), ("C", "31/31/2026", "3")]
    )
    with pytest.raises(
        InputError, match=r"row 3: unparsable date 'not a date'.*2 bad date"
    ):
        prepare(frame, customer="customer", date="date", amount="amount")


def test_bad_amount_and_missing_customer():
    with pytest.raises(InputError, match=r"row 2: amount 'ten' is not a number"):
        prepare(
            _frame([("A", "2026-01-01", "ten")]),
            customer="customer",
            date="date",
            amount="amount",
        )
    with pytest.raises(InputError, match=r"row 2: no customer"):
        prepare(
            _frame([("", "2026-01-01", "1")]),
            customer="customer",
            date="date",
            amount="amount",
        )


def test_decimal_comma_and_currency_symbols():
    # one number format per column (issue 7): a Spanish column, an English one
    spanish = _frame([("A", "2026-01-01", "1.234,50 €"), ("A", "2026-01-02", "12,5")])
    transactions = prepare(spanish, customer="customer", date="date", amount="amount")
    assert transactions.frame["amount"].tolist() == [1234.5, 12.5]
    english = _frame([("A", "2026-01-03", "1,000.25"), ("A", "2026-01-04", "$7.5")])
    transactions = prepare(english, customer="customer", date="date", amount="amount")
    assert transactions.frame["amount"].tolist() == [1000.25, 7.5]
    mixed = _frame([("A", "2026-01-01", "1.234,50 €"), ("A", "2026-01-03", "1,000.25")])
    with pytest.raises(InputError, match=r"mixes number formats: row 2 .* row 3"):
        prepare(mixed, customer="customer", date="date", amount="amount")


def test_date_formats():
    frame = _frame([("A", "19970101", "1"), ("A", "19970108", "1")])
    transactions = prepare(frame, customer="customer", date="date", amount="amount")
    assert str(transactions.as_of.date()) == "1997-01-08"
    frame = _frame([("A", "31/01/2026", "1")])
    transactions = prepare(
        frame, customer="customer", date="date", amount="amount", date_format="%d/%m/%Y"
    )
    assert str(transactions.as_of.date()) == "2026-01-31"


def test_empty_inputs(tmp_path):
    with pytest.raises(InputError, match="no rows"):
        prepare(_frame([]), customer="customer", date="date", amount="amount")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(InputError, match="the file is empty"):
        read_table(empty)
    header_only = tmp_path / "header.csv"
    header_only.write_text("customer,date,amount\n")
    with pytest.raises(InputError, match="no data rows"):
        read_table(header_only)
    with pytest.raises(InputError, match="no such file"):
        read_table(tmp_path / "missing.csv")


def test_read_table_detects_separators_and_spreadsheets(tmp_path):
    semicolon = tmp_path / "es.csv"
    semicolon.write_text("cliente;fecha;importe\nA;2026-01-01;12,5\n", encoding="utf-8")
    frame = read_table(semicolon)
    assert list(frame.columns) == ["cliente", "fecha", "importe"]
    xlsx = tmp_path / "data.xlsx"
    book = xlsxwriter.Workbook(xlsx)
    sheet = book.add_worksheet("Ventas")
    sheet.write_row(0, 0, ["c", "d", "a"])
    sheet.write_row(1, 0, ["A", "2026-01-01", 3])
    book.close()
    frame = read_table(xlsx)
    assert list(frame.columns) == ["c", "d", "a"]
    assert frame.iloc[0].tolist() == ["A", "2026-01-01", 3]
    with pytest.raises(InputError, match="no sheet 'Hoja1'"):
        read_table(xlsx, sheet="Hoja1")
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"not a spreadsheet at all")
    with pytest.raises(InputError, match="cannot be read"):
        read_table(garbage)
