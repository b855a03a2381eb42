"""XLSX reports and CSV files.

:class:`XlsxExporter` owns the workbook: it opens it text-safe (a customer
named ``=HYPERLINK(...)`` or ``+34 600...`` stays text: no formula, no URL, no
number conversion), writes every cell with an explicit type, and closes it
once. Report functions only fill sheets through it; the Odoo addons use the
same exporter for their own exports. A table longer than a sheet holds
(:data:`MAX_ROWS` rows, header included) continues on further sheets
("Customers (2)", ...).

:func:`write_csv` writes every CSV of the package: a text cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is prefixed with an apostrophe, the OWASP
recommendation; numbers stay numbers.
"""

import datetime
import io
import math
import numbers

import numpy as np
import pandas as pd
import xlsxwriter

from . import rfm

MAX_ROWS = 1_048_576  # rows of an Excel sheet, the header included
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
    "constant_memory": False,
}


class XlsxExporter:
    """A text-safe workbook. Use as a context manager, then :meth:`getvalue`
    (in memory) or give a path to write to."""

    def __init__(self, path=None):
        self.path = path
        self._buffer = None if path else io.BytesIO()
        self.workbook = xlsxwriter.Workbook(
            path or self._buffer, dict(WORKBOOK_OPTIONS)
        )
        add = self.workbook.add_format
        self.formats = {
            "title": add({"bold": True, "font_size": 14}),
            "header": add({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
            "bold": add({"bold": True}),
            "money": add({"num_format": "#,##0.00"}),
            "number": add({"num_format": "#,##0.####"}),
            "integer": add({"num_format": "#,##0"}),
            "percent": add({"num_format": "0.0%"}),
            "date": add({"num_format": "yyyy-mm-dd"}),
            "wrap": add({"text_wrap": True, "valign": "top"}),
        }
        self._closed = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if not self._closed:
            self.workbook.close()
            self._closed = True

    def getvalue(self):
        """The workbook's bytes (in-memory exporters only)."""
        self.close()
        return self._buffer.getvalue() if self._buffer else None

    def sheet(self, name):
        # Sheet names: at most 31 characters, none of []:*?/\
        safe = "".join(c for c in str(name) if c not in "[]:*?/\\")[:31] or "Sheet"
        return self.workbook.add_worksheet(safe)

    def write(self, sheet, row, col, value, fmt=None):
        """Write one cell with its type decided here, never guessed by Excel."""
        if fmt is not None and not hasattr(fmt, "num_format"):
            fmt = self.formats[fmt]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, (bool, np.bool_)):
            sheet.write_boolean(row, col, bool(value), fmt)
        elif isinstance(value, numbers.Number):
            number = float(value)
            if math.isfinite(number):
                sheet.write_number(row, col, number, fmt)
            else:
                sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, (datetime.date, datetime.datetime, np.datetime64)):
            if isinstance(value, np.datetime64):
                if np.isnat(value):
                    sheet.write_blank(row, col, None, fmt)
                    return
                value = value.astype("datetime64[s]").item()
            sheet.write_datetime(row, col, value, fmt or self.formats["date"])
        else:
            sheet.write_string(row, col, str(value), fmt)

    def table(self, sheet, row, col, header, rows, formats=None, widths=None):
        """A header line and rows; ``formats`` per column (names or None).

        Rows past the sheet's last row (:data:`MAX_ROWS`) continue on new
        sheets named after the first one, "Name (2)", "Name (3)"..., each with
        the header; the row after the last one written is returned (on the
        last sheet). The sheets used are in ``self.continued[name]``.
        """
        first_name = sheet.get_name()
        sheets = [sheet]
        start = row

        def header_line(target, at):
            for j, title in enumerate(header):
                target.write_string(at, col + j, str(title), self.formats["header"])
                if widths:
                    target.set_column(col + j, col + j, widths[j])

        header_line(sheet, row)
        count = 0
        current = row
        for values in rows:
            if current + 1 >= MAX_ROWS:
                if count:
                    sheet.autofilter(start, col, current, col + len(header) - 1)
                sheet = self.sheet(f"{first_name[:26]} ({len(sheets) + 1})")
                sheets.append(sheet)
                start = current = 0
                count = 0
                header_line(sheet, 0)
            current += 1
            count += 1
            for j, value in enumerate(values):
                fmt = formats[j] if formats else None
                self.write(sheet, current, col + j, value, fmt)
        if count:
            sheet.autofilter(start, col, current, col + len(header) - 1)
        self.continued = getattr(self, "continued", {})
        self.continued[first_name] = [s.get_name() for s in sheets]
        return current + 1


