# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""crm_insight's messages, translated by Odoo.

crm_insight returns every warning and fit status as a code with parameters
(``crm_insight.messages``); its English templates are copied here as lazy
terms so that Odoo exports them to the addon's PO files, and a test checks
the copy against crm_insight's table. A run stores the codes and parameters
(JSON) and shows them in the reader's language.
"""

import json

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# crm_insight.messages.TEMPLATES, as Odoo terms (code -> English template)
TEXTS = {
    "encoding_cp1252": _lt("%(file)s is not UTF-8: read as Windows-1252 (cp1252)"),
    "dates_ambiguous_dayfirst": _lt(
        "column '%(column)s': every date fits both day/month and month/day "
        "(e.g. '%(example)s'); read as day/month (use --date-format to change)"
    ),
    "dates_utc": _lt(
        "column '%(column)s': %(rows)s timestamp(s) with a time zone offset "
        "converted to UTC before taking the day"
    ),
    "amounts_format": _lt(
        "column '%(column)s': amounts read as %(format)s numbers (proved by row"
        " %(row)s: '%(example)s')"
    ),
    "duplicate_rows": _lt(
        "%(rows)s row(s) repeat an earlier row exactly (first: row %(row)s); "
        "they were kept: check the export if they are not separate purchases"
    ),
    "refund_rows": _lt(
        "%(rows)s refund row(s) (negative amounts) netted into spend; they do "
        "not count as purchases"
    ),
    "rows_after_as_of": _lt("%(rows)s row(s) dated after %(date)s ignored"),
    "refunds_only": _lt("%(customers)s customer(s) with refunds only left out"),
    "dates_after_today": _lt(
        "column '%(column)s': %(rows)s row(s) dated after today (%(today)s), "
        "first row %(row)s '%(value)s': they move the analysis date; a typo? "
        "(use --as-of to set it)"
    ),
    "dates_far_beyond": _lt(
        "column '%(column)s': the last date %(date)s (row %(row)s) is %(days)s "
        "days after the one before it (%(previous)s) and sets the analysis "
        "date; a typo? (use --as-of to set it)"
    ),
    "rfm_unranked": _lt(
        "%(dimension)s could not be ranked into %(n)s groups%(where)s: "
        "%(share)s of customers share the value %(value)s; scores used %(used)s"
        " (unused %(unused)s); cut points %(cuts)s"
    ),
    "rfm_fixed_cuts": _lt(
        "%(dimension)s: every customer%(where)s has the same value (%(value)s) "
        "and cannot be ranked: scored on the fixed cut points %(cuts)s instead"
    ),
    "fit_ok": _lt("fitted"),
    "fit_invalid_input": _lt("invalid input: %(detail)s"),
    "fit_too_few_customers": _lt(
        "%(customers)s customer(s): at least %(needed)s are needed"
    ),
    "fit_no_repeat": _lt(
        "no customer made a repeat purchase: dropout cannot be estimated"
    ),
    "fit_no_time": _lt(
        "every customer bought for the first time at the end of the period"
    ),
    "fit_flat_spend": _lt(
        "every customer spends exactly the same: spend heterogeneity cannot be "
        "estimated"
    ),
    "fit_not_maximised": _lt("the likelihood could not be maximised (%(detail)s)"),
    "fit_boundary": _lt(
        "parameter(s) %(params)s at the edge of the search range: the optimum "
        "is on a boundary and the data do not identify the model"
    ),
    "fit_runaway": _lt(
        "parameter(s) %(params)s ran off to extreme values: the data do not "
        "identify the model"
    ),
    "fit_nonfinite": _lt(
        "the fitted model gives non-finite predictions for %(customers)s customer(s)"
    ),
    "churn_chosen_holdout": _lt(
        "churn model %(model)s chosen: lowest hold-out error (RMSE %(error)s "
        "purchases per customer over the last %(days)s days)"
    ),
    "churn_holdout_too_short": _lt(
        "the data span %(days)s days: too short for a hold-out check (at least "
        "%(needed)s days); churn model chosen by in-sample likelihood"
    ),
    "churn_chosen_loglik": _lt("churn model %(model)s chosen by in-sample likelihood"),
    "churn_no_holdout": _lt(
        "no hold-out data given: churn model chosen by in-sample likelihood"
    ),
    "churn_holdout_failed": _lt(
        "no model could be fitted on the calibration period: churn model chosen"
        " by in-sample likelihood"
    ),
    "churn_bgnbd_not_clear": _lt(
        "BG/NBD, which gives one-time buyers no churn risk, was not clearly "
        "better: %(model)s used"
    ),
    "churn_fallback": _lt(
        "churn model %(model)s failed on the whole data (%(reason)s); "
        "%(fallback)s used instead"
    ),
    "churn_not_fitted": _lt(
        "no churn model could be fitted (%(reason)s): churn risk, expected "
        "purchases and CLV are left empty"
    ),
    "churn_bgnbd_one_time_buyers": _lt(
        "churn model BG/NBD assumes nobody leaves before a second purchase: "
        "%(customers)s one-time buyer(s) get no churn risk"
    ),
    "spend_not_fitted": _lt(
        "spend model not fitted (%(reason)s): expected revenue and CLV are left empty"
    ),
    "churn_holdout_few_customers": _lt(
        "only %(customers)s customer(s) bought before the hold-out period (from"
        " %(date)s): at least %(needed)s are needed for a hold-out check; churn"
        " model chosen by in-sample likelihood"
    ),
    "churn_holdout_empty": _lt(
        "no purchase in the hold-out period (%(start)s to %(end)s): nothing to "
        "check the models against; churn model chosen by in-sample likelihood"
    ),
    "projection_spend_mean": _lt(
        "spend model: q <= 1, the expected spend of %(customers)s customer(s) "
        "without repeat purchases is unbounded; the revenue projection uses the"
        " average purchase value of the data (%(value)s) for them"
    ),
    "churn_disagrees_segment": _lt(
        "segment %(segment)s (recency, frequency and spend compared with the "
        "other customers) but churn risk %(churn_risk)s: %(silence_days)s days "
        "without a purchase, against %(usual_interval_days)s days between "
        "purchases usually (%(purchases)s purchases)"
    ),
    "churn_disagrees_segment_once": _lt(
        "segment %(segment)s (recency, frequency and spend compared with the "
        "other customers) but churn risk %(churn_risk)s: one purchase only, "
        "%(silence_days)s days ago"
    ),
    "churn_low_for_segment": _lt(
        "segment %(segment)s (compared with the other customers) but churn risk"
        " only %(churn_risk)s: %(silence_days)s days without a purchase, "
        "against %(usual_interval_days)s days between purchases usually "
        "(%(purchases)s purchases): the churn model reads the customer's own "
        "rhythm"
    ),
    "churn_low_for_segment_once": _lt(
        "segment %(segment)s (compared with the other customers) but churn risk"
        " only %(churn_risk)s: the churn model %(model)s assumes that a "
        "customer with one purchase has not left"
    ),
    "spend_unbounded_mean": _lt(
        "spend model: q <= 1, the average spend of a customer without repeat "
        "purchases is unbounded; their CLV is left empty"
    ),
    # crm_rfm's own
    "no_purchase": _lt("No purchase in the analysis window: nobody was scored."),
}
# crm_insight's RFM dimensions (the parameter ``dimension`` of rfm_unranked)
DIMENSIONS = {
    "recency": _lt("Recency"),
    "frequency": _lt("Frequency"),
    "monetary": _lt("Monetary"),
}


def _show(value, point="."):
    """A parameter as text (as crm_insight shows it), with the decimal point
    of the reader's language (1,854 in Spanish is not one thousand...)."""
    if isinstance(value, float):
        return f"{value:.4g}".replace(".", point)
    if isinstance(value, list | tuple):
        return ", ".join(str(_show(item, point)) for item in value)
    return value


