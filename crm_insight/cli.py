"""``crm-insight``: customer analytics on a sales export, before Odoo is set up.

Every sub-command prints JSON on standard output. Bad input (a missing column,
an unparsable date, an empty file, an option out of range...) prints one line
on standard error and exits with status 2; nothing is written then (output
paths are checked before the analysis starts). Every CSV written escapes
formula-like cells (see :func:`crm_insight.report.write_csv`).
"""

import argparse
import json
import math
import os
import sys
from pathlib import Path

import numpy as np

from . import bgnbd, crosssell, demo, gammagamma, paretonbd
from .analysis import MAX_HORIZON_DAYS, analyze
from .data import (
    NUMBER_FORMATS,
    UNIT_DAYS,
    InputError,
    check_date_format,
    check_encoding,
    parse_date_value,
    prepare,
    read_table,
    summarize,
    text_column,
)
from .report import XlsxExporter, write_analysis, write_csv

EXIT_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        # one line, status 2, as for bad data
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message}\n")


def _positive(value):
    """A finite number above 0 (horizons)."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number") from None
    if not math.isfinite(number) or number <= 0:
        raise argparse.ArgumentTypeError(f"'{value}' must be a finite number above 0")
    return number


def _fraction(hint):
    """An argparse type: a finite number from 0 to 1 (``hint`` shows how to
    write one)."""

    def parse(value):
        try:
            number = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{value}' is not a number") from None
        if not math.isfinite(number) or not 0 <= number <= 1:
            raise argparse.ArgumentTypeError(
                f"'{value}' must be between 0 and 1 ({hint})"
            )
        return number

    return parse


_rate = _fraction("0.10 is 10% a year")  # annual discount rates
_share = _fraction("a share: 0.05 is 5%")  # shares of orders


def _horizon_days(value):
    """A horizon in days: above 0, at most :data:`MAX_HORIZON_DAYS`."""
    number = _positive(value)
    if number > MAX_HORIZON_DAYS:
        raise argparse.ArgumentTypeError(
            f"'{value}' is too long: at most {MAX_HORIZON_DAYS:g} days (100 years)"
        )
    return number


def _seed(value):
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if not 0 <= number < 2**32:
        raise argparse.ArgumentTypeError(f"'{value}' must be between 0 and {2**32 - 1}")
    return number


def _count(value):
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"'{value}' must be at least 1")
    return number


def _holdout_days(value):
    from .churn import MIN_HOLDOUT_DAYS

    days = _count(value)
    if days < MIN_HOLDOUT_DAYS:
        raise argparse.ArgumentTypeError(
            f"'{value}' is too short: at least {MIN_HOLDOUT_DAYS} days"
        )
    return days


def _date_format(value):
    try:
        return check_date_format(value, "format")
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("format: ")) from None


def _encoding(value):
    try:
        return check_encoding(value)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc).split(": ", 1)[1]) from None


def check_output(path, option, *, inputs=(), suffix=None):
    """Refuse an output path that cannot be written, before any work: an
    input file (it would be overwritten), a name whose extension is not
    ``suffix`` (what is written), a folder, a missing folder, no permission."""
    if path is None:
        return None
    target = Path(path)
    if not str(path).strip():
        raise InputError(f"{option}: empty path")
    for source in inputs:
        if source is not None and _same_file(target, Path(source)):
            raise InputError(
                f"{option}: {target} is the input file: it would be overwritten"
            )
    if suffix and target.suffix.lower() != suffix:
        raise InputError(
            f"{option}: {target.name} would be written as {suffix[1:].upper()}: "
            f"give it the {suffix} extension"
        )
    if target.is_dir():
        raise InputError(f"{option}: {target} is a folder")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{option}: no folder {folder} to write {target.name} in")
    if not os.access(folder, os.W_OK) or (
        target.exists() and not os.access(target, os.W_OK)
    ):
        raise InputError(f"{option}: {target} cannot be written (permission denied)")
    return target


def _same_file(a, b):
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _finite(value):
    """JSON-safe: NaN and infinity (invalid JSON) become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if isinstance(value, np.generic):
        return _finite(value.item())
    return value


def _file_options(parser, *, amount, until):
    parser.add_argument("file", help="CSV (, ; tab | or whitespace) or XLSX file")
    parser.add_argument("--customer", required=True, help="customer column")
    parser.add_argument("--date", required=True, help="date column")
    if amount == "required":
        parser.add_argument("--amount", required=True, help="amount column")
    elif amount == "optional":
        parser.add_argument("--amount", help="amount column")
    if until:
        parser.add_argument(
            "--until",
            required=True,
            help="end of the calibration period (YYYY-MM-DD or DD/MM/YYYY)",
        )
        parser.add_argument("--unit", choices=sorted(UNIT_DAYS), default="week")
    parser.add_argument(
        "--date-format",
        type=_date_format,
        help="strftime format of the date column, e.g. %%d/%%m/%%Y "
        "(default: detected per column, day first when ambiguous)",
    )
    parser.add_argument(
        "--encoding",
        type=_encoding,
        help="file encoding (default: UTF-8 with or without BOM, else cp1252)",
    )
    if amount:
        parser.add_argument(
            "--number-format",
            choices=NUMBER_FORMATS,
            help="amounts written the Spanish (1.234,56) or English (1,234.56) "
            "way (default: inferred from the column)",
        )
    parser.add_argument(
        "--sep",
        help="column separator; 'whitespace' for aligned text (default: detect)",
    )
    parser.add_argument(
        "--no-header",
        action="store_true",
        help="the file has no header line: name columns by position (1, 2, ...)",
    )
    parser.add_argument("--sheet", help="sheet of a spreadsheet (default: the first)")


