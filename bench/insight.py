#!/usr/bin/env python3
"""Benchmark of crm_insight at scale (a benchmark, not a test).

1,000,000 customers and 10,000,000 transactions generated in memory; times the
RFM scoring (from the raw transactions: cleaning, per-customer aggregation,
scores and segments), the BG/NBD fit and the Gamma-Gamma fit, and reports the
peak memory of the process. Then fits BG/NBD with the ``lifetimes`` package on
the same summary, in a virtual environment of its own (bench/out/lifetimes-venv,
installed from PyPI on first use), and prints both parameter sets and the
speed ratio.

Targets: RFM < 10 s, BG/NBD < 20 s, peak memory < 4 GB; same parameters as
lifetimes to 4 significant figures, our fit at least 5x faster.

Usage: python bench/insight.py [--customers N] [--transactions N] [--no-lifetimes]
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crm_insight import bgnbd, gammagamma, rfm  # noqa: E402
from crm_insight.data import prepare, summarize  # noqa: E402

OUT = ROOT / "bench" / "out"
LIFETIMES_FIT = """
import json, sys, time
import numpy as np
from lifetimes import BetaGeoFitter
data = np.load(sys.argv[1])
start = time.perf_counter()
fitter = BetaGeoFitter(penalizer_coef=0.0)
fitter.fit(data["x"], data["t_x"], data["T"])
elapsed = time.perf_counter() - start
params = {k: float(v) for k, v in fitter.params_.items()}
print(json.dumps({"seconds": elapsed, **params}))
"""


def generate(customers, transactions, seed=11):
    """Customers who join over 20 months and buy as the BG/NBD model says: at
    their own Poisson rate, dropping out after a purchase with their own
    probability. Trimmed (random repeat purchases) to exactly ``transactions``.
    """
    rng = np.random.default_rng(seed)
    horizon = 730
    birth = rng.integers(0, 600, customers)
    window = horizon - 1 - birth
    rate = rng.gamma(0.8, 0.08, customers)  # purchases per day
    dropout = rng.beta(1.0, 15.0, customers)
    possible = rng.poisson(rate * window)
    before_dropout = rng.geometric(dropout)
    repeats = np.minimum(possible, before_dropout)
    total = customers + int(repeats.sum())
    if total < transactions:
        raise SystemExit(
            f"generated {total:,} transactions, fewer than {transactions:,}"
        )
    owner = np.repeat(np.arange(customers), repeats)
    # The repeat purchases are the first k of the n events of a Poisson process
    # on the window: with E exponential, the sorted uniforms are cumsum(E) over
    # the sum of n + 1 of them, of which the last n + 1 - k sum to a Gamma.
    spacing = rng.exponential(1.0, len(owner))
    cumulative = np.cumsum(spacing)
    group_start = np.concatenate([[0], np.cumsum(repeats)[:-1]])
    base = np.concatenate([[0.0], cumulative])[group_start]
    within = cumulative - np.repeat(base, repeats)
    rest = rng.gamma(np.maximum(possible + 1 - repeats, 1), 1.0)
    last = np.zeros(customers)
    has = repeats > 0
    last[has] = within[np.cumsum(repeats)[has] - 1]
    offsets = np.floor(window[owner] * within / np.repeat(last + rest, repeats)) + 1
    keep = np.sort(rng.permutation(len(owner))[: transactions - customers])
    owner, offsets = owner[keep], offsets[keep]
    all_owner = np.concatenate([np.arange(customers), owner])
    day = np.concatenate([birth, birth[owner] + offsets])
    amount = np.round(rng.lognormal(3.5, 0.8, transactions), 2)
    refunds = rng.random(transactions) < 0.01
    refunds[:customers] = False  # first purchases are purchases
    amount[refunds] = -amount[refunds] / 2
    dates = np.datetime64("2024-01-01") + day.astype("timedelta64[D]")
    return pd.DataFrame({"customer": all_owner, "date": dates, "amount": amount})


def timed(label, fn, results):
    start = time.perf_counter()
    value = fn()
    results[label] = time.perf_counter() - start
    return value


def peak_memory_gb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def lifetimes_python():
    venv = OUT / "lifetimes-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        print("installing lifetimes from PyPI into", venv, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "lifetimes==0.11.3"],
            check=True,
        )
    return python


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--transactions", type=int, default=10_000_000)
    parser.add_argument("--no-lifetimes", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    times = {}

    frame = timed(
        "generate", lambda: generate(args.customers, args.transactions), times
    )
    print(f"generated {len(frame):,} transactions of {args.customers:,} customers")

    def score_rfm():
        transactions = prepare(
            frame, customer="customer", date="date", amount="amount", as_of="2025-12-31"
        )
        summary = summarize(transactions, unit="week")
        return summary, rfm.score(summary)

    summary, scored = timed("rfm", score_rfm, times)
    x = summary["frequency"].to_numpy(dtype=float)
    t_x = summary["t_x"].to_numpy(dtype=float)
    T = summary["T"].to_numpy(dtype=float)
    fit = timed("bgnbd", lambda: bgnbd.fit(x, t_x, T), times)
    value = timed(
        "gammagamma",
        lambda: gammagamma.fit(x, summary["avg_repeat_value"].to_numpy(dtype=float)),
        times,
    )
    memory = peak_memory_gb()

    print()
    print(f"customers scored         {len(summary):>12,}")
    print(f"segments                 {scored.scores['segment'].nunique():>12}")
    print(
        f"RFM scoring              {times['rfm']:>10.2f} s   target < 10 s   "
        f"{'PASS' if times['rfm'] < 10 else 'MISS'}"
    )
    print(
        f"BG/NBD fit               {times['bgnbd']:>10.2f} s   target < 20 s   "
        f"{'PASS' if times['bgnbd'] < 20 else 'MISS'}   status {fit.status}"
    )
    print(
        f"Gamma-Gamma fit          {times['gammagamma']:>10.2f} s                   "
        f"status {value.status} ({value.customers:,} repeat buyers)"
    )
    print(
        f"peak memory              {memory:>10.2f} GB  target < 4 GB   "
        f"{'PASS' if memory < 4 else 'MISS'}"
    )
    print("BG/NBD:", {k: round(v, 6) for k, v in fit.params.items()})
    print("Gamma-Gamma:", {k: round(v, 6) for k, v in value.params.items()})

    if args.no_lifetimes:
        return 0
    data = OUT / "bgnbd_summary.npz"
    np.savez(data, x=x, t_x=t_x, T=T)
    proc = subprocess.run(
        [str(lifetimes_python()), "-c", LIFETIMES_FIT, str(data)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        print("lifetimes failed:", proc.stderr.strip().splitlines()[-1])
        return 1
    theirs = json.loads(proc.stdout.strip().splitlines()[-1])
    print()
    print(f"{'':8}{'crm_insight':>14}{'lifetimes':>14}{'rel. diff':>12}")
    same = True
    for name in ("r", "alpha", "a", "b"):
        ours = fit.params[name]
        diff = abs(ours - theirs[name]) / abs(theirs[name])
        same &= diff < 5e-4
        print(f"{name:8}{ours:>14.6g}{theirs[name]:>14.6g}{diff:>12.1e}")
    ratio = theirs["seconds"] / times["bgnbd"]
    print(f"fit time{times['bgnbd']:>13.2f}s{theirs['seconds']:>13.2f}s")
    print(f"same parameters to 4 significant figures: {'PASS' if same else 'MISS'}")
    print(f"speed-up x{ratio:.1f}   target >= 5x   {'PASS' if ratio >= 5 else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
