"""``crm-insight``: customer analytics on a sales export, before Odoo is set up.

Every sub-command prints JSON on standard output. Bad input (a missing column,
an unparsable date, an empty file...) prints one line on standard error and
exits with status 2; nothing is written then.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from . import bgnbd, demo, gammagamma
from .analysis import analyze
from .data import UNIT_DAYS, InputError, prepare, read_table, summarize
from .report import XlsxExporter, write_analysis

EXIT_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        # one line, status 2, as for bad data
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message}\n")


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
            "--until", required=True, help="end of the calibration period (YYYY-MM-DD)"
        )
        parser.add_argument("--unit", choices=sorted(UNIT_DAYS), default="week")
    parser.add_argument("--date-format", help="strftime format, e.g. %%d/%%m/%%Y")
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
        "--as-of", help="analysis date (default: last transaction)"
    )
    analyze_cmd.add_argument("--out", help="write the XLSX report here")
    analyze_cmd.add_argument(
        "--per-type", action="store_true", help="score each customer type on its own"
    )
    analyze_cmd.add_argument(
        "--horizon-days", type=float, default=365.0, help="horizon of CLV (days)"
    )
    analyze_cmd.add_argument(
        "--discount-rate", type=float, default=0.10, help="annual discount rate of CLV"
    )

    bgnbd_cmd = commands.add_parser("bgnbd", help="fit the BG/NBD churn model")
    _file_options(bgnbd_cmd, amount="optional", until=True)
    bgnbd_cmd.add_argument(
        "--horizon",
        type=float,
        default=52.0,
        help="horizon of expected purchases (units)",
    )
    bgnbd_cmd.add_argument("--per-customer", help="write per-customer figures (CSV)")

    gg_cmd = commands.add_parser("gammagamma", help="fit the Gamma-Gamma spend model")
    _file_options(gg_cmd, amount="required", until=True)

    demo_cmd = commands.add_parser("demo-data", help="write a realistic sample file")
    demo_cmd.add_argument("--out", default="crm_insight_demo.csv")
    demo_cmd.add_argument("--customers", type=int, default=2000)
    demo_cmd.add_argument("--seed", type=int, default=42)
    return parser


def _load(args, *, amount, as_of=None):
    frame = read_table(
        args.file, sep=args.sep, header=not args.no_header, sheet=args.sheet
    )
    return prepare(
        frame,
        customer=args.customer,
        date=args.date,
        amount=amount,
        customer_type=getattr(args, "type", None),
        as_of=as_of,
        date_format=args.date_format,
    )


def _parse_date(value, option):
    import pandas as pd

    try:
        return pd.Timestamp(value).normalize()
    except (ValueError, TypeError):
        raise InputError(f"{option}: '{value}' is not a date (YYYY-MM-DD)") from None


def cmd_analyze(args):
    as_of = _parse_date(args.as_of, "--as-of") if args.as_of else None
    transactions = _load(args, amount=args.amount, as_of=as_of)
    if args.horizon_days <= 0:
        raise InputError("--horizon-days must be positive")
    result = analyze(
        transactions,
        cohort="type" if args.per_type and args.type else None,
        horizon_days=args.horizon_days,
        annual_discount_rate=args.discount_rate,
    )
    summary = result.json_summary()
    if args.out:
        with XlsxExporter(args.out) as exporter:
            write_analysis(exporter, result)
        summary["report"] = str(Path(args.out))
    return summary


def cmd_bgnbd(args):
    until = _parse_date(args.until, "--until")
    transactions = _load(args, amount=args.amount, as_of=until)
    summary = summarize(transactions, unit=args.unit)
    x = summary["frequency"].to_numpy(dtype=float)
    t_x = summary["t_x"].to_numpy(dtype=float)
    T = summary["T"].to_numpy(dtype=float)
    fit = bgnbd.fit(x, t_x, T)
    out = fit.as_dict()
    out.update(unit=args.unit, until=str(until.date()), warnings=transactions.warnings)
    if args.per_customer:
        if not fit.ok:
            raise InputError(
                f"no per-customer figures: the model did not fit ({fit.message})"
            )
        horizon = f"expected_purchases_{args.horizon:g}_{args.unit}s"
        table = summary[["frequency", "t_x", "T"]].rename(columns={"t_x": "recency"})
        table.insert(0, "customer", summary.index)
        table["p_alive"] = np.round(bgnbd.p_alive(fit.params, x, t_x, T), 6)
        table[horizon] = np.round(
            bgnbd.expected_purchases(fit.params, args.horizon, x, t_x, T), 6
        )
        table.to_csv(args.per_customer, index=False)
        out["per_customer"] = args.per_customer
    return out


def cmd_gammagamma(args):
    until = _parse_date(args.until, "--until")
    transactions = _load(args, amount=args.amount, as_of=until)
    summary = summarize(transactions, unit=args.unit)
    fit = gammagamma.fit(
        summary["frequency"].to_numpy(dtype=float),
        summary["avg_repeat_value"].to_numpy(dtype=float),
    )
    out = fit.as_dict()
    out.update(until=str(until.date()), warnings=transactions.warnings)
    return out


def cmd_demo(args):
    if args.customers < 1:
        raise InputError("--customers must be at least 1")
    frame = demo.transactions(args.customers, seed=args.seed)
    frame.to_csv(args.out, index=False)
    return {
        "file": args.out,
        "rows": len(frame),
        "customers": int(frame["customer"].nunique()),
        "analyze": f"crm-insight analyze {args.out} --customer customer --date date "
        "--amount amount --type type --out report.xlsx",
    }


COMMANDS = {
    "analyze": cmd_analyze,
    "bgnbd": cmd_bgnbd,
    "gammagamma": cmd_gammagamma,
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
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