def build_parser():
    parser = _Parser(prog="crm-insight", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser
    )

    analyze_cmd = commands.add_parser(
        "analyze", help="RFM segments, churn, value and KPIs; JSON summary, XLSX report"
    )
    _file_options(analyze_cmd, amount="required", until=False)
    analyze_cmd.add_argument("--type", help="customer type column")
    analyze_cmd.add_argument(
        "--salesperson",
        help="salesperson column: the projection per salesperson (a customer's "
        "is the one of their last transaction)",
    )
    analyze_cmd.add_argument(
        "--as-of", help="analysis date (default: last transaction)"
    )
    analyze_cmd.add_argument("--out", help="write the XLSX report here")
    analyze_cmd.add_argument(
        "--per-type", action="store_true", help="score each customer type on its own"
    )
    analyze_cmd.add_argument(
        "--horizon-days",
        type=_horizon_days,
        default=365.0,
        help="horizon of CLV (days, at most 36500)",
    )
    analyze_cmd.add_argument(
        "--discount-rate",
        type=_rate,
        default=0.10,
        help="annual discount rate of CLV, 0 to 1 (default 0.10)",
    )
    analyze_cmd.add_argument(
        "--holdout-days",
        type=_holdout_days,
        help="length of the hold-out period that chooses the churn model "
        "(default: a third of the data's span, at most 52 weeks)",
    )

    for name, label in (("bgnbd", "BG/NBD"), ("paretonbd", "Pareto/NBD")):
        cmd = commands.add_parser(name, help=f"fit the {label} churn model")
        _file_options(cmd, amount="optional", until=True)
        cmd.add_argument(
            "--horizon",
            type=_positive,
            default=52.0,
            help="horizon of expected purchases (units)",
        )
        cmd.add_argument("--per-customer", help="write per-customer figures (CSV)")

    cross = commands.add_parser(
        "crosssell", help="cross-sell rules: products bought together (JSON, CSV)"
    )
    cross.add_argument("file", help="order lines: CSV or XLSX")
    cross.add_argument("--order", required=True, help="order column")
    cross.add_argument("--product", required=True, help="product column")
    cross.add_argument(
        "--min-support",
        type=_share,
        default=0.01,
        help="least share of orders with both products (default 0.01)",
    )
    cross.add_argument(
        "--min-confidence",
        type=_share,
        default=0.0,
        help="least share of the antecedent's orders with the consequent",
    )
    cross.add_argument(
        "--top", type=_count, default=5, help="rules kept per product (default 5)"
    )
    cross.add_argument("--out", help="write every rule here (CSV)")
    cross.add_argument("--sep", help="column separator (default: detect)")
    cross.add_argument("--encoding", type=_encoding, help="file encoding")
    cross.add_argument("--sheet", help="sheet of a spreadsheet (default: the first)")

    gg_cmd = commands.add_parser("gammagamma", help="fit the Gamma-Gamma spend model")
    _file_options(gg_cmd, amount="required", until=True)

    demo_cmd = commands.add_parser("demo-data", help="write a realistic sample file")
    demo_cmd.add_argument("--out", default="crm_insight_demo.csv")
    demo_cmd.add_argument("--customers", type=_count, default=2000)
    demo_cmd.add_argument("--seed", type=_seed, default=42)
    return parser


def _load(args, *, amount, as_of=None):
    frame = read_table(
        args.file,
        sep=args.sep,
        header=not args.no_header,
        sheet=args.sheet,
        encoding=args.encoding,
    )
    return prepare(
        frame,
        customer=args.customer,
        date=args.date,
        amount=amount,
        customer_type=getattr(args, "type", None),
        salesperson=getattr(args, "salesperson", None),
        as_of=as_of,
        date_format=args.date_format,
        number_format=getattr(args, "number_format", None) if amount else None,
    )


def cmd_analyze(args):
    as_of = parse_date_value(args.as_of, "--as-of") if args.as_of is not None else None
    if args.per_type and not args.type:
        raise InputError("--per-type needs --type (the customer type column)")
    check_output(args.out, "--out", inputs=[args.file], suffix=".xlsx")
    transactions = _load(args, amount=args.amount, as_of=as_of)
    result = analyze(
        transactions,
        cohort="type" if args.per_type else None,
        horizon_days=args.horizon_days,
        annual_discount_rate=args.discount_rate,
        holdout_days=args.holdout_days,
    )
    summary = result.json_summary()
    if args.out:
        with XlsxExporter(args.out) as exporter:
            write_analysis(exporter, result)
        summary["report"] = str(Path(args.out))
    return summary


