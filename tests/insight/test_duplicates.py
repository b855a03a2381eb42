"""Duplicate rows: the rows of a file that repeat an earlier row exactly, cell
by cell as written, found fast (a key per row, then a cell-by-cell check of
the rows whose key repeats)."""

import numpy as np
import pandas as pd
import pytest

from crm_insight import data
from crm_insight.data import prepare, read_table


def _duplicate(transactions):
    found = [w for w in transactions.warnings if w.code == "duplicate_rows"]
    return found[0].params if found else None


def _prepare_file(tmp_path, text):
    """prepare() of a CSV file holding ``text`` (columns cliente, fecha,
    importe)."""
    path = tmp_path / "dup.csv"
    path.write_text(text, encoding="utf-8")
    return prepare(read_table(path), customer="cliente", date="fecha", amount="importe")


def _hostile_frame(rows=3000, seed=3):
    """Few distinct values per column (so that many rows repeat), in every
    kind of column a caller or a spreadsheet may give: -0.0 beside 0.0, NaN,
    NaT, missing text, numbers beside text, time zones, categories."""
    rng = np.random.default_rng(seed)
    pick = rng.integers
    floats = np.array([0.0, -0.0, np.nan, 1.5, 10.0])[pick(0, 5, rows)]
    days = np.array(["2025-01-01", "2025-01-02", "NaT"], dtype="datetime64[ns]")
    mixed = np.array([1, 1.0, "1", None, np.nan, "a", True], dtype=object)
    texts = np.array(["A", "A ", None, "B"], dtype=object)
    return pd.DataFrame(
        {
            "int": pick(-2, 2, rows),
            "float": floats,
            "day": days[pick(0, 3, rows)],
            "text": texts[pick(0, 4, rows)],
            "mixed": mixed[pick(0, 7, rows)],
            "zoned": pd.to_datetime(["2025-01-01 10:00"] * rows).tz_localize(
                "Europe/Madrid"
            ),
            "category": pd.Categorical(np.array(["x", "y"])[pick(0, 2, rows)]),
            "flag": pick(0, 2, rows).astype(bool),
            "nullable": pd.array(
                np.where(pick(0, 3, rows) == 0, None, pick(0, 2, rows)), dtype="Int64"
            ),
        }
    )


def test_the_same_rows_as_pandas_on_every_kind_of_column():
    frame = _hostile_frame()
    expected = frame.duplicated().to_numpy()
    assert 0 < expected.sum() < len(frame)
    found = data._duplicated_rows(frame)
    assert (found == expected).all()
    # a header written twice and another index do not change the answer
    renamed = frame.set_axis(["c"] * frame.shape[1], axis=1)
    renamed.index = np.arange(len(frame))[::-1] * 7
    assert (data._duplicated_rows(renamed) == expected).all()


def test_rows_sharing_a_key_are_compared_cell_by_cell(monkeypatch):
    """Equal keys only make rows suspects: with every key equal (the worst
    case of a key shared by different rows) the answer is still exact."""
    frame = _hostile_frame(rows=500, seed=8)
    monkeypatch.setattr(
        data, "_cell_keys", lambda values, parsed=None: np.zeros(len(values), "u8")
    )
    found = data._duplicated_rows(frame)
    assert (found == frame.duplicated().to_numpy()).all()


def test_no_rows_repeat():
    frame = pd.DataFrame({"c": [1, 2, 3], "d": ["x", "x", "x"]})
    assert not data._duplicated_rows(frame).any()
    assert not data._duplicated_rows(frame.iloc[:1]).any()


def test_a_repeated_row_of_a_file_is_reported_with_its_line(tmp_path):
    transactions = _prepare_file(
        tmp_path,
        "cliente;fecha;importe;pedido\n"
        "A;01/02/2025;1.234,56;P1\n"
        "B;13/02/2025;7,50;P2\n"
        "A;01/02/2025;1.234,56;P1\n"
        "A;01/02/2025;1.234,56;P1\n",
    )
    assert _duplicate(transactions) == {"rows": 2, "row": 4}


def test_rows_equal_only_once_parsed_are_not_repeats(tmp_path):
    """Two rows that read as the same purchase but are written differently in
    the file (1.234,56 and 1234,56; 01/02/2025 and 2025-02-01; another time
    of the same day) are not copies of one row: they are kept and not
    reported, like rows that differ in a column the analysis does not use."""
    transactions = _prepare_file(
        tmp_path,
        "cliente;fecha;importe\n"
        "A;01/02/2025;1.234,56\n"
        "A;01/02/2025;1234,56\n"
        "A;2025-02-01;1.234,56\n"
        "A;01/02/2025 10:00;1.234,56\n"
        "A;01/02/2025 11:00;1.234,56\n"
        "B;13/02/2025;7,50\n",
    )
    assert _duplicate(transactions) is None
    frame = transactions.frame
    assert len(frame) == 6
    assert frame.loc[frame["customer"] == "A", "amount"].tolist() == [1234.56] * 5
    assert frame["date"].dt.strftime("%Y-%m-%d").nunique() == 2


@pytest.mark.parametrize(
    ("second", "expected"),
    [("P2", None), ("P1", {"rows": 1, "row": 3})],
)
def test_a_column_the_analysis_does_not_use_still_counts(tmp_path, second, expected):
    transactions = _prepare_file(
        tmp_path,
        f"cliente,fecha,importe,pedido\nA,2025-02-01,10,P1\nA,2025-02-01,10,{second}\n",
    )
    assert _duplicate(transactions) == expected


def test_typed_frames_compare_values():
    """A frame of numbers and dates (from Odoo or a program) compares values:
    -0.0 is 0.0, a date with a time is not the same day at midnight."""
    frame = pd.DataFrame(
        {
            "customer": [7, 7, 7, 7],
            "date": pd.to_datetime(
                ["2025-02-01", "2025-02-01", "2025-02-01 10:00", "2025-02-01"],
                format="ISO8601",
            ),
            "amount": [0.0, -0.0, 0.0, 5.0],
        }
    )
    transactions = prepare(frame, customer="customer", date="date", amount="amount")
    assert _duplicate(transactions) == {"rows": 1, "row": 3}