CUSTOMER_COLUMNS = (
    ("Customer", None, None, 28),
    ("Type", "type", None, 14),
    ("Recency (days)", "recency_days", "integer", 10),
    ("Purchases", "purchases", "integer", 10),
    ("Spend", "monetary", "money", 12),
    ("R", "r_score", "integer", 4),
    ("F", "f_score", "integer", 4),
    ("M", "m_score", "integer", 4),
    ("Segment", "segment", None, 18),
    ("Loyalty", "loyalty_score", "number", 8),
    ("P(alive)", "p_alive", "percent", 9),
    ("Churn risk", "churn_probability", "percent", 9),
    ("Expected purchases", "expected_purchases", "number", 10),
    ("CLV", "clv", "money", 12),
    ("Note", "churn_note_text", None, 60),
)


def write_analysis(exporter, analysis):
    """Summary, R x F grid, segments (with a chart), customers (on as many
    sheets as they need), the churn models compared, the tracking of the
    chosen one over the hold-out and the 12-month projection (with charts)."""
    summary_sheet = exporter.sheet("Summary")
    _write_summary(exporter, summary_sheet, analysis)
    _write_grid(exporter, analysis)
    _write_segments(exporter, analysis)
    write_customers(exporter, analysis.customers)
    _write_models(exporter, analysis)
    _write_tracking(exporter, analysis)
    _write_projection(exporter, analysis)


def _write_models(exporter, analysis):
    churn = analysis.churn
    sheet = exporter.sheet("Churn models")
    exporter.write(sheet, 0, 0, "Churn model chosen", "title")
    chosen = churn.model if churn else None
    exporter.write(
        sheet, 1, 0, churn.module.LABEL if chosen else "none (see Summary)", "bold"
    )
    how = ""
    if churn and churn.method == "holdout":
        how = (
            f"lowest hold-out error: fitted up to {churn.split_date}, predicting "
            f"each customer's purchases over the next {churn.holdout_days} days"
        )
    elif churn:
        how = "in-sample likelihood (no hold-out period: see Summary)"
    exporter.write(sheet, 2, 0, how)
    rows = []
    for row in churn.candidates if churn else []:
        rows.append(
            (
                row["label"],
                "yes" if row["chosen"] else "",
                row["status"],
                row["holdout_rmse"],
                row["holdout_mae"],
                row["holdout_predicted"],
                row["holdout_actual"],
                row["message"] or "",
                ", ".join(f"{k} = {v:.4g}" for k, v in row["params"].items()),
            )
        )
    exporter.table(
        sheet,
        4,
        0,
        (
            "Model",
            "Chosen",
            "Status",
            "Hold-out RMSE",
            "Hold-out MAE",
            "Predicted purchases",
            "Actual purchases",
            "Message",
            "Parameters",
        ),
        rows,
        formats=(None, None, None, "number", "number", "number", "number", None, None),
        widths=(14, 8, 14, 14, 14, 14, 14, 50, 50),
    )


def _write_tracking(exporter, analysis):
    tracking = analysis.churn.tracking if analysis.churn else None
    sheet = exporter.sheet("Tracking")
    exporter.write(sheet, 0, 0, "Hold-out: predicted and actual purchases", "title")
    if tracking is None or not len(tracking):
        exporter.write(sheet, 2, 0, "No hold-out period (see Summary).")
        return
    rows = [
        (
            r.week,
            r.start,
            r.end,
            r.actual,
            r.predicted,
            r.actual_cumulative,
            r.predicted_cumulative,
        )
        for r in tracking.itertuples()
    ]
    end = exporter.table(
        sheet,
        2,
        0,
        (
            "Week",
            "From",
            "To",
            "Actual",
            "Predicted",
            "Actual (cum.)",
            "Predicted (cum.)",
        ),
        rows,
        formats=("integer", "date", "date", "integer", "number", "integer", "number"),
        widths=(6, 12, 12, 10, 10, 12, 12),
    )
    for title, columns, place in (
        ("Purchases per week", (3, 4), 2),
        ("Cumulative purchases", (5, 6), 22),
    ):
        chart = exporter.workbook.add_chart({"type": "line"})
        for column in columns:
            chart.add_series(
                {
                    "name": ["Tracking", 2, column],
                    "categories": ["Tracking", 3, 1, end - 1, 1],
                    "values": ["Tracking", 3, column, end - 1, column],
                }
            )
        chart.set_title({"name": title})
        sheet.insert_chart(place, 8, chart, {"x_scale": 1.5, "y_scale": 1.3})