CHURN_MODULES = {"bgnbd": bgnbd, "paretonbd": paretonbd}


def cmd_churn_model(args):
    """``bgnbd`` and ``paretonbd``: fit on the calibration period up to --until."""
    module = CHURN_MODULES[args.command]
    until = parse_date_value(args.until, "--until")
    check_output(args.per_customer, "--per-customer", inputs=[args.file], suffix=".csv")
    transactions = _load(args, amount=args.amount, as_of=until)
    summary = summarize(transactions, unit=args.unit)
    x = summary["frequency"].to_numpy(dtype=float)
    t_x = summary["t_x"].to_numpy(dtype=float)
    T = summary["T"].to_numpy(dtype=float)
    fit = module.fit(x, t_x, T)
    out = fit.as_dict()
    out.update(
        unit=args.unit,
        until=str(until.date()),
        warnings=[str(w) for w in transactions.warnings],
        messages=[m.as_dict() for m in transactions.warnings if hasattr(m, "code")],
    )
    if args.per_customer:
        if not fit.ok:
            raise InputError(
                f"no per-customer figures: the model did not fit ({fit.message})"
            )
        horizon = f"expected_purchases_{args.horizon:g}_{args.unit}s"
        table = summary[["frequency", "t_x", "T"]].rename(columns={"t_x": "recency"})
        table.insert(0, "customer", summary.index)
        table["p_alive"] = np.round(module.p_alive(fit.params, x, t_x, T), 6)
        table[horizon] = np.round(
            module.expected_purchases(fit.params, args.horizon, x, t_x, T), 6
        )
        write_csv(table, args.per_customer)
        out["per_customer"] = args.per_customer
    return out


def cmd_gammagamma(args):
    until = parse_date_value(args.until, "--until")
    transactions = _load(args, amount=args.amount, as_of=until)
    summary = summarize(transactions, unit=args.unit)
    fit = gammagamma.fit(
        summary["frequency"].to_numpy(dtype=float),
        summary["avg_repeat_value"].to_numpy(dtype=float),
    )
    out = fit.as_dict()
    out.update(
        until=str(until.date()), warnings=[str(w) for w in transactions.warnings]
    )
    return out


def cmd_crosssell(args):
    check_output(args.out, "--out", inputs=[args.file], suffix=".csv")
    frame = read_table(
        args.file, sep=args.sep, sheet=args.sheet, encoding=args.encoding
    )
    orders = text_column(frame, args.order, "order").str.strip()
    products = text_column(frame, args.product, "product").str.strip()
    blank = orders.eq("") | products.eq("")
    if blank.all():
        raise InputError("no order line has both an order and a product")
    rules = crosssell.association_rules(
        orders[~blank].to_numpy(),
        products[~blank].to_numpy(),
        min_support=args.min_support,
        min_confidence=args.min_confidence,
        top_n=args.top,
    )
    out = {
        "order_lines": int((~blank).sum()),
        "orders": int(orders[~blank].nunique()),
        "products": int(products[~blank].nunique()),
        "rules": len(rules),
        "min_support": args.min_support,
        "min_confidence": args.min_confidence,
        "top": args.top,
    }
    if int(blank.sum()):
        out["warnings"] = [
            f"{int(blank.sum())} line(s) without order or product left out"
        ]
    if args.out:
        write_csv(rules, args.out)
        out["out"] = args.out
    out["top_rules"] = [
        {
            k: (float(v) if isinstance(v, (float, np.floating)) else v)
            for k, v in row.items()
        }
        for row in rules.sort_values("lift", ascending=False)
        .head(20)
        .to_dict("records")
    ]
    for row in out["top_rules"]:
        row["orders_together"] = int(row["orders_together"])
    return out


def cmd_demo(args):
    check_output(args.out, "--out", suffix=".csv")
    frame = demo.transactions(args.customers, seed=args.seed)
    write_csv(frame, args.out)
    return {
        "file": args.out,
        "rows": len(frame),
        "customers": int(frame["customer"].nunique()),
        "analyze": f"crm-insight analyze {args.out} --customer customer --date date "
        "--amount amount --type type --out report.xlsx",
    }


COMMANDS = {
    "analyze": cmd_analyze,
    "bgnbd": cmd_churn_model,
    "paretonbd": cmd_churn_model,
    "gammagamma": cmd_gammagamma,
    "crosssell": cmd_crosssell,
    "demo-data": cmd_demo,
}


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        result = COMMANDS[args.command](args)
    except InputError as exc:
        print(f"crm-insight: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        print(
            f"crm-insight: error: {exc.strerror or exc}: {exc.filename or ''}",
            file=sys.stderr,
        )
        return EXIT_INPUT
    json.dump(
        _finite(result),
        sys.stdout,
        indent=2,
        ensure_ascii=False,
        default=str,
        allow_nan=False,
    )
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