def translate(env, code, params=None):
    """The message ``code`` with ``params`` in the language of ``env``; an
    unknown code (a newer crm_insight) falls back to its English text."""
    params = dict(params or {})
    if code not in TEXTS:
        return params.get("text") or code
    if "reason_code" in params:
        params["reason"] = translate(
            env, params["reason_code"], params.get("reason_params")
        )
    if code in ("rfm_unranked", "rfm_fixed_cuts"):
        dimension = DIMENSIONS.get(params.get("dimension"))
        if dimension:
            params["dimension"] = env._(dimension)
        if params.get("cohort"):
            params["where"] = env._(" in cohort %(cohort)s", cohort=params["cohort"])
    point = env["res.lang"]._get_data(code=env.lang or "en_US").decimal_point or "."
    shown = _Params((key, _show(value, point)) for key, value in params.items())
    # translated first, then filled: a parameter left out reads "?"
    template = env._(TEXTS[code]._source)
    try:
        return template % shown
    except (TypeError, ValueError):
        return params.get("text") or template


class _Params(dict):
    """Parameters for a template: one crm_insight left out shows as "?"
    rather than the raw template."""

    def __missing__(self, key):
        return "?"


def translate_all(env, messages):
    """Stored messages (JSON list of {code, params}) as translated lines."""
    if isinstance(messages, str):
        messages = json.loads(messages)
    return "\n".join(
        _sentence(
            translate(
                env,
                item.get("code"),
                {**item.get("params", {}), "text": item.get("text")},
            )
        )
        for item in messages or []
    )


def _sentence(text):
    """A line of the run's messages starts with a capital letter."""
    return text[:1].upper() + text[1:]


def churn_note(env, code, *, segment, risk, recency, interval, purchases, model):
    """crm_insight's note on a segment and a churn risk that disagree (its
    code, stored by the run), in the reader's language, from the figures of
    the customer: ``segment`` (label), ``risk`` (0-1), ``recency`` (days since
    the last purchase), ``interval`` (usual days between purchases),
    ``purchases`` and ``model`` (label of the churn model)."""
    if not code:
        return False
    return _sentence(
        translate(
            env,
            code,
            {
                "segment": segment,
                "churn_risk": f"{round(risk * 100)}%",
                "silence_days": recency,
                "usual_interval_days": max(1, round(interval)) if interval else "?",
                "purchases": purchases,
                "model": model or "",
            },
        )
    )
