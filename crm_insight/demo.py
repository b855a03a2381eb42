"""A realistic sample of transactions, so that ``crm-insight analyze`` runs with
no data of one's own: customers of four types who buy at their own pace, spend
at their own level and drop out one day (the BG/NBD story), with a few refunds.
"""

import numpy as np
import pandas as pd

TYPES = ("consumer", "b2b", "distributor", "internal")
TYPE_SHARES = (0.70, 0.20, 0.06, 0.04)
TYPE_SPEND = {"consumer": 45.0, "b2b": 420.0, "distributor": 1800.0, "internal": 120.0}


def transactions(customers=2000, *, start="2024-01-01", end="2025-12-31", seed=42):
    """A DataFrame with columns customer, date, amount and type."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp(start)
    days = (pd.Timestamp(end) - start).days + 1
    rows_customer, rows_day, rows_amount, rows_type = [], [], [], []
    types = rng.choice(TYPES, size=customers, p=TYPE_SHARES)
    for index in range(customers):
        kind = types[index]
        rate = rng.gamma(0.8, 1 / 20.0)  # purchases per day
        dropout = rng.beta(1.0, 6.0)
        spend = TYPE_SPEND[kind] * rng.gamma(4.0, 0.25)
        day = int(rng.integers(0, int(days * 0.8)))
        while day < days:
            rows_customer.append(f"C{index + 1:05d}")
            rows_day.append(day)
            rows_amount.append(round(float(spend * rng.gamma(6.0, 1 / 6.0)), 2))
            rows_type.append(kind)
            if rng.random() < dropout:
                break
            day += int(np.ceil(rng.exponential(1 / max(rate, 1e-3))))
    frame = pd.DataFrame(
        {
            "customer": rows_customer,
            "date": start + pd.to_timedelta(rows_day, unit="D"),
            "amount": rows_amount,
            "type": rows_type,
        }
    )
    refunds = frame.sample(frac=0.01, random_state=seed).copy()
    refunds["amount"] = -(refunds["amount"] * 0.5).round(2)
    refunds["date"] = refunds["date"] + pd.Timedelta(days=3)
    refunds = refunds[refunds["date"] <= pd.Timestamp(end)]
    frame = pd.concat([frame, refunds]).sort_values(["date", "customer"])
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    return frame.reset_index(drop=True)
