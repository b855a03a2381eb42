"""Warnings and statuses as codes with parameters, so that Odoo can translate them.

Every warning crm_insight returns is a :class:`Message`: a ``str`` (its English
text, so that ``"\\n".join(warnings)`` and ``"refund" in warning`` keep
working) that also carries a ``code`` and its ``params``. Odoo translates by
code: ``env._(TEMPLATES[code], **params)`` with the template copied into its own
``_lt`` table or PO file (the placeholders are ``%(name)s``, the Odoo style).

The codes, their parameters and English texts are :data:`TEMPLATES`; the
README's "Messages" table is generated from it. A code is never renamed or
reused for another meaning; new ones are added at the end of their group.

A message that wraps the failure of a fit (``churn_not_fitted``,
``churn_fallback``, ``spend_not_fitted``) has the English text of that
failure in ``reason`` and, for translation, its code and parameters in
``reason_code`` and ``reason_params`` (translate those, then substitute).
``rfm_unranked`` has ``where`` (English, " in cohort X" or empty) and the raw
``cohort`` (None for all customers).
"""

# code -> English template; placeholders are %(name)s (Odoo's _() style)
TEMPLATES = {
    # ---- reading files (warnings; errors are InputError)
    "encoding_cp1252": "%(file)s is not UTF-8: read as Windows-1252 (cp1252)",
    "dates_ambiguous_dayfirst": (
        "column '%(column)s': every date fits both day/month and month/day "
        "(e.g. '%(example)s'); read as day/month (use --date-format to change)"
    ),
    "dates_utc": (
        "column '%(column)s': %(rows)s timestamp(s) with a time zone offset "
        "converted to UTC before taking the day"
    ),
    "amounts_format": (
        "column '%(column)s': amounts read as %(format)s numbers "
        "(proved by row %(row)s: '%(example)s')"
    ),
    "duplicate_rows": (
        "%(rows)s row(s) repeat an earlier row exactly (first: row %(row)s); "
        "they were kept: check the export if they are not separate purchases"
    ),
    "refund_rows": (
        "%(rows)s refund row(s) (negative amounts) netted into spend; "
        "they do not count as purchases"
    ),
    "rows_after_as_of": "%(rows)s row(s) dated after %(date)s ignored",
    "refunds_only": "%(customers)s customer(s) with refunds only left out",
    "dates_after_today": (
        "column '%(column)s': %(rows)s row(s) dated after today (%(today)s), "
        "first row %(row)s '%(value)s': they move the analysis date; a typo? "
        "(use --as-of to set it)"
    ),
    "dates_far_beyond": (
        "column '%(column)s': the last date %(date)s (row %(row)s) is %(days)s "
        "days after the one before it (%(previous)s) and sets the analysis "
        "date; a typo? (use --as-of to set it)"
    ),
    # ---- RFM
    "rfm_unranked": (
        "%(dimension)s could not be ranked into %(n)s groups%(where)s: "
        "%(share)s of customers share the value %(value)s; scores used %(used)s "
        "(unused %(unused)s); cut points %(cuts)s"
    ),
    "rfm_fixed_cuts": (
        "%(dimension)s: every customer%(where)s has the same value "
        "(%(value)s) and cannot be ranked: scored on the fixed cut points "
        "%(cuts)s instead"
    ),
    # ---- fits (FitResult.code; the status says ok / insufficient_data /
    # not_converged / invalid_input)
    "fit_ok": "fitted",
    "fit_invalid_input": "invalid input: %(detail)s",
    "fit_too_few_customers": (
        "%(customers)s customer(s): at least %(needed)s are needed"
    ),
    "fit_no_repeat": "no customer made a repeat purchase: dropout cannot be estimated",
    "fit_no_time": "every customer bought for the first time at the end of the period",
    "fit_flat_spend": (
        "every customer spends exactly the same: spend heterogeneity cannot be "
        "estimated"
    ),
    "fit_not_maximised": "the likelihood could not be maximised (%(detail)s)",
    "fit_boundary": (
        "parameter(s) %(params)s at the edge of the search range: the optimum is on "
        "a boundary and the data do not identify the model"
    ),
    "fit_runaway": (
        "parameter(s) %(params)s ran off to extreme values: the data do not "
        "identify the model"
    ),
    "fit_nonfinite": (
        "the fitted model gives non-finite predictions for %(customers)s customer(s)"
    ),
    # ---- churn model choice (analysis)
    "churn_chosen_holdout": (
        "churn model %(model)s chosen: lowest hold-out error (RMSE %(error)s "
        "purchases per customer over the last %(days)s days)"
    ),
    "churn_holdout_too_short": (
        "the data span %(days)s days: too short for a hold-out check (at least "
        "%(needed)s days); churn model chosen by in-sample likelihood"
    ),
    "churn_chosen_loglik": "churn model %(model)s chosen by in-sample likelihood",
    "churn_no_holdout": (
        "no hold-out data given: churn model chosen by in-sample likelihood"
    ),
    "churn_holdout_failed": (
        "no model could be fitted on the calibration period: churn model chosen "
        "by in-sample likelihood"
    ),
    "churn_bgnbd_not_clear": (
        "BG/NBD, which gives one-time buyers no churn risk, was not clearly "
        "better: %(model)s used"
    ),
    "churn_fallback": (
        "churn model %(model)s failed on the whole data (%(reason)s); "
        "%(fallback)s used instead"
    ),
    "churn_not_fitted": (
        "no churn model could be fitted (%(reason)s): churn risk, expected "
        "purchases and CLV are left empty"
    ),
    "churn_bgnbd_one_time_buyers": (
        "churn model BG/NBD assumes nobody leaves before a second purchase: "
        "%(customers)s one-time buyer(s) get no churn risk"
    ),
    "spend_not_fitted": (
        "spend model not fitted (%(reason)s): expected revenue and CLV are left empty"
    ),
    "churn_holdout_few_customers": (
        "only %(customers)s customer(s) bought before the hold-out period "
        "(from %(date)s): at least %(needed)s are needed for a hold-out check; "
        "churn model chosen by in-sample likelihood"
    ),
    "churn_holdout_empty": (
        "no purchase in the hold-out period (%(start)s to %(end)s): nothing to "
        "check the models against; churn model chosen by in-sample likelihood"
    ),
    "projection_spend_mean": (
        "spend model: q <= 1, the expected spend of %(customers)s customer(s) "
        "without repeat purchases is unbounded; the revenue projection uses "
        "the average purchase value of the data (%(value)s) for them"
    ),
    # ---- per-customer notes (Scoring.customers["churn_note"])
    "churn_disagrees_segment": (
        "segment %(segment)s (recency, frequency and spend compared with the "
        "other customers) but churn risk %(churn_risk)s: %(silence_days)s days "
        "without a purchase, against %(usual_interval_days)s days between "
        "purchases usually (%(purchases)s purchases)"
    ),
    "churn_disagrees_segment_once": (
        "segment %(segment)s (recency, frequency and spend compared with the "
        "other customers) but churn risk %(churn_risk)s: one purchase only, "
        "%(silence_days)s days ago"
    ),
    "churn_low_for_segment": (
        "segment %(segment)s (compared with the other customers) but churn risk "
        "only %(churn_risk)s: %(silence_days)s days without a purchase, against "
        "%(usual_interval_days)s days between purchases usually (%(purchases)s "
        "purchases): the churn model reads the customer's own rhythm"
    ),
    "churn_low_for_segment_once": (
        "segment %(segment)s (compared with the other customers) but churn risk "
        "only %(churn_risk)s: the churn model %(model)s assumes that a customer "
        "with one purchase has not left"
    ),
    "spend_unbounded_mean": (
        "spend model: q <= 1, the average spend of a customer without repeat "
        "purchases is unbounded; their CLV is left empty"
    ),
}


class Message(str):
    """A warning: its English text, plus ``code`` and ``params`` for Odoo."""

    code: str
    params: dict

    def __new__(cls, code, **params):
        text = render(code, params)
        self = super().__new__(cls, text)
        self.code = code
        self.params = params
        return self

    def as_dict(self):
        return {"code": self.code, "params": dict(self.params), "text": str(self)}

    def __reduce__(self):  # pickling (Odoo's queue, multiprocessing)
        return (_rebuild, (self.code, self.params))


def _rebuild(code, params):
    return Message(code, **params)


def render(code, params):
    """English text of a code with its parameters."""
    template = TEMPLATES[code]
    try:
        return template % {k: _show(v) for k, v in params.items()}
    except (KeyError, TypeError, ValueError):
        return f"{template} {params}"


def _show(value):
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(v) for v in value)
    return value


def as_dicts(messages):
    """JSON form of a list of warnings (plain strings get the code ``text``)."""
    out = []
    for message in messages:
        if isinstance(message, Message):
            out.append(message.as_dict())
        else:
            out.append({"code": "text", "params": {}, "text": str(message)})
    return out