def _write_projection(exporter, analysis):
    scoring = analysis.scoring
    sheet = exporter.sheet("Projection")
    exporter.write(
        sheet, 0, 0, "Next 12 months: expected purchases and revenue", "title"
    )
    if scoring is None or scoring.projection is None:
        exporter.write(sheet, 2, 0, "No churn model fitted (see Summary).")
        return
    projection = scoring.projection
    totals = [
        (
            month,
            float(np.nansum(projection.purchases[:, k])),
            None
            if np.all(np.isnan(projection.revenue[:, k]))
            else float(np.nansum(projection.revenue[:, k])),
        )
        for k, month in enumerate(projection.months)
    ]
    end = exporter.table(
        sheet,
        2,
        0,
        ("Month from", "Purchases", "Revenue"),
        totals,
        formats=("date", "number", "money"),
        widths=(12, 12, 14),
    )
    chart = exporter.workbook.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": "Revenue",
            "categories": ["Projection", 3, 0, end - 1, 0],
            "values": ["Projection", 3, 2, end - 1, 2],
        }
    )
    line = exporter.workbook.add_chart({"type": "line"})
    line.add_series(
        {
            "name": "Purchases",
            "categories": ["Projection", 3, 0, end - 1, 0],
            "values": ["Projection", 3, 1, end - 1, 1],
            "y2_axis": True,
        }
    )
    chart.combine(line)
    chart.set_title({"name": "Projected revenue and purchases per month"})
    sheet.insert_chart(2, 4, chart, {"x_scale": 1.5, "y_scale": 1.3})
    row = max(end + 2, 24)
    labels = rfm.SEGMENTS
    row = _write_group_projection(
        exporter,
        sheet,
        row,
        "segment",
        scoring.segment_projection,
        projection.months,
        order=list(labels),
        labels=labels,
    )
    if scoring.salesperson_projection is not None:
        _write_group_projection(
            exporter,
            sheet,
            row + 2,
            "salesperson",
            scoring.salesperson_projection,
            projection.months,
        )


def _write_group_projection(
    exporter, sheet, row, key, long, months, *, order=None, labels=None
):
    """Revenue per group (segment, salesperson) and month from ``row`` on: a
    table and a stacked column chart under it; returns the row after them."""
    wide = long.pivot_table(
        index=key, columns="month", values="revenue", aggfunc="sum", sort=False
    )
    keys = [k for k in (order or sorted(wide.index)) if k in wide.index]
    labels = labels or {}
    exporter.write(sheet, row, 0, f"Revenue per {key} and month", "bold")
    header = [key.capitalize()] + [str(m) for m in months]
    rows = [
        [labels.get(k, k) or "(none)"] + [wide.loc[k, m] for m in months] for k in keys
    ]
    exporter.table(
        sheet,
        row + 1,
        0,
        header,
        rows,
        formats=[None] + ["money"] * len(months),
        widths=[20] + [12] * len(months),
    )
    name = sheet.get_name()
    chart = exporter.workbook.add_chart({"type": "column", "subtype": "stacked"})
    for i, _key in enumerate(keys[:50]):  # a chart of 50 series at most
        chart.add_series(
            {
                "name": [name, row + 2 + i, 0],
                "categories": [name, row + 1, 1, row + 1, len(months)],
                "values": [name, row + 2 + i, 1, row + 2 + i, len(months)],
            }
        )
    chart.set_title({"name": f"Projected revenue per {key}"})
    place = row + 3 + len(keys)
    sheet.insert_chart(place, 0, chart, {"x_scale": 2.0, "y_scale": 1.4})
    return place + 22


