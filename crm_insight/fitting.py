"""Maximum-likelihood fitting shared by the BG/NBD and Gamma-Gamma models.

Both models have strictly positive parameters. They are estimated on the log
scale with L-BFGS-B and an analytic gradient; the data are first compressed to
unique rows with weights, which is what makes a million customers cheap. A fit
never raises on bad data or a failed optimisation: it returns a result whose
``status`` says what happened (``ok``, ``insufficient_data``,
``not_converged``, ``invalid_input``) with a human readable ``message``.
"""

from dataclasses import dataclass, field

import numpy as np
from scipy import optimize

OK = "ok"
INSUFFICIENT_DATA = "insufficient_data"
NOT_CONVERGED = "not_converged"
INVALID_INPUT = "invalid_input"


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

    @property
    def ok(self):
        return self.status == OK

    def as_dict(self):
        out = {
            "model": self.model,
            "status": self.status,
            "customers": self.customers,
            "loglik": None if np.isnan(self.loglik) else float(self.loglik),
            "iterations": self.iterations,
        }
        out.update({k: float(v) for k, v in self.params.items()})
        if self.message:
            out["message"] = self.message
        return out


def compress(*columns):
    """Unique rows of the given equal-length arrays and how often each occurs.

    Each column is coded by its rank among its distinct values and the codes
    are combined into one integer key: sorting one int64 array is several
    times faster than ``np.unique(axis=0)`` on the rows.
    """
    uniques, codes = [], []
    for column in columns:
        values, inverse = np.unique(
            np.asarray(column, dtype=float), return_inverse=True
        )
        uniques.append(values)
        codes.append(inverse.astype(np.int64))
    if np.prod([float(len(v)) for v in uniques]) >= 2.0**62:
        unique, counts = np.unique(np.column_stack(columns), axis=0, return_counts=True)
        return [unique[:, i] for i in range(unique.shape[1])], counts.astype(float)
    key = np.zeros(len(codes[0]) if codes else 0, dtype=np.int64)
    for values, code in zip(uniques, codes, strict=True):
        key = key * len(values) + code
    distinct, first, counts = np.unique(key, return_index=True, return_counts=True)
    del distinct
    return [values[code[first]] for values, code in zip(uniques, codes, strict=True)], (
        counts.astype(float)
    )


def maximise(neg_loglik_and_grad, names, starts, *, model, customers):
    """Minimise a negative mean log-likelihood over log-parameters.

    ``neg_loglik_and_grad(params)`` takes the parameters (natural scale) and
    returns (-mean loglik, gradient w.r.t. the parameters). Several starting
    points are tried in turn until one converges (the first usually does).
    """

    def objective(log_params):
        params = np.exp(log_params)
        with np.errstate(all="ignore"):
            value, grad = neg_loglik_and_grad(params)
        if not np.isfinite(value) or not np.all(np.isfinite(grad)):
            return np.inf, np.zeros_like(log_params)
        return value, grad * params  # chain rule: d/dlog p = p d/dp

    best = None
    last_message = ""
    for start in starts:
        try:
            res = optimize.minimize(
                objective,
                np.log(np.asarray(start, dtype=float)),
                jac=True,
                method="L-BFGS-B",
                bounds=[(-30.0, 30.0)] * len(start),
                options={"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-10},
            )
        except (ValueError, FloatingPointError, ArithmeticError) as exc:
            last_message = str(exc)
            continue
        converged = res.success or "ABNORMAL" in str(res.message).upper()
        grad_ok = np.all(np.abs(res.jac) < 1e-4)
        if not (np.isfinite(res.fun) and converged and grad_ok):
            last_message = str(res.message)
            continue
        best = res
        break
    if best is None:
        return FitResult(
            model,
            NOT_CONVERGED,
            "the likelihood could not be maximised"
            + (f" ({last_message})" if last_message else ""),
            customers=customers,
        )
    params = {n: float(v) for n, v in zip(names, np.exp(best.x), strict=True)}
    at_bound = [n for n, v in zip(names, best.x, strict=True) if abs(v) > 29.0]
    if at_bound:
        return FitResult(
            model,
            NOT_CONVERGED,
            f"parameter(s) {', '.join(at_bound)} ran off to an extreme value: "
            "the data do not identify the model",
            customers=customers,
            iterations=int(best.nit),
        )
    return FitResult(
        model,
        OK,
        params=params,
        loglik=float(-best.fun * customers),
        customers=customers,
        iterations=int(best.nit),
    )
