"""Maximum-likelihood fitting shared by the churn models (BG/NBD, MBG/NBD,
Pareto/NBD) and the Gamma-Gamma spend model.

Every model has strictly positive parameters. They are estimated on the log
scale with L-BFGS-B and an analytic gradient (semi-analytic for Pareto/NBD);
the data are first compressed to their distinct rows with weights, which is
what makes a million customers cheap. A fit never raises on bad data or a
failed optimisation: it returns a :class:`FitResult` whose ``status`` says what
happened, with a message that has a code (:mod:`crm_insight.messages`):

``ok``
    a proper interior maximum (code ``fit_ok``).
``insufficient_data``
    too few customers, no repeat purchase, no elapsed time, flat spend.
``invalid_input``
    negative, non-finite or inconsistent figures.
``not_converged``
    the optimiser failed (``fit_not_maximised``), stopped at the edge of the
    search range (``fit_boundary``), a parameter ran away to an implausible
    value (``fit_runaway``: a shape above :data:`MAX_SHAPE` or below
    :data:`MIN_SHAPE`, a scale more than :data:`MAX_SCALE_RATIO` times away
    from the data's own scale) or the fitted model gives non-finite
    predictions (``fit_nonfinite``). The parameters found are kept in
    ``FitResult.rejected`` for the curious, never used: ``params`` stays empty
    and nothing is scored with them.
"""

from contextlib import nullcontext
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize

from .messages import Message

OK = "ok"
INSUFFICIENT_DATA = "insufficient_data"
NOT_CONVERGED = "not_converged"
INVALID_INPUT = "invalid_input"
STATUSES = (OK, INSUFFICIENT_DATA, NOT_CONVERGED, INVALID_INPUT)

# plausibility limits of a fitted parameter (see the module documentation)
MAX_SHAPE = 1e3
MIN_SHAPE = 1e-4
MAX_SCALE_RATIO = 1e6
LOG_BOUND = 30.0  # the search range is exp(-30) .. exp(30)
PILOT_CUSTOMERS = 50_000  # above this, a pilot fit on a subsample starts the fit
FTOL = 1e-13  # relative change of the mean log-likelihood at which a fit stops
GTOL = 1e-8  # and its largest gradient component (log-parameters)


