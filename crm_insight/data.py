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

Reading real exports (Spanish ones above all):

* **Encoding**: UTF-8 with or without BOM, else Windows-1252 (what Spanish
  Excel writes), with a warning; ``encoding=`` forces one.
* **Dates**: one order per column. Values such as ``31/01/2025`` prove the
  day comes first, ``01/31/2025`` that the month does; a column that mixes
  both is refused with the rows. When every value fits both orders the
  column is read day first (this product's users write dates that way), with
  a warning; ``date_format=`` overrides. ISO dates stay ISO; timestamps with a
  time zone offset (``2025-03-30T10:00:00+02:00``) are converted to UTC
  before the day is taken.
* **Amounts**: one number format per column, Spanish (``1.234,56``,
  ``1.000``) or English (``1,234.56``), inferred from the values that prove
  it (``7,50`` or ``1.000.000`` is Spanish, ``7.5`` or ``1,000,000``
  English); a column that proves both, or where only ambiguous values such
  as ``1.000`` decide, is refused with the offending row
  (``number_format=`` settles it).
* **Duplicates**: rows identical to an earlier one are kept (two equal
  orders on one day happen) and reported in the warnings. Identical means
  every cell as written, in the columns the analysis does not use too: rows
  that only read the same (``1.234,56`` and ``1234,56``, ``01/02/2025``
  and ``2025-02-01``, two times of one day) are not copies of one row.

Warnings are :class:`crm_insight.messages.Message` objects (codes for Odoo).
"""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .messages import Message

UNIT_DAYS = {"day": 1.0, "week": 7.0}
NUMBER_FORMATS = ("es", "en")
# strptime directives a --date-format may use
DATE_DIRECTIVES = set("aAbBcdfHIjmMpSUwWyYzZGuV%")
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
OTHER_SPREADSHEETS = {".xls", ".ods", ".numbers", ".xlsb", ".fods"}


class InputError(ValueError):
    """Bad input, explained in one line for the person who supplied it."""


@dataclass
class Transactions:
    """Clean transactions: one row per input row that was kept."""

    frame: pd.DataFrame  # columns: customer, date (datetime64[ns], day), amount, type
    as_of: pd.Timestamp
    warnings: list = field(default_factory=list)


# --------------------------------------------------------------------- reading
def read_table(path, *, sep=None, header=True, sheet=None, encoding=None):
    """Read a CSV or spreadsheet file as text columns.

    ``sep``: a delimiter, ``"whitespace"``, or None to detect ``,`` ``;`` tab
    or ``|`` (separators inside quotes do not count; Excel's ``sep=;`` first
    line is honoured). Without a header, columns are named "1", "2", ...
    (1-based). ``encoding``: None to detect UTF-8 (with or without BOM),
    UTF-16 (with a BOM) or Windows-1252. Blank lines are skipped; the line of
    the file (the row of the sheet) of every row is kept for the messages
    (:func:`line_numbers`). Header names are kept as written, duplicates too
    (a duplicate used as a column is refused by :func:`prepare`). Warnings
    (the encoding detected) are in ``frame.attrs["warnings"]``; :func:`prepare`
    carries them on.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    suffix = path.suffix.lower()
    if suffix in OTHER_SPREADSHEETS:
        raise InputError(
            f"{path}: {suffix} files cannot be read: save it as .xlsx or .csv"
        )
    if sheet is not None and suffix not in EXCEL_SUFFIXES:
        raise InputError(
            f"--sheet '{sheet}': {path.name} is a text file, not a spreadsheet "
            "(.xlsx): it has no sheets"
        )
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the file is empty")
    warnings = []
    try:
        if suffix in EXCEL_SUFFIXES:
            rows, lines = _read_xlsx(path, sheet)
        else:
            rows, lines = _read_text(path, sep, encoding, warnings)
    except (ValueError, OSError, UnicodeDecodeError, csv.Error) as exc:
        first = (
            str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        )
        raise InputError(f"{path}: cannot be read ({first})") from None
    if header and len(rows):
        columns = [
            str(c).strip() if c is not None and str(c).strip() else f"column {j + 1}"
            for j, c in enumerate(rows.iloc[0])
        ]
        rows, lines = rows.iloc[1:], lines[1:]
    else:
        columns = [str(j + 1) for j in range(rows.shape[1])]
    frame = rows.set_axis(columns, axis=1).reset_index(drop=True)
    if frame.empty:
        raise InputError(f"{path}: the file has no data rows")
    frame.attrs["warnings"] = warnings
    # the line of every row, compact when they follow each other
    steps = np.diff(lines)
    if len(lines) and np.all(steps == 1):
        frame.attrs["first_line"] = int(lines[0])
    else:
        frame.attrs["lines"] = np.asarray(lines, dtype=np.int64)
    return frame


def line_numbers(frame):
    """The file's line (the sheet's row) of each row of a frame of
    :func:`read_table`, as a function of the row's position; for any other
    frame, the position + 2 (a header line, then the rows)."""
    lines = frame.attrs.get("lines")
    if lines is not None and len(lines) == len(frame):
        return lambda position: int(lines[position])
    first = frame.attrs.get("first_line", 2)
    return lambda position: int(position) + first


def check_encoding(encoding):
    """The codec name, or InputError when Python knows no such text encoding."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError):
        raise InputError(f"--encoding: unknown encoding '{encoding}'") from None
    if not getattr(info, "_is_text_encoding", True):
        raise InputError(
            f"--encoding: '{encoding}' is not a text encoding (e.g. utf-8, cp1252)"
        )
    return info.name


def _decode(path, encoding, warnings):
    data = path.read_bytes()
    if encoding:
        name = check_encoding(encoding)
        try:
            return data.decode("utf-8-sig" if name == "utf-8" else name)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: not valid {encoding} (byte {exc.start + 1}); "
                "try another --encoding"
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(
                f"{path}: starts as UTF-16 but is not valid UTF-16"
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    warnings.append(Message("encoding_cp1252", file=path.name))
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return data.decode("latin-1")


_SEP_LINE = re.compile(r'^"?sep=(.)"?\s*$')
_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _read_text(path, sep, encoding, warnings):
    """(rows as text, file line of each row) of a delimited text file, the
    header line included, blank lines left out."""
    text = _decode(path, encoding, warnings)
    skipped = 0
    while text and not text.partition("\n")[0].strip():  # leading blank lines
        text = text.partition("\n")[2]
        skipped += 1
    first_line, _newline, rest = text.partition("\n")
    sep_line = _SEP_LINE.match(first_line.strip("\r"))
    if sep_line:  # Excel's "sep=;" first line
        text, skipped = rest, 1
        sep = sep if sep is not None else sep_line.group(1)
    delimiter = _sniff_delimiter(text) if sep is None else sep
    options = {"sep": r"\s+"} if delimiter == "whitespace" else {"sep": delimiter}
    try:
        rows = pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            skipinitialspace=True,
            index_col=False,
            **options,
        )
    except pd.errors.EmptyDataError:
        return pd.DataFrame(), np.zeros(0, dtype=np.int64)
    except pd.errors.ParserError as exc:
        fields = _FIELDS.search(str(exc))
        if fields:
            expected, line, saw = (int(g) for g in fields.groups())
            raise ValueError(
                f"line {line + skipped} has {saw} fields where the first line has "
                f"{expected}; check the separator, or quote cells that contain it"
            ) from None
        raise ValueError(str(exc).splitlines()[0]) from None
    rows = rows.fillna("")
    # a quoted cell may span several lines: count them for the line numbers
    lines = np.arange(1, len(rows) + 1, dtype=np.int64) + skipped
    if '"' in text and len(rows):
        inner = np.zeros(len(rows), dtype=np.int64)
        for column in rows.columns:
            inner += rows[column].str.count("\n").to_numpy(dtype=np.int64)
        lines += np.r_[0, np.cumsum(inner)[:-1]]
    blank = (rows == "").all(axis=1).to_numpy()
    if blank.any():  # blank lines (or only separators) are skipped
        rows, lines = rows.loc[~blank], lines[~blank]
    return rows, lines


def _read_xlsx(path, sheet):
    """(rows, sheet row of each row) of a spreadsheet, blank rows left out;
    empty cells are empty text, as in a CSV."""
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
    kept, lines = [], []
    for number, row in enumerate(rows, start=1):
        if any(v is not None and v != "" for v in row):
            kept.append(["" if v is None else v for v in row])
            lines.append(number)
    width = max((len(r) for r in kept), default=0)
    kept = [r + [""] * (width - len(r)) for r in kept]
    return pd.DataFrame(kept, dtype=object), np.asarray(lines, dtype=np.int64)


def _sniff_delimiter(text):
    """The separator of the first line, counted outside double quotes."""
    first_line = text.split("\n", 1)[0] if text else ""
    outside = re.sub(r'"[^"]*"', "", first_line)
    counts = {d: outside.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


# --------------------------------------------------------------------- cleaning
def _column(frame, name, role):
    """The column ``name`` (by position from 0 on: Series.iloc works), or
    InputError when it is missing or its name is in the header twice."""
    return frame.iloc[:, _position(frame, name, role)].reset_index(drop=True)


def _position(frame, name, role=""):
    """The position of the column ``name`` (see :func:`_column`)."""
    if name not in frame.columns:
        available = ", ".join(map(str, frame.columns[:20]))
        raise InputError(
            f"column '{name}' ({role}) not found; the file has: {available}"
        )
    places = np.flatnonzero(np.asarray(frame.columns == name))
    if len(places) > 1:
        raise InputError(
            f"column '{name}' ({role}) appears {len(places)} times in the header "
            f"(columns {', '.join(str(p + 1) for p in places)}): rename the one "
            "to leave out"
        )
    return int(places[0])


def text_column(frame, name, role):
    """A column as text (empty for a missing cell), InputError when it is
    missing or duplicated in the header."""
    return _text(_column(frame, name, role))


def _text(values):
    """Text of every cell, empty for a missing one (None, NaN)."""
    return values.astype(object).where(values.notna(), "").astype(str)


def check_date_format(date_format, option="--date-format"):
    """The format, or InputError when it is empty or has an unknown directive."""
    if date_format is None:
        return None
    if not str(date_format).strip():
        raise InputError(f"{option}: empty format")
    for directive in re.findall(r"%(.)", date_format):
        if directive not in DATE_DIRECTIVES:
            raise InputError(
                f"{option}: '{date_format}' is not a date format "
                f"(unknown directive %{directive}); e.g. %d/%m/%Y"
            )
    if "%" not in date_format:
        raise InputError(f"{option}: '{date_format}' has no directive; e.g. %d/%m/%Y")
    return date_format


_NUMERIC_DATE = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:[ T]+(.*))?$"
)
_YEAR_FIRST = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?=$|[ T])")
_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:[ T].*)?$")
_OFFSET = re.compile(r"(?:[+\-]\d{2}:?\d{2}|Z)$")
_TIME_WITH_OFFSET = re.compile(r"^\d{1,2}:\d{2}.*(?:[+\-]\d{2}:?\d{2}|Z)$")


def _year_first_iso(text):
    """2025/1/5 and 2025.01.05 written as 2025-01-05 (a year first is always
    followed by the month); other text unchanged."""
    return text.str.replace(
        _YEAR_FIRST,
        lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}",
        regex=True,
    )


def parse_date_value(text, option):
    """A date given on the command line (``--until``, ``--as-of``): ISO
    (2025-02-01, also 2025/02/01) or day first (01/02/2025 is 1 February),
    like the columns."""
    value = str(text if text is not None else "").strip()
    if not value:
        raise InputError(f"{option}: empty date (use YYYY-MM-DD or DD/MM/YYYY)")
    match = _NUMERIC_DATE.match(value)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups()[:3])
            result = pd.Timestamp(_full_year(year), month, day)
        else:
            value_iso = _year_first_iso(pd.Series([value])).iloc[0]
            if _ISO.match(value_iso):
                result = pd.Timestamp(value_iso[:10]).normalize()
            else:
                result = pd.Timestamp(value_iso).normalize()
    except (ValueError, TypeError, OverflowError, AttributeError):
        result = None
    if result is None or pd.isna(result):
        raise InputError(
            f"{option}: '{value}' is not a date (YYYY-MM-DD or DD/MM/YYYY)"
        ) from None
    return result


def _full_year(year):
    if year >= 100:
        return year
    return 2000 + year if year < 70 else 1900 + year


def _row_of(line, position):
    return line(position) if line is not None else int(position) + 2


def _bad_dates(text, parsed, date_format, line=None):
    """InputError naming the first unparsable date (``text`` and ``parsed``
    are indexed by the rows' positions)."""
    bad = parsed.isna()
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        label = text.index[position]  # the row's position (text may be a part)
        raise InputError(
            f"row {_row_of(line, label)}: unparsable date "
            f"'{text.iloc[position][:40]}'"
            + (f" (expected format {date_format})" if date_format else "")
            + f"; {int(bad.sum())} bad date(s) in all"
        )


def _utc_days(converted):
    return converted.dt.tz_convert("UTC").dt.tz_localize(None)


def _parse_dates(values, date_format, column="date", line=None):
    """Days (datetime64, normalised) and warnings; see the module docs.
    ``values`` is indexed by the rows' positions; ``line(position)`` gives
    the file line of a row for the messages."""
    warnings = []
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = pd.to_datetime(values)
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
        return parsed.dt.normalize(), warnings
    cells = values.map(lambda v: hasattr(v, "year")).to_numpy(dtype=bool)
    if cells.all():  # date cells of a spreadsheet
        parsed = pd.to_datetime(values, errors="coerce", utc=True)
        return parsed.dt.tz_localize(None).dt.normalize(), warnings
    if cells.any():  # date cells beside dates written as text
        parsed, warnings = _parse_dates(values[~cells], date_format, column, line)
        out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
        out[~cells] = parsed
        cell_dates = pd.to_datetime(values[cells], errors="coerce", utc=True)
        out[cells] = cell_dates.dt.tz_localize(None).dt.normalize()
        return out, warnings
    text = _text(values).str.strip()
    if date_format is None and len(text) and text.str.fullmatch(r"\d{8}").all():
        date_format = "%Y%m%d"  # 19970101, as in many legacy exports
    if date_format:
        parsed = pd.to_datetime(text, format=date_format, errors="coerce", utc=True)
        _bad_dates(text, parsed, date_format, line)
        return parsed.dt.tz_localize(None).dt.normalize(), warnings
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    parts = text.str.extract(_NUMERIC_DATE)
    numeric = parts[0].notna()
    offsets = 0
    if numeric.any():
        first = parts.loc[numeric, 0].astype(int)
        second = parts.loc[numeric, 1].astype(int)
        day_first = (first > 12) & (second <= 12)
        month_first = (second > 12) & (first <= 12)
        if day_first.any() and month_first.any():
            a = int(first.index[np.flatnonzero(day_first.to_numpy())[0]])
            b = int(first.index[np.flatnonzero(month_first.to_numpy())[0]])
            raise InputError(
                f"column '{column}' mixes date orders: row {_row_of(line, a)} "
                f"'{text.loc[a]}' is day/month, row {_row_of(line, b)} "
                f"'{text.loc[b]}' is month/day; use --date-format"
            )
        if month_first.any():
            day, month = second, first
        else:
            day, month = first, second
            if not day_first.any():
                warnings.append(
                    Message(
                        "dates_ambiguous_dayfirst",
                        column=column,
                        example=text[numeric].iloc[0],
                    )
                )
        year = parts.loc[numeric, 2].astype(int).map(_full_year)
        parsed[numeric] = pd.to_datetime(
            pd.DataFrame({"year": year, "month": month, "day": day}), errors="coerce"
        )
        # a time with an offset moves the day: the same rule as ISO timestamps
        tail = (
            parts.loc[numeric, 3]
            .fillna("")
            .str.replace(r"\s+(?=[+\-]\d{2}:?\d{2}$|Z$)", "", regex=True)
        )
        zoned = tail.str.match(_TIME_WITH_OFFSET)
        if zoned.any():
            iso = (
                year[zoned].astype(str).str.zfill(4)
                + "-"
                + month[zoned].astype(str).str.zfill(2)
                + "-"
                + day[zoned].astype(str).str.zfill(2)
                + "T"
                + tail[zoned]
            )
            converted = pd.to_datetime(iso, errors="coerce", utc=True, format="ISO8601")
            known = converted.notna()
            parsed[known[known].index] = _utc_days(converted[known])
            offsets += int(known.sum())
    rest = ~numeric
    if rest.any():
        other = _year_first_iso(text[rest])
        with_offset = other.str.contains(_OFFSET) & other.str.contains(r"\d[T ]\d")
        iso = other.str.match(_ISO)
        try:
            converted = pd.to_datetime(
                other.where(iso, None), errors="coerce", utc=True, format="ISO8601"
            )
        except (ValueError, TypeError):
            converted = pd.Series(
                pd.NaT, index=other.index, dtype="datetime64[ns, UTC]"
            )
        loose = ~iso
        if loose.any():
            converted[loose] = pd.to_datetime(
                other[loose], errors="coerce", utc=True, format="mixed", dayfirst=True
            )
        parsed[rest] = converted.dt.tz_localize(None)
        offsets += int(with_offset.sum())
    if offsets:
        warnings.append(Message("dates_utc", column=column, rows=offsets))
    _bad_dates(text, parsed, None, line)
    return parsed.dt.normalize(), warnings


_ES_ONLY = re.compile(r"^\d{1,3}(\.\d{3})+,\d*$|^\d+,\d*$|^\d{1,3}(\.\d{3}){2,}$")
_EN_ONLY = re.compile(
    r"^\d{1,3}(,\d{3})+\.\d*$|^\d*\.\d+(?:[eE][+\-]?\d+)?$|^\d{1,3}(,\d{3}){2,}$"
)
_AMBIGUOUS = re.compile(r"^[1-9]\d{0,2}[.,]\d{3}$")
FORMAT_NAMES = {"es": "Spanish", "en": "English"}
FORMAT_EXAMPLES = {"es": "1.234,56", "en": "1,234.56"}
# the largest total of the amounts' absolute values (a typo or an overflow
# beyond it: sums, spend models and JSON would turn to infinity)
MAX_AMOUNT_TOTAL = 1e100


def _number_kind(text):
    """'es', 'en', 'ambiguous', '' (no separator) or 'bad' (separators in no
    known layout) for one amount."""
    if _AMBIGUOUS.match(text):
        return "ambiguous"
    if "." not in text and "," not in text:
        return ""
    if _ES_ONLY.match(text):
        return "es"
    if _EN_ONLY.match(text):
        return "en"
    return "bad"


def _parse_amounts(values, column="amount", number_format=None, line=None):
    """Amounts as floats, one number format for the column; and warnings.
    ``values`` is indexed by the rows' positions (see :func:`_parse_dates`)."""
    warnings = []
    if pd.api.types.is_numeric_dtype(values):
        numbers = pd.to_numeric(values, errors="coerce")
    else:
        # numbers from spreadsheet cells are numbers already: only text cells
        # say how the column writes its numbers
        cell_number = values.map(
            lambda v: isinstance(v, (int, float, np.number)) and not isinstance(v, bool)
        ).to_numpy(dtype=bool)
        raw = _text(values).str.strip()
        text = raw.str.replace(r"[\s\u00a0\u202f€$£]", "", regex=True)
        body = text.str.replace(r"^[+\-]", "", regex=True)
        kinds = body.map(_number_kind).where(~cell_number, "")
        fmt = number_format
        if fmt is not None:
            other = "en" if fmt == "es" else "es"
            wrong = np.flatnonzero((kinds == other).to_numpy())
            if len(wrong):
                a = int(wrong[0])
                raise InputError(
                    f"column '{column}': row {_row_of(line, a)} '{raw.iloc[a]}' is "
                    f"written the {FORMAT_NAMES[other]} way "
                    f"({FORMAT_EXAMPLES[other]}) but --number-format {fmt} "
                    f"({FORMAT_NAMES[fmt]}) was given; {len(wrong)} such row(s)"
                )
        else:
            es = np.flatnonzero((kinds == "es").to_numpy())
            en = np.flatnonzero((kinds == "en").to_numpy())
            if len(es) and len(en):
                a, b = int(es[0]), int(en[0])
                raise InputError(
                    f"column '{column}' mixes number formats: row "
                    f"{_row_of(line, a)} '{raw.iloc[a]}' is written the Spanish way "
                    f"(1.234,56), row {_row_of(line, b)} '{raw.iloc[b]}' the English "
                    "way (1,234.56); use --number-format es or en"
                )
            if len(es) or len(en):
                fmt = "es" if len(es) else "en"
                proof = int((es if len(es) else en)[0])
                if (kinds == "ambiguous").any():
                    warnings.append(
                        Message(
                            "amounts_format",
                            column=column,
                            format=FORMAT_NAMES[fmt],
                            row=_row_of(line, proof),
                            example=raw.iloc[proof],
                        )
                    )
            elif (kinds == "ambiguous").any():
                a = int(np.flatnonzero((kinds == "ambiguous").to_numpy())[0])
                raise InputError(
                    f"column '{column}': row {_row_of(line, a)} '{raw.iloc[a]}' "
                    "could be Spanish (a thousands point) or English (a decimal "
                    "point) and no value settles it; use --number-format es or en"
                )
        if fmt == "es":
            text = text.str.replace(".", "", regex=False).str.replace(
                ",", ".", regex=False
            )
        elif fmt == "en":
            text = text.str.replace(",", "", regex=False)
        numbers = pd.to_numeric(text, errors="coerce")
        numbers[(kinds == "bad").to_numpy()] = np.nan  # never guessed
        if cell_number.any():
            numbers[cell_number] = pd.to_numeric(values[cell_number], errors="coerce")
    bad = numbers.isna() | ~np.isfinite(numbers.fillna(0))
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        shown = _text(values.iloc[[position]]).iloc[0]
        raise InputError(
            f"row {_row_of(line, position)}: amount '{shown[:40]}' is not a "
            f"number; {int(bad.sum())} bad amount(s) in all"
        )
    numbers = numbers.astype(float)
    with np.errstate(over="ignore", invalid="ignore"):
        total = float(np.abs(numbers.to_numpy()).sum())
    if not total < MAX_AMOUNT_TOTAL:
        position = int(np.argmax(np.abs(numbers.to_numpy())))
        raise InputError(
            f"amounts too large: their total overflows (largest: row "
            f"{_row_of(line, position)} '{str(values.iloc[position])[:40]}')"
        )
    return numbers, warnings


# an odd multiplier: the row key c0·K² + c1·K + c2 (mod 2**64) of cells
# c0, c1, c2 changes whenever a single cell does
_ROW_KEY_FACTOR = np.uint64(0x9E3779B97F4A7C15)


def _cell_keys(values, parsed=None):
    """One uint64 per cell, equal for the cells that ``DataFrame.duplicated``
    finds equal (-0.0 and 0.0, every NaN, every missing cell alike).

    Numbers, dates and booleans are their own 64 bits; other cells are
    ``parsed`` when given (what the column was read as: a function of the
    cell, so equal cells have equal parsed values), else their codes in the
    column (``pd.factorize``: the equality ``duplicated`` uses)."""
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biumMf":
        if dtype.kind == "f":
            array = values.to_numpy(dtype=np.float64, copy=True)
            array += 0.0  # -0.0 is 0.0
            array[np.isnan(array)] = np.nan  # one NaN
            return array.view(np.uint64)
        array = values.to_numpy()
        if dtype.kind in "mM":
            return array.view(np.int64).astype(np.uint64)
        return array.astype(np.uint64)
    if parsed is not None:
        return _cell_keys(parsed)
    return pd.factorize(values, use_na_sentinel=True)[0].astype(np.uint64)


def _duplicated_rows(frame, parsed=None):
    """``frame.duplicated()`` as a boolean array (whole rows, every column;
    the first of equal rows is not a repeat); 0.4 s of CPU on ten million
    rows of numbers and dates, where ``duplicated()`` takes seconds.

    A 64-bit key per row (the :func:`_cell_keys` of its cells, combined;
    ``parsed`` maps a column's position to its values as read, e.g. the days
    of a date column written as text) finds the rows that may repeat: equal
    rows have equal keys, and a sort finds the keys that repeat. Only the
    rows of those keys are compared cell by cell, so a key shared by
    different rows never makes a repeat."""
    parsed = parsed or {}
    rows = len(frame)
    duplicated = np.zeros(rows, dtype=bool)
    if rows < 2:
        return duplicated
    keys = _cell_keys(frame.iloc[:, 0], parsed.get(0))
    for position in range(1, frame.shape[1]):
        keys *= _ROW_KEY_FACTOR
        keys += _cell_keys(frame.iloc[:, position], parsed.get(position))
    ordered = np.sort(keys)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    if not len(repeated):
        return duplicated
    # a hash set of the repeated keys: faster than a search in them
    candidates = np.flatnonzero(pd.Series(keys, copy=False).isin(repeated))
    suspects = frame.iloc[candidates].set_axis(range(frame.shape[1]), axis=1)
    duplicated[candidates] = suspects.duplicated().to_numpy()
    return duplicated


def prepare(
    frame,
    *,
    customer,
    date,
    amount=None,
    customer_type=None,
    as_of=None,
    date_format=None,
    number_format=None,
    salesperson=None,
):
    """Validate and normalise raw transactions; raise :class:`InputError`.

    ``date_format`` (strptime) forces the date column's format;
    ``number_format`` ("es" or "en") the amount column's. ``salesperson``:
    a column naming each transaction's salesperson (a customer's is the one
    of their last transaction, see :func:`summarize`). Warnings of
    :func:`read_table` (``frame.attrs``) come first in the result's.
    """
    if frame is None or len(frame) == 0:
        raise InputError("no transactions: the data has no rows")
    check_date_format(date_format)
    if number_format is not None and number_format not in NUMBER_FORMATS:
        raise InputError(f"unknown number format '{number_format}': use es or en")
    warnings = list(frame.attrs.get("warnings", []))
    line = line_numbers(frame)
    if as_of is not None:
        as_of = pd.Timestamp(as_of)
        if pd.isna(as_of):
            raise InputError("the as-of date is not a date")
        as_of = as_of.normalize()
    customers = _column(frame, customer, "customer")
    if pd.api.types.is_numeric_dtype(customers):
        missing = customers.isna()
    else:
        missing = customers.isna()
        customers = _text(customers).str.strip()
        missing |= customers.eq("") | customers.str.lower().isin(("nan", "none"))
    if missing.any():
        position = int(np.flatnonzero(missing.to_numpy())[0])
        raise InputError(
            f"row {line(position)}: no customer; {int(missing.sum())} row(s) "
            "without one"
        )
    raw_dates = _column(frame, date, "date")
    dates, date_warnings = _parse_dates(raw_dates, date_format, date, line)
    warnings += date_warnings
    out = pd.DataFrame({"customer": customers.to_numpy(), "date": dates.to_numpy()})
    if amount is not None:
        amounts, amount_warnings = _parse_amounts(
            _column(frame, amount, "amount"), amount, number_format, line
        )
        warnings += amount_warnings
        out["amount"] = amounts.to_numpy()
        refunds = int((out["amount"] < 0).sum())
        if refunds:
            warnings.append(Message("refund_rows", rows=refunds))
    else:
        out["amount"] = 1.0
    if customer_type is not None:
        out["type"] = _text(_column(frame, customer_type, "customer type")).to_numpy()
    if salesperson is not None:
        out["salesperson"] = (
            _text(_column(frame, salesperson, "salesperson")).str.strip().to_numpy()
        )
    # whole rows as written: two rows that differ in any cell (an unused
    # column, 1.234,56 beside 1234,56, another time of the day) are not
    # repeats; the parsed columns only make the search fast
    parsed = {_position(frame, date): out["date"]}
    if amount is not None:
        parsed[_position(frame, amount)] = out["amount"]
    duplicated = _duplicated_rows(frame, parsed)
    if duplicated.any():
        warnings.append(
            Message(
                "duplicate_rows",
                rows=int(duplicated.sum()),
                row=line(int(np.flatnonzero(duplicated)[0])),
            )
        )
    if as_of is None:
        as_of = out["date"].max()
        warnings += _suspicious_dates(out["date"], raw_dates, line, date)
    after = out["date"] > as_of
    if after.any():
        warnings.append(
            Message("rows_after_as_of", rows=int(after.sum()), date=str(as_of.date()))
        )
        out = out.loc[~after].reset_index(drop=True)
    if out.empty:
        raise InputError(f"no transactions on or before {as_of.date()}")
    return Transactions(out, as_of, warnings)


FAR_BEYOND_DAYS = 365  # a last date further after the rest is suspicious
FAR_BEYOND_MIN_DATES = 10  # distinct dates needed to judge it


def _suspicious_dates(dates, raw, line, column):
    """Warnings about dates that move the as-of date where it should not be:
    dates after today (a typo such as 2052 for 2025, or a planned order), and
    a last date far beyond the others."""
    warnings = []
    today = pd.Timestamp.today().normalize()
    future = (dates > today).to_numpy()
    if future.any():
        first = int(np.flatnonzero(future)[0])
        warnings.append(
            Message(
                "dates_after_today",
                column=column,
                rows=int(future.sum()),
                row=line(first),
                value=str(_text(raw.iloc[[first]]).iloc[0]).strip()[:40],
                today=str(today.date()),
            )
        )
    days = np.unique(dates.to_numpy().astype("datetime64[D]"))
    if len(days) >= FAR_BEYOND_MIN_DATES:
        gap = int((days[-1] - days[-2]).astype(int))
        if gap > FAR_BEYOND_DAYS and gap > int((days[-2] - days[0]).astype(int)):
            last = int(np.flatnonzero(dates.to_numpy() == dates.max())[0])
            warnings.append(
                Message(
                    "dates_far_beyond",
                    column=column,
                    date=str(days[-1]),
                    row=line(last),
                    days=gap,
                    previous=str(days[-2]),
                )
            )
    return warnings


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
    ``first_purchase``, ``last_purchase``, and ``type`` and ``salesperson``
    (of the last transaction) when known.
    """
    if unit not in UNIT_DAYS:
        raise InputError(
            f"unknown time unit '{unit}': use one of {', '.join(UNIT_DAYS)}"
        )
    frame = transactions.frame
    codes, names = pd.factorize(frame["customer"], sort=False)
    days = frame["date"].to_numpy().astype("datetime64[D]").view(np.int64)
    amounts = frame["amount"].to_numpy(dtype=float)
    first_day = days.min()
    span = int(days.max() - first_day) + 1
    # one key per customer-day, sorted (ten million rows: few temporaries)
    key = codes.astype(np.int64)
    key *= span
    key += days
    key -= first_day
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    rises = np.ones(len(sorted_key), dtype=bool)
    np.not_equal(sorted_key[1:], sorted_key[:-1], out=rises[1:])
    starts = np.flatnonzero(rises)
    sorted_amounts = amounts[order]
    day_amount = np.add.reduceat(sorted_amounts, starts)
    # a purchase day: one of its amounts is not a refund (its largest is >= 0)
    day_bought = np.fmax.reduceat(sorted_amounts, starts) >= 0
    first_rows = order[starts]
    day_customer = codes[first_rows]
    day_number = days[first_rows]
    n_customers = len(names)

    monetary = np.bincount(day_customer, weights=day_amount, minlength=n_customers)
    purchase = day_bought
    p_customer = day_customer[purchase]
    p_day = day_number[purchase]
    p_amount = day_amount[purchase]
    purchases = np.bincount(p_customer, minlength=n_customers)
    if not purchases.any():
        raise InputError(f"no purchases: {n_customers} customer(s) with refunds only")
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
    if "salesperson" in frame.columns:  # the one of the last transaction
        sorted_codes = codes[order]
        ends = np.flatnonzero(np.r_[sorted_codes[1:] != sorted_codes[:-1], True])
        people = np.empty(n_customers, dtype=object)
        people[sorted_codes[ends]] = frame["salesperson"].to_numpy()[order[ends]]
        summary["salesperson"] = people
    dropped = int((~keep).sum())
    if dropped:
        transactions.warnings.append(Message("refunds_only", customers=dropped))
    return summary.loc[keep]
