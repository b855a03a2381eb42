# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from . import insight_messages
from .crm_rfm_forecast import MODEL_NAMES
from .scores import PARTNER_SCORE_FIELDS, SEGMENTS, USERS


def _score(field_class, string, **kwargs):
    # No index: company-dependent fields get a "value is set" index by default,
    # which every scored customer is in; thirteen of them would make each
    # nightly rewrite of the scores update thirteen indexes and forbid
    # PostgreSQL's in-place (HOT) updates.
    return field_class(
        string=string,
        company_dependent=True,
        readonly=True,
        groups=USERS,
        index=False,
        **kwargs,
    )


class ResPartner(models.Model):
    _inherit = "res.partner"

    rfm_recency_days = _score(
        fields.Integer, "Days Since Last Purchase", help="As of the last scoring."
    )
    rfm_frequency = _score(
        fields.Integer,
        "Purchases",
        help="Days with a purchase in the analysis window (several orders the same "
        "day are one purchase).",
    )
    rfm_monetary = _score(
        fields.Float,
        "Spend",
        digits=(16, 2),
        help="Net spend in the analysis window, in the company currency.",
    )
    rfm_r_score = _score(fields.Integer, "Recency Score", aggregator="avg")
    rfm_f_score = _score(fields.Integer, "Frequency Score", aggregator="avg")
    rfm_m_score = _score(fields.Integer, "Monetary Score", aggregator="avg")
    rfm_segment = _score(fields.Selection, "Segment", selection=SEGMENTS)
    loyalty_score = _score(
        fields.Float,
        "Loyalty",
        digits=(5, 1),
        aggregator="avg",
        help="0 to 100, from recency, frequency, spend, tenure, satisfaction and "
        "complaints.",
    )
    churn_probability = _score(
        fields.Float,
        "Churn Risk",
        digits=(5, 4),
        aggregator="avg",
        help="Probability that the customer no longer buys, from the churn model "
        "the last scoring chose (its page says which); empty when no model could "
        "be fitted.",
    )
    expected_purchases = _score(
        fields.Float,
        "Expected Purchases",
        digits=(16, 2),
        help="Purchases expected over the CLV horizon (the chosen churn model).",
    )
    expected_revenue = _score(
        fields.Float,
        "Expected Revenue",
        digits=(16, 2),
        help="Expected purchases times the expected value of a purchase "
        "(Gamma-Gamma model), in the company currency.",
    )
    clv = _score(
        fields.Float,
        "Lifetime Value",
        digits=(16, 2),
        help="Discounted value of the purchases expected over the CLV horizon, in "
        "the company currency.",
    )
    rfm_usual_interval_days = _score(
        fields.Float,
        "Usual Days Between Purchases",
        digits=(16, 1),
        help="Days between two purchases, on average, as of the last scoring.",
    )
    rfm_churn_note = _score(
        fields.Char,
        "Segment and Churn Note",
        help="crm_insight's code when the segment and the churn risk disagree.",
    )
    rfm_scored_at = _score(fields.Datetime, "Scored On")
    rfm_explanation = fields.Char(
        string="Value Summary", compute="_compute_rfm_explanation", groups=USERS
    )
    rfm_snapshot_ids = fields.One2many(
        "crm.rfm.snapshot",
        "partner_id",
        string="Score History",
        readonly=True,
        groups=USERS,
    )
    rfm_churn_known = fields.Boolean(
        string="Churn Risk Known",
        compute="_compute_rfm_explanation",
        groups=USERS,
        help="False when the last scoring could not fit a churn model (the run "
        "says why): churn risk, expected purchases and lifetime value are empty.",
    )
    rfm_clv_known = fields.Boolean(
        string="Lifetime Value Known",
        compute="_compute_rfm_explanation",
        groups=USERS,
        help="False when the last scoring could not fit the churn or the spend "
        "model: expected revenue and lifetime value are empty.",
    )
    rfm_disagreement = fields.Char(
        string="Segment and Churn Risk",
        compute="_compute_rfm_explanation",
        groups=USERS,
        help="Why the segment and the churn risk seem to contradict each other.",
    )
    distributor_id = fields.Many2one(
        "res.partner",
        domain="[('customer_type', '=', 'distributor')]",
        index="btree_not_null",
        tracking=True,
        help="The distributor or franchisee this end customer buys through.",
    )
    end_customer_count = fields.Integer(compute="_compute_channel_health", groups=USERS)
    channel_at_risk_count = fields.Integer(
        string="End Customers at Risk", compute="_compute_channel_health", groups=USERS
    )
    channel_revenue = fields.Float(compute="_compute_channel_health", groups=USERS)
    channel_revenue_at_risk = fields.Float(
        string="Channel Revenue at Risk",
        compute="_compute_channel_health",
        groups=USERS,
        help="Spend of the end customers whose churn risk is 50% or more.",
    )
    channel_segment_mix = fields.Json(
        string="Segment Mix",
        compute="_compute_channel_health",
        groups=USERS,
        help="End customers per segment (data for the segment bars).",
    )

    # ------------------------------------------------------------------ explanation
    @api.depends_context("company", "lang")
    def _compute_rfm_explanation(self):
        labels = dict(self._fields["rfm_segment"]._description_selection(self.env))
        known = self._rfm_known_ids("churn_probability")
        clv_known = self._rfm_known_ids("clv")
        for partner in self:
            partner.rfm_churn_known = partner.id in known
            partner.rfm_clv_known = partner.id in clv_known
            partner.rfm_explanation = partner._rfm_sentence(labels)
            partner.rfm_disagreement = partner._rfm_disagreement(labels)

    def _rfm_known_ids(self, name):
        """The partners with a value of the score ``name`` in the current
        company (not the empty one a run leaves when a model could not be
        fitted)."""
        ids = [partner.id for partner in self if partner.id]
        if not ids:
            return set()
        self.flush_model([name])
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM res_partner WHERE id = ANY(%s) "
                "AND jsonb_typeof(%s -> %s) = 'number'",
                ids,
                SQL.identifier(name),
                str(self.env.company.id),
            )
        )
        return {row[0] for row in rows}

    def _rfm_disagreement(self, labels):
        """crm_insight's note when the segment (the past, against the other
        customers) and the churn risk (the customer's own rhythm) disagree."""
        if not (self.rfm_churn_note and self.rfm_churn_known):
            return False
        return insight_messages.churn_note(
            self.env,
            self.rfm_churn_note,
            segment=labels.get(self.rfm_segment, self.rfm_segment),
            risk=self.churn_probability,
            recency=self.rfm_recency_days,
            interval=self.rfm_usual_interval_days,
            purchases=self.rfm_frequency,
            model=self._rfm_churn_model_name(),
        )

    def _rfm_churn_model_name(self):
        run = self.env["crm.rfm.run"].search(
            [("company_id", "=", self.env.company.id), ("state", "=", "done")],
            limit=1,
        )
        return MODEL_NAMES.get(run.sudo().churn_model, "")

    def _rfm_sentence(self, labels):
        _ = self.env._
        if self.profiling_objection:
            return _("Not scored: the customer objects to profiling.")
        if not self.rfm_segment:
            return _(
                "Not scored yet: no purchase in the analysis window of the last run."
            )
        spend = {
            5: _("top 20% of spend"),
            4: _("top 40% of spend"),
            3: _("middle of the spend range"),
        }.get(self.rfm_m_score, _("bottom 40% of spend"))
        if self.rfm_recency_days == 0:
            last = _("the last today")
        else:
            last = _("the last %(days)s days ago", days=self.rfm_recency_days)
        segment = labels.get(self.rfm_segment, self.rfm_segment)
        if self.rfm_frequency == 1:
            sentence = _(
                "%(segment)s: 1 purchase, %(last)s, %(spend)s",
                segment=segment,
                last=last,
                spend=spend,
            )
        else:
            sentence = _(
                "%(segment)s: %(purchases)s purchases, %(last)s, %(spend)s",
                segment=segment,
                purchases=self.rfm_frequency,
                last=last,
                spend=spend,
            )
        if self.rfm_churn_known:
            risk = round(self.churn_probability * 100)
            sentence = _(
                "%(sentence)s; %(risk)s%% churn risk", sentence=sentence, risk=risk
            )
        return sentence

    # ------------------------------------------------------------------ distributors
    @api.depends_context("company")
    def _compute_channel_health(self):
        """For distributors: the segments of their end customers and the
        spend at risk (grouped queries for the whole batch)."""
        distributors = self.filtered(
            lambda p: p.customer_type == "distributor" and p.id
        )
        others = self - distributors
        others.update(
            {
                "end_customer_count": 0,
                "channel_at_risk_count": 0,
                "channel_revenue": 0.0,
                "channel_revenue_at_risk": 0.0,
                "channel_segment_mix": False,
            }
        )
        if not distributors:
            return
        Partner = self.env["res.partner"]
        domain = [("distributor_id", "in", distributors.ids)]
        totals = {
            distributor.id: (count, revenue)
            for distributor, count, revenue in Partner._read_group(
                domain, ["distributor_id"], ["__count", "rfm_monetary:sum"]
            )
        }
        risky = {
            distributor.id: (count, revenue)
            for distributor, count, revenue in Partner._read_group(
                domain + [("churn_probability", ">=", 0.5)],
                ["distributor_id"],
                ["__count", "rfm_monetary:sum"],
            )
        }
        mix = {}
        for distributor, segment, count in Partner._read_group(
            domain + [("rfm_segment", "!=", False)],
            ["distributor_id", "rfm_segment"],
            ["__count"],
        ):
            mix.setdefault(distributor.id, {})[segment] = count
        labels = dict(self._fields["rfm_segment"]._description_selection(self.env))
        for distributor in distributors:
            count, revenue = totals.get(distributor.id, (0, 0.0))
            at_risk, at_risk_revenue = risky.get(distributor.id, (0, 0.0))
            distributor.end_customer_count = count
            distributor.channel_revenue = revenue or 0.0
            distributor.channel_at_risk_count = at_risk
            distributor.channel_revenue_at_risk = at_risk_revenue or 0.0
            distributor.channel_segment_mix = [
                {
                    "key": key,
                    "label": labels[key],
                    "count": mix.get(distributor.id, {}).get(key, 0),
                }
                for key, _label in SEGMENTS
            ]

    def action_view_end_customers(self, segment=None):
        """The distributor's end customers (of one segment, from the segment
        bars)."""
        self.ensure_one()
        self.check_access("read")
        domain = [("distributor_id", "=", self.id)]
        name = self.env._("End customers of %(name)s", name=self.name)
        if segment:
            labels = dict(self._fields["rfm_segment"]._description_selection(self.env))
            if segment not in labels:
                raise UserError(self.env._("Unknown segment: %(key)s", key=segment))
            domain.append(("rfm_segment", "=", segment))
            name = self.env._(
                "%(segment)s: end customers of %(name)s",
                segment=labels[segment],
                name=self.name,
            )
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "res.partner",
            "view_mode": "list,kanban,form",
            "views": [(False, "list"), (False, "kanban"), (False, "form")],
            "domain": domain,
            "context": {
                "default_distributor_id": self.id,
                "search_default_group_segment": not segment,
            },
        }

    # ------------------------------------------------------------------ privacy
    def write(self, vals):
        # A contact given another company takes its orders, and those of its
        # addresses and contacts, with it: the former companies are queued
        # for the next refresh of the purchase summary (and the new ones).
        moving = self.browse()
        if "parent_id" in vals or "is_company" in vals:
            moving = (
                self.sudo()
                .with_context(active_test=False)
                .search([("id", "child_of", self.ids)])
                .commercial_partner_id
            )
        result = super().write(vals)
        if vals.get("profiling_objection"):
            self._rfm_forget_profile()
        if moving:
            self.env["crm.purchase.summary"].sudo()._queue_customers(
                set(moving.ids) | set(self.sudo().commercial_partner_id.ids)
            )
        return result

    def _rfm_forget_profile(self):
        """An objection to profiling takes effect at once: the customer's
        scores (in every company) and score history go; they are not scored
        while the objection stands. Done as superuser: the objection may be
        recorded by someone who cannot edit scores."""
        self.flush_recordset(PARTNER_SCORE_FIELDS)
        self.env.execute_query(
            SQL(
                "UPDATE res_partner SET %s WHERE id = ANY(%s)",
                SQL(", ").join(
                    SQL("%s = NULL", SQL.identifier(name))
                    for name in PARTNER_SCORE_FIELDS
                ),
                self.ids,
            )
        )
        self.invalidate_recordset(PARTNER_SCORE_FIELDS)
        self.env["crm.rfm.snapshot"].sudo()._forget_partners(self)

    # ------------------------------------------------------------------ export
    def action_rfm_export_xlsx(self):
        """Export the scores of the selected customers to a spreadsheet."""
        self.check_access("read")
        export = self.env["crm.rfm.export"].create({"partner_ids": [(6, 0, self.ids)]})
        return export._download_action()