def _csv_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_csv(frame, path, *, index=False):
    """Write a DataFrame as CSV with formula-like text cells escaped (see the
    module documentation). The index, when written, is escaped too."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_csv_cell)
    if index:
        out.index = out.index.map(_csv_cell)
    out.columns = [_csv_cell(str(c)) for c in out.columns]
    out.to_csv(path, index=index)


def _write_summary(exporter, sheet, analysis):
    data = analysis.json_summary()
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 60)
    exporter.write(sheet, 0, 0, "Customer analysis", "title")
    rows = [
        ("As of", data["as_of"]),
        ("Customers", data["customers"]),
        ("Revenue", data["revenue"]),
        ("Churn rate (last 12 months)", data["churn_rate"]),
        ("Retention rate (last 12 months)", data["retention_rate"]),
        ("Expected active customers (share)", data["expected_active_share"]),
        ("Time unit of the churn model", analysis.unit),
        ("Horizon of expected purchases and CLV (days)", analysis.horizon_days),
    ]
    formats = {2: "money", 3: "percent", 4: "percent", 5: "percent"}
    for i, (label, value) in enumerate(rows):
        exporter.write(sheet, 2 + i, 0, label, "bold")
        exporter.write(sheet, 2 + i, 1, value, formats.get(i))
    row = 3 + len(rows)
    churn = analysis.churn
    fits = [analysis.gammagamma]
    if churn is not None and churn.fit is not None:
        fits.insert(0, churn.fit)
    exporter.write(sheet, row, 0, "Churn model chosen", "bold")
    exporter.write(
        sheet, row, 1, churn.module.LABEL if churn and churn.model else "none"
    )
    row += 1
    for fit in fits:
        exporter.write(sheet, row, 0, f"Model {fit.model}", "bold")
        exporter.write(
            sheet, row, 1, fit.status + (f": {fit.message}" if fit.message else "")
        )
        row += 1
        for name, value in fit.params.items():
            exporter.write(sheet, row, 0, name)
            exporter.write(sheet, row, 1, value, "number")
            row += 1
    row += 1
    exporter.write(sheet, row, 0, "Data warnings", "bold")
    for warning in analysis.warnings or ["none"]:  # English texts of the codes
        row += 1
        sheet.merge_range(row, 0, row, 1, "", exporter.formats["wrap"])
        exporter.write(sheet, row, 0, str(warning), "wrap")


def _write_grid(exporter, analysis):
    counts, revenue = rfm.rf_grid(analysis.rfm.scores, analysis.summary)
    sheet = exporter.sheet("R x F")
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 5, 14)
    for top, (title, grid, fmt) in enumerate(
        (("Customers", counts, "integer"), ("Revenue", revenue, "money"))
    ):
        base = top * (len(grid) + 4)
        exporter.write(
            sheet, base, 0, f"{title} by recency (R) and frequency (F)", "title"
        )
        exporter.write(sheet, base + 1, 0, "R \\ F", "header")
        for j, f_score in enumerate(grid.columns):
            exporter.write(sheet, base + 1, 1 + j, f"F = {f_score}", "header")
        for i, r_score in enumerate(grid.index):
            exporter.write(sheet, base + 2 + i, 0, f"R = {r_score}", "header")
            for j, f_score in enumerate(grid.columns):
                exporter.write(
                    sheet, base + 2 + i, 1 + j, grid.loc[r_score, f_score], fmt
                )
        sheet.conditional_format(
            base + 2,
            1,
            base + 1 + len(grid),
            len(grid.columns),
            {"type": "3_color_scale"},
        )


def _write_segments(exporter, analysis):
    table = rfm.segment_table(analysis.rfm.scores, analysis.summary)
    sheet = exporter.sheet("Segments")
    rows = [
        (row.label, row.customers, row.revenue, row.revenue_share)
        for row in table.itertuples()
    ]
    end = exporter.table(
        sheet,
        0,
        0,
        ("Segment", "Customers", "Revenue", "Revenue share"),
        rows,
        formats=(None, "integer", "money", "percent"),
        widths=(20, 12, 14, 14),
    )
    chart = exporter.workbook.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": "Customers",
            "categories": ["Segments", 1, 0, end - 1, 0],
            "values": ["Segments", 1, 1, end - 1, 1],
        }
    )
    chart.set_title({"name": "Customers per segment"})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})
    sheet.insert_chart(1, 5, chart, {"x_scale": 1.4, "y_scale": 1.4})
    revenue_chart = exporter.workbook.add_chart({"type": "pie"})
    revenue_chart.add_series(
        {
            "name": "Revenue",
            "categories": ["Segments", 1, 0, end - 1, 0],
            "values": ["Segments", 1, 2, end - 1, 2],
        }
    )
    revenue_chart.set_title({"name": "Revenue per segment"})
    sheet.insert_chart(24, 5, revenue_chart, {"x_scale": 1.4, "y_scale": 1.4})


def write_customers(
    exporter, customers, sheet_name="Customers", *, titles=None, segment_labels=None
):
    """One row per customer with the columns of :data:`CUSTOMER_COLUMNS` present.

    ``titles`` (column key, or None for the customer, -> title) and
    ``segment_labels`` (segment key -> label) translate the sheet.
    """
    sheet = exporter.sheet(sheet_name)
    present = [c for c in CUSTOMER_COLUMNS if c[1] is None or c[1] in customers.columns]
    labels = segment_labels or rfm.SEGMENTS
    titles = titles or {}
    rows = []
    for customer, record in zip(
        customers.index, customers.to_dict("records"), strict=True
    ):
        row = []
        for _title, column, _fmt, _width in present:
            value = customer if column is None else record.get(column)
            if column == "segment":
                value = labels.get(value, value)
            row.append(value)
        rows.append(row)
    exporter.table(
        sheet,
        0,
        0,
        [titles.get(c[1], c[0]) for c in present],
        rows,
        formats=[c[2] for c in present],
        widths=[c[3] for c in present],
    )
    sheet.freeze_panes(1, 1)
    return sheet