def one_blas_thread():
    """Run L-BFGS-B with one BLAS thread: its BLAS calls are on 4 x 4
    matrices, and OpenBLAS threads waiting for cores that other processes
    hold made a 300-customer fit 100 times slower on a busy 2-core machine.
    Without threadpoolctl (an optional dependency) nothing changes."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


@dataclass
class FitResult:
    """Outcome of a model fit. ``params`` is empty unless ``status`` is ok."""

    model: str
    status: str
    message: str = ""
    params: dict = field(default_factory=dict)
    loglik: float = float("nan")
    customers: int = 0
    iterations: int = 0
    rejected: dict = field(default_factory=dict)

    @property
    def ok(self):
        return self.status == OK

    @property
    def code(self):
        """The message code (``fit_ok`` when fitted)."""
        return getattr(self.message, "code", None) or ("fit_ok" if self.ok else "text")

    @property
    def message_params(self):
        return dict(getattr(self.message, "params", {}) or {})

    def as_dict(self):
        out = {
            "model": self.model,
            "status": self.status,
            "code": self.code,
            "customers": self.customers,
            "loglik": None if np.isnan(self.loglik) else float(self.loglik),
            "iterations": self.iterations,
        }
        out.update({k: float(v) for k, v in self.params.items()})
        if self.message:
            out["message"] = str(self.message)
            out["message_params"] = _jsonable(self.message_params)
        if self.rejected:
            out["rejected_params"] = {k: float(v) for k, v in self.rejected.items()}
        return out


def _jsonable(params):
    return {
        k: (float(v) if isinstance(v, (np.floating, np.integer)) else v)
        for k, v in params.items()
    }


def failure(model, status, code, *, customers=0, **params):
    """A FitResult that did not fit, with its coded message (whose params
    include ``customers``: several templates show it)."""
    return FitResult(
        model, status, Message(code, customers=customers, **params), customers=customers
    )


def _row_codes(arrays):
    """One int64 code per row of equal-length float arrays (equal rows, equal
    codes) by hashing (pandas.factorize), not sorting: the same distinct rows
    as numpy.unique(axis=0), several times faster on a million rows."""
    key = np.zeros(arrays[0].size, dtype=np.int64)
    width = 1.0
    for column in arrays:
        codes, uniques = pd.factorize(column, sort=False)
        width *= max(len(uniques), 1)
        if width >= 2.0**62:
            return None
        key = key * max(len(uniques), 1) + codes
    return key


def distinct_rows(*columns):
    """Distinct rows of equal-length arrays and, for each input row, the index
    of its distinct row: predictions are computed once per distinct row."""
    arrays = [np.asarray(c, dtype=float).ravel() for c in columns]
    if not arrays or arrays[0].size == 0:
        return [a[:0] for a in arrays], np.zeros(0, dtype=np.int64)
    key = _row_codes(arrays)
    if key is None:
        unique, inverse = np.unique(
            np.column_stack(arrays), axis=0, return_inverse=True
        )
        return [unique[:, i] for i in range(unique.shape[1])], inverse.ravel()
    inverse, _uniques = pd.factorize(key, sort=False)
    first = np.full(inverse.max() + 1, -1, dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(inverse) - 1, -1, -1)
    return [a[first] for a in arrays], inverse.astype(np.int64)


def compress(*columns):
    """Distinct rows of the given equal-length arrays and how often each
    occurs (as float weights): the likelihoods are sums over these."""
    rows, inverse = distinct_rows(*columns)
    counts = np.bincount(inverse, minlength=len(rows[0]) if rows else 0)
    return rows, counts.astype(float)


def maximise(
    neg_loglik_and_grad,
    names,
    starts,
    *,
    model,
    customers,
    shapes=(),
    scales=None,
    check=None,
):
    """Minimise a negative mean log-likelihood over log-parameters.

    ``neg_loglik_and_grad(params)`` takes the parameters (natural scale) and
    returns (-mean loglik, gradient w.r.t. the parameters). Several starting
    points are tried in turn until one converges (the first usually does).
    ``shapes`` names the shape parameters and ``scales`` maps the scale
    parameters to the data's own scale, for the runaway check; ``check(params)``
    returns how many customers get non-finite predictions (0 when all is well).
    """

    def objective(log_params):
        params = np.exp(log_params)
        with np.errstate(all="ignore"):
            value, grad = neg_loglik_and_grad(params)
        if not np.isfinite(value) or not np.all(np.isfinite(grad)):
            return np.inf, np.zeros_like(log_params)
        return value, grad * params  # chain rule: d/dlog p = p d/dp

    # shapes are searched a little beyond their plausible range only: a fit
    # running away along a flat ridge stops there (and is reported) early
    shape_bound = (np.log(MIN_SHAPE) - 1.0, np.log(MAX_SHAPE) + 1.0)
    bounds = [shape_bound if n in shapes else (-LOG_BOUND, LOG_BOUND) for n in names]
    best = None
    last_message = ""
    with one_blas_thread():
        best, last_message = _minimise(objective, starts, bounds, names, shapes)
    return _judge(best, last_message, names, model, customers, shapes, scales, check)


def _minimise(objective, starts, bounds, names, shapes):
    best = None
    last_message = ""
    limit = np.log(MAX_SHAPE)
    watched = [i for i, n in enumerate(names) if n in shapes]

    last = {}

    def runaway_stop(intermediate_result):
        # an accepted iterate past the plausible range: the fit is running
        # away along a flat ridge; stop now rather than walk to the bound
        # (scipy >= 1.11 passes an OptimizeResult, older ones the array)
        x = np.asarray(getattr(intermediate_result, "x", intermediate_result))
        last["x"] = x
        if watched and np.any(x[watched] > limit):
            raise StopIteration

    for start in starts:
        try:
            res = optimize.minimize(
                objective,
                np.log(np.asarray(start, dtype=float)),
                jac=True,
                method="L-BFGS-B",
                bounds=bounds,
                callback=runaway_stop,
                options={"maxiter": 2000, "ftol": FTOL, "gtol": GTOL},
            )
        except StopIteration:  # scipy < 1.11 lets the callback's stop through
            x = last["x"]
            return optimize.OptimizeResult(x=x, fun=objective(x)[0], nit=0), ""
        except (ValueError, FloatingPointError, ArithmeticError) as exc:
            last_message = str(exc)
            continue
        if watched and np.any(res.x[watched] > limit):
            return res, ""  # judged as runaway
        converged = res.success or "ABNORMAL" in str(res.message).upper()
        grad_ok = np.all(np.abs(res.jac) < 1e-4)
        if not (np.isfinite(res.fun) and converged and grad_ok):
            last_message = str(res.message)
            continue
        best = res
        break
    return best, last_message


def _judge(best, last_message, names, model, customers, shapes, scales, check):
    """The FitResult of an optimisation: converged, at the edge, runaway,
    non-finite predictions, or fitted."""
    if best is None:
        return failure(
            model,
            NOT_CONVERGED,
            "fit_not_maximised",
            customers=customers,
            detail=last_message or "no starting point converged",
        )
    params = {n: float(v) for n, v in zip(names, np.exp(best.x), strict=True)}
    found = {
        "rejected": params,
        "customers": customers,
        "iterations": int(best.nit),
        "loglik": np.nan,
    }
    at_bound = [
        n for n, v in zip(names, best.x, strict=True) if abs(v) > LOG_BOUND - 1.0
    ]
    if at_bound:
        return FitResult(
            model,
            NOT_CONVERGED,
            Message("fit_boundary", params=", ".join(at_bound)),
            **found,
        )
    runaway = [
        f"{n} = {params[n]:.4g}"
        for n in shapes
        if not MIN_SHAPE <= params[n] <= MAX_SHAPE
    ]
    for name, scale in (scales or {}).items():
        ratio = params[name] / scale if scale > 0 else 1.0
        if not 1.0 / MAX_SCALE_RATIO <= ratio <= MAX_SCALE_RATIO:
            runaway.append(f"{name} = {params[name]:.4g}")
    if runaway:
        return FitResult(
            model,
            NOT_CONVERGED,
            Message("fit_runaway", params=", ".join(runaway)),
            **found,
        )
    if check is not None:
        with np.errstate(all="ignore"):
            bad = int(check(params))
        if bad:
            return FitResult(
                model, NOT_CONVERGED, Message("fit_nonfinite", customers=bad), **found
            )
    return FitResult(
        model,
        OK,
        params=params,
        loglik=float(-best.fun * customers),
        customers=customers,
        iterations=int(best.nit),
    )


# ------------------------------------------------------------ counting models
def validate_counts(frequency, recency, T):
    """The (x, t_x, T) arrays of a churn model, or (None, message)."""
    x = np.asarray(frequency, dtype=float)
    t_x = np.asarray(recency, dtype=float)
    T = np.asarray(T, dtype=float)
    if not (x.shape == t_x.shape == T.shape):
        return None, "frequency, recency and T must have the same length"
    if x.size and not (
        np.all(np.isfinite(x)) and np.all(np.isfinite(t_x)) and np.all(np.isfinite(T))
    ):
        return None, "frequency, recency and T must be finite numbers"
    if np.any(x < 0) or np.any(t_x < 0) or np.any(T < 0):
        return None, "frequency, recency and T cannot be negative"
    if np.any(t_x > T + 1e-9):
        return None, "recency cannot exceed T (the last purchase after the end)"
    if np.any((x == 0) & (t_x > 0)):
        return None, "a customer without repeat purchases must have recency 0"
    return (x.ravel(), t_x.ravel(), T.ravel()), None


def fit_counts(module, frequency, recency, T, starts_for, neg_loglik):
    """The common frame of the churn model fits: validation, the data checks
    every model needs, compression, starting points, the fit itself and its
    plausibility checks (runaway parameters, non-finite predictions)."""
    name = module.MODEL
    data, error = validate_counts(frequency, recency, T)
    if error:
        return failure(name, INVALID_INPUT, "fit_invalid_input", detail=error)
    x, t_x, T = data
    customers = int(x.size)
    if customers < 2:
        return failure(
            name,
            INSUFFICIENT_DATA,
            "fit_too_few_customers",
            customers=customers,
            needed=2,
        )
    if not np.any(x > 0):
        return failure(name, INSUFFICIENT_DATA, "fit_no_repeat", customers=customers)
    if not np.any(T > 0):
        return failure(name, INSUFFICIENT_DATA, "fit_no_time", customers=customers)
    scale = float(np.mean(T)) or 1.0
    starts = list(starts_for(scale))
    if customers > PILOT_CUSTOMERS:
        # a pilot fit on a fixed random subsample starts the full fit close to
        # its optimum: a few iterations on all the data instead of twenty
        pick = np.random.default_rng(0).choice(
            customers, PILOT_CUSTOMERS, replace=False
        )
        pilot = fit_counts(module, x[pick], t_x[pick], T[pick], starts_for, neg_loglik)
        if pilot.ok:
            starts.insert(0, tuple(pilot.params[n] for n in module.NAMES))
    (xu, tu, Tu), weights = compress(x, t_x, T)

    (pair_x, pair_T), pair_index = distinct_rows(xu, Tu)

    def check(params):
        # predictions over a horizon as long as the mean age, per distinct row
        # (p_alive) and per distinct (x, T) (purchases of a customer alive)
        alive = module.p_alive(params, xu, tu, Tu)
        expected = module.expected_purchases_alive(params, scale, pair_x, pair_T)
        bad = ~(np.isfinite(alive) & np.isfinite(expected[pair_index]))
        return weights[bad].sum()

    return maximise(
        neg_loglik(xu, tu, Tu, weights),
        module.NAMES,
        starts,
        model=name,
        customers=customers,
        shapes=module.SHAPES,
        scales={n: scale for n in module.SCALES},
        check=check,
    )
