"""Customer bases simulated from each churn model (for the model choice tests).

Customers join uniformly over the first ``join`` weeks and are followed until
``split`` (calibration) and ``end`` (hold-out). Returns the calibration
summary (frequency, t_x, T in weeks, on whole days) and each customer's
hold-out purchases.
"""

import numpy as np
import pandas as pd


def simulate(model, params, n, *, split=52.0, end=104.0, join=40.0, seed=0):
    rng = np.random.default_rng(seed)
    birth = rng.uniform(0, join, n)
    lam = rng.gamma(params["r"], 1 / params["alpha"], n)
    if model == "paretonbd":
        mu = rng.gamma(params["s"], 1 / params["beta"], n)
        death = birth + rng.exponential(1 / mu)
    else:
        p = rng.beta(params["a"], params["b"], n)
        death = np.full(n, np.inf)
        if model == "mbgnbd":  # may leave right after the first purchase
            gone = rng.random(n) < p
            death[gone] = birth[gone]
    now = birth.copy()
    last = birth.copy()
    calib = np.zeros(n)
    hold = np.zeros(n)
    active = death > birth
    while active.any():
        idx = np.flatnonzero(active)
        now[idx] += rng.exponential(1 / lam[idx])
        done = (now[idx] > end) | (now[idx] > death[idx])
        active[idx[done]] = False
        bought = idx[~done]
        in_calib = now[bought] <= split
        calib[bought[in_calib]] += 1
        last[bought[in_calib]] = now[bought[in_calib]]
        hold[bought[~in_calib]] += 1
        if model != "paretonbd":  # leaves after a repeat purchase with prob p
            leave = bought[rng.random(len(bought)) < p[bought]]
            death[leave] = now[leave]
            active[leave] = False
    # days, as exports have them (and as few distinct histories)
    birth = np.floor(birth * 7) / 7
    last = np.maximum(np.floor(last * 7) / 7, birth)
    summary = pd.DataFrame(
        {"frequency": calib, "t_x": last - birth, "T": split - birth}
    )
    return summary, hold
