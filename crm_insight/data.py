"""Reading transaction files and turning transactions into per-customer figures.

Conventions, used by every model of the package:

* A *purchase* is a customer-day with at least one transaction that is not a
  refund: several transactions of one customer on one day are one purchase
  (worth their sum); a free order (amount 0) is a purchase too.
* *Refunds* (negative amounts) are netted into the customer's spend: they lower
  ``monetary`` and the value of the day they fall on, they never count as a
  purchase themselves. A customer with refunds only is left out, with a warning.
* Time is counted in days. ``recency_days`` is the number of days from the last
  purchase to the as-of date. For the BG/NBD model ``t_x`` and ``T`` are
  expressed in the chosen unit: a week is 7 days, fractional.
* Transactions after the as-of date are ignored, with a warning.
"""

import csv
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

UNIT_DAYS = {"day": 1.0, "week": 7.0}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


class InputError(ValueError):
    """Bad input, explained in one line for the person who supplied it."""


@dataclass
class Transactions:
    """Clean transactions: one row per input row that was kept."""

    frame: pd.DataFrame  # columns: customer, date (datetime64[ns], day), amount, type
    as_of: pd.Timestamp
    warnings: list = field(default_factory=list)


# --------------------------------------------------------------------- reading
def read_table(path, *, sep=None, header=True, sheet=None):
    """Read a CSV or spreadsheet file as text columns.

    ``sep``: a delimiter, ``"whitespace"``, or None to detect ``,`` ``;`` tab
    or ``|``. Without a header, columns are named "1", "2", ... (1-based).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty")
    header_row = 0 if header else None
    try:
        if path.suffix.lower() in EXCEL_SUFFIXES:
            frame = _read_xlsx(path, sheet, header)
        else:
            delimiter = _sniff_delimiter(path) if sep is None else sep
            options = (
                {"sep": r"\s+"} if delimiter == "whitespace" else {"sep": delimiter}
            )
            frame = pd.read_csv(
                path,
                header=header_row,
                dtype=str,
                keep_default_na=False,
                skipinitialspace=True,
                **options,
            )
    except (ValueError, OSError, UnicodeDecodeError, csv.Error) as exc:
        first = (
            str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        )
        raise InputError(f"{path}: cannot be read ({first})") from None
    except pd.errors.ParserError as exc:
        raise InputError(
            f"{path}: cannot be read ({str(exc).splitlines()[0]})"
        ) from None
    if not header and path.suffix.lower() not in EXCEL_SUFFIXES:
        frame.columns = [str(i + 1) for i in range(frame.shape[1])]
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise InputError(f"{path}: the file has no data rows")
    return frame


def _read_xlsx(path, sheet, header):
    # openpyxl directly (read-only, values only): fast on big sheets and free of
    # pandas' minimum versions for its Excel engines.
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (
        InvalidFileException,
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
    ) as exc:
        raise ValueError(f"not a valid spreadsheet: {exc}") from None
    try:
        if sheet and sheet not in book.sheetnames:
            raise ValueError(
                f"no sheet '{sheet}'; sheets: {', '.join(book.sheetnames)}"
            )
        rows = list(book[sheet or book.sheetnames[0]].iter_rows(values_only=True))
    finally:
        book.close()
    rows = [row for row in rows if any(v is not None and v != "" for v in row)]
    if header and rows:
        columns = [
            str(c) if c is not None else f"column {i + 1}"
            for i, c in enumerate(rows[0])
        ]
        rows = rows[1:]
    else:
        columns = [str(i + 1) for i in range(len(rows[0]) if rows else 0)]
    return pd.DataFrame(rows, columns=columns, dtype=object)


def _sniff_delimiter(path):
    with open(path, "rb") as handle:
        sample = handle.read(65536)
    text = sample.decode("utf-8", errors="replace")
    first_line = text.splitlines()[0] if text else ""
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


# --------------------------------------------------------------------- cleaning
def _column(frame, name, role):
    if name not in frame.columns:
        available = ", ".join(map(str, frame.columns[:20]))
        raise InputError(
            f"column '{name}' ({role}) not found; the file has: {available}"
        )
    return frame[name]


def _parse_dates(values, date_format):
    if pd.api.types.is_datetime64_any_dtype(values):
        return pd.to_datetime(values).dt.normalize()
    text = values.astype(str).str.strip()
    if date_format is None and len(text) and text.str.fullmatch(r"\d{8}").all():
        date_format = "%Y%m%d"  # 19970101, as in many legacy exports
    if date_format:
        parsed = pd.to_datetime(text, format=date_format, errors="coerce")
    else:
        parsed = pd.to_datetime(text, errors="coerce", format="mixed", dayfirst=False)
    bad = parsed.isna()
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            f"row {position + 2}: unparsable date '{text.iloc[position][:40]}'"
            + (f" (expected format {date_format})" if date_format else "")
            + f"; {int(bad.sum())} bad date(s) in all"
        )
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    return parsed.dt.normalize()


def _parse_amounts(values):
    if pd.api.types.is_numeric_dtype(values):
        numbers = pd.to_numeric(values, errors="coerce")
    else:
        text = values.astype(str).str.strip().str.replace(r"[\s€$£]", "", regex=True)
        # "1.234,56" or "12,5" (decimal comma) -> "1234.56" / "12.5"
        comma = text.str.contains(",", regex=False) & ~text.str.contains(
            r"\.\d{1,2}$", regex=True
        )
        text = text.where(
            ~comma, text.str.replace(".", "", regex=False).str.replace(",", ".")
        )
        text = text.str.replace(",", "", regex=False)
        numbers = pd.to_numeric(text, errors="coerce")
    bad = numbers.isna() | ~np.isfinite(numbers.fillna(0))
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            f"row {position + 2}: amount '{str(values.iloc[position])[:40]}' is not a "
            f"number; {int(bad.sum())} bad amount(s) in all"
        )
    return numbers.astype(float)


def prepare(
    frame,
    *,
    customer,
    date,
    amount=None,
    customer_type=None,
    as_of=None,
    date_format=None,
):
    """Validate and normalise raw transactions; raise :class:`InputError`."""
    if frame is None or len(frame) == 0:
        raise InputError("no transactions: the data has no rows")
    warnings = []
    customers = _column(frame, customer, "customer")
    if pd.api.types.is_numeric_dtype(customers):
        missing = customers.isna()
    else:
        missing = customers.isna()
        customers = customers.astype(str).str.strip()
        missing |= customers.eq("") | customers.str.lower().isin(("nan", "none"))
    if missing.any():
        position = int(np.flatnonzero(missing.to_numpy())[0])
        raise InputError(
            f"row {position + 2}: no customer; {int(missing.sum())} row(s) without one"
        )
    dates = _parse_dates(_column(frame, date, "date"), date_format)
    out = pd.DataFrame({"customer": customers.to_numpy(), "date": dates.to_numpy()})
    if amount is not None:
        out["amount"] = _parse_amounts(_column(frame, amount, "amount")).to_numpy()
        refunds = int((out["amount"] < 0).sum())
        if refunds:
            warnings.append(
                f"{refunds} refund row(s) (negative amounts) netted into spend; "
                "they do not count as purchases"
            )
    else:
        out["amount"] = 1.0
    if customer_type is not None:
        out["type"] = (
            _column(frame, customer_type, "customer type").astype(str).to_numpy()
        )
    if as_of is None:
        as_of = out["date"].max()
    else:
        as_of = pd.Timestamp(as_of).normalize()
    after = out["date"] > as_of
    if after.any():
        warnings.append(f"{int(after.sum())} row(s) dated after {as_of.date()} ignored")
        out = out.loc[~after].reset_index(drop=True)
    if out.empty:
        raise InputError(f"no transactions on or before {as_of.date()}")
    return Transactions(out, as_of, warnings)


# --------------------------------------------------------------------- summary
def summary_from_totals(
    index,
    *,
    purchases,
    first_day,
    last_day,
    monetary,
    purchase_total,
    first_value,
    as_of_day,
    unit="day",
):
    """The per-customer summary from per-customer totals (arrays in the order
    of ``index``): purchase days, first and last purchase day (days since
    1970-01-01), net spend, total and first value of the purchase days.

    :func:`summarize` computes the totals from transactions; Odoo computes them
    with one SQL aggregate and calls this, so both give the same figures.
    """
    purchases = np.asarray(purchases, dtype=np.int64)
    first = np.asarray(first_day, dtype=np.int64)
    last = np.asarray(last_day, dtype=np.int64)
    purchase_total = np.asarray(purchase_total, dtype=float)
    first_value = np.asarray(first_value, dtype=float)
    unit_days = UNIT_DAYS[unit]
    frequency = purchases - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        avg_repeat = np.where(
            frequency > 0,
            (purchase_total - first_value) / np.maximum(frequency, 1),
            np.nan,
        )
    return pd.DataFrame(
        {
            "purchases": purchases,
            "frequency": frequency,
            "recency_days": as_of_day - last,
            "tenure_days": as_of_day - first,
            "t_x": (last - first) / unit_days,
            "T": (as_of_day - first) / unit_days,
            "monetary": np.asarray(monetary, dtype=float),
            "avg_repeat_value": avg_repeat,
            "first_purchase": first.astype("datetime64[D]"),
            "last_purchase": last.astype("datetime64[D]"),
        },
        index=index,
    )


def summarize(transactions, *, unit="day"):
    """Per-customer figures as of ``transactions.as_of``.

    Returns a DataFrame indexed by customer with: ``purchases`` (purchase
    days), ``frequency`` (repeat purchases), ``recency_days``, ``tenure_days``,
    ``t_x`` and ``T`` (in ``unit``), ``monetary`` (net spend),
    ``avg_repeat_value`` (mean value of the repeat purchases, NaN without any),
    ``first_purchase``, ``last_purchase`` and ``type`` when known.
    """
    if unit not in UNIT_DAYS:
        raise InputError(
            f"unknown time unit '{unit}': use one of {', '.join(UNIT_DAYS)}"
        )
    frame = transactions.frame
    codes, names = pd.factorize(frame["customer"], sort=False)
    days = frame["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    amounts = frame["amount"].to_numpy(dtype=float)
    first_day = days.min()
    span = int(days.max() - first_day) + 1
    key = codes.astype(np.int64) * span + (days - first_day)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
    sorted_amounts = amounts[order]
    day_amount = np.add.reduceat(sorted_amounts, starts)
    day_bought = np.add.reduceat((sorted_amounts >= 0).astype(np.int64), starts) > 0
    day_customer = codes[order][starts]
    day_number = days[order][starts]
    n_customers = len(names)

    monetary = np.bincount(day_customer, weights=day_amount, minlength=n_customers)
    purchase = day_bought
    p_customer = day_customer[purchase]
    p_day = day_number[purchase]
    p_amount = day_amount[purchase]
    purchases = np.bincount(p_customer, minlength=n_customers)
    group_start = np.flatnonzero(np.r_[True, p_customer[1:] != p_customer[:-1]])
    group_end = np.r_[group_start[1:], len(p_customer)] - 1
    owners = p_customer[group_start]
    first = np.full(n_customers, -1, dtype=np.int64)
    last = np.full(n_customers, -1, dtype=np.int64)
    first_value = np.zeros(n_customers)
    first[owners] = p_day[group_start]
    last[owners] = p_day[group_end]
    first_value[owners] = p_amount[group_start]
    purchase_total = np.bincount(p_customer, weights=p_amount, minlength=n_customers)

    keep = purchases > 0
    as_of_day = np.datetime64(transactions.as_of.date(), "D").astype(np.int64)
    summary = summary_from_totals(
        pd.Index(names, name="customer"),
        purchases=purchases,
        first_day=first,
        last_day=last,
        monetary=monetary,
        purchase_total=purchase_total,
        first_value=first_value,
        as_of_day=as_of_day,
        unit=unit,
    )
    if "type" in frame.columns:
        first_rows = np.unique(codes, return_index=True)[1]
        types = np.empty(n_customers, dtype=object)
        types[codes[first_rows]] = frame["type"].to_numpy()[first_rows]
        summary["type"] = types
    dropped = int((~keep).sum())
    if dropped:
        transactions.warnings.append(
            f"{dropped} customer(s) with refunds only left out"
        )
    return summary.loc[keep]
