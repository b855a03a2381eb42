# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import Counter, defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, sql

from .crm_touchpoint import CHANNELS, KINDS

CUSTOMER_TYPES = [
    ("consumer", "Consumer"),
    ("b2b", "Business (B2B)"),
    ("distributor", "Distributor / franchisee"),
    ("internal", "Internal customer"),
]
# The form shows the newest touchpoints; the smart button opens all of them.
TIMELINE_LIMIT = 80


class ResPartner(models.Model):
    _name = "res.partner"
    # The erasure of personal data is a job of its own (res_partner_erasure.py).
    _inherit = ["res.partner", "crm.partner.erasure"]

    customer_type = fields.Selection(
        CUSTOMER_TYPES,
        compute="_compute_customer_type",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Consumer: buys for their own use. Business: another company. "
        "Distributor / franchisee: resells our products under an agreement. "
        "Internal customer: a colleague or department that buys from us. "
        "Inferred when the partner is created (company: business, person: "
        "consumer); contacts follow their company.",
    )
    profiling_objection = fields.Boolean(
        string="Objects to Profiling",
        tracking=True,
        help="The customer objected to being profiled for marketing (GDPR, "
        "article 21): they are left out of scoring, segments and campaigns.",
    )
    touchpoint_ids = fields.One2many("crm.touchpoint", "partner_id")
    touchpoint_count = fields.Integer(compute="_compute_touchpoint_profile")
    complaint_count = fields.Integer(compute="_compute_touchpoint_profile")
    open_complaint_count = fields.Integer(compute="_compute_touchpoint_profile")
    suggestion_count = fields.Integer(compute="_compute_touchpoint_profile")
    last_touchpoint_date = fields.Datetime(
        string="Last Contact",
        compute="_compute_touchpoint_profile",
        search="_search_last_touchpoint_date",
    )
    days_since_last_contact = fields.Integer(compute="_compute_touchpoint_profile")
    average_satisfaction = fields.Float(
        compute="_compute_touchpoint_profile",
        digits=(2, 1),
        help="Average of the rated touchpoints (1 to 5).",
    )
    preferred_channel = fields.Selection(
        CHANNELS,
        compute="_compute_touchpoint_profile",
        help="The channel the customer uses most when they contact us.",
    )
    timeline_channel = fields.Selection(
        CHANNELS,
        string="Channel Filter",
        compute="_compute_timeline_filters",
        readonly=False,
    )
    timeline_kind = fields.Selection(
        KINDS, string="Kind Filter", compute="_compute_timeline_filters", readonly=False
    )
    timeline_touchpoint_ids = fields.One2many(
        "crm.touchpoint", string="Timeline", compute="_compute_timeline"
    )

    def _auto_init(self):
        # Fill the new column in one statement rather than computing it record
        # by record on databases with many partners.
        cr = self.env.cr
        if not sql.column_exists(cr, "res_partner", "customer_type"):
            sql.create_column(cr, "res_partner", "customer_type", "varchar")
            cr.execute(
                SQL(
                    """
                    UPDATE res_partner partner
                       SET customer_type = CASE WHEN commercial.is_company
                                                THEN 'b2b' ELSE 'consumer' END
                      FROM res_partner commercial
                     WHERE commercial.id = COALESCE(partner.commercial_partner_id,
                                                    partner.id)
                    """
                )
            )
        return super()._auto_init()

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["customer_type"]

    # ------------------------------------------------------------------ customer type
    @api.depends("is_company", "parent_id")
    def _compute_customer_type(self):
        for partner in self:
            commercial = partner.parent_id.commercial_partner_id
            if partner.parent_id and not partner.is_company and commercial:
                partner.customer_type = commercial.customer_type or "b2b"
                continue
            inferred = "b2b" if partner.is_company else "consumer"
            # A person turned into a company (or back) follows the inference;
            # a type chosen on purpose (distributor, internal) is kept.
            if partner.customer_type in (False, "b2b", "consumer"):
                partner.customer_type = inferred

    # ------------------------------------------------------------------ profile
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_touchpoint_profile(self):
        commercial_ids = self.commercial_partner_id._origin.ids
        profile = self._touchpoint_profile(commercial_ids)
        now = fields.Datetime.now()
        for partner in self:
            data = profile.get(partner.commercial_partner_id._origin.id, {})
            last = data.get("last")
            partner.touchpoint_count = data.get("count", 0)
            partner.complaint_count = data.get("complaint", 0)
            partner.open_complaint_count = data.get("open_complaint", 0)
            partner.suggestion_count = data.get("suggestion", 0)
            partner.last_touchpoint_date = last
            partner.days_since_last_contact = (now - last).days if last else 0
            partner.average_satisfaction = data.get("satisfaction", 0.0)
            partner.preferred_channel = data.get("channel", False)

    @api.model
    def _touchpoint_profile(self, commercial_ids):
        """Per customer: counts, last contact, average satisfaction and the
        most used inbound channel, in four grouped queries for the whole batch
        (only the touchpoints the current user may read)."""
        if not commercial_ids:
            return {}
        Touchpoint = self.env["crm.touchpoint"]
        domain = [("partner_id", "in", commercial_ids)]
        profile = defaultdict(dict)
        for partner, count, last in Touchpoint._read_group(
            domain, ["partner_id"], ["__count", "date:max"]
        ):
            profile[partner.id].update(count=count, last=last)
        for partner, kind, resolved, count in Touchpoint._read_group(
            domain + [("kind", "in", ("complaint", "suggestion"))],
            ["partner_id", "kind", "resolved"],
            ["__count"],
        ):
            data = profile[partner.id]
            data[kind] = data.get(kind, 0) + count
            if kind == "complaint" and not resolved:
                data["open_complaint"] = count
        for partner, average in Touchpoint._read_group(
            domain + [("satisfaction_score", ">", 0)],
            ["partner_id"],
            ["satisfaction_score:avg"],
        ):
            profile[partner.id]["satisfaction"] = average
        channels = defaultdict(Counter)
        for partner, channel, count in Touchpoint._read_group(
            domain + [("direction", "=", "inbound")],
            ["partner_id", "channel"],
            ["__count"],
        ):
            channels[partner.id][channel] = count
        order = [key for key, _label in CHANNELS]
        for partner_id, counter in channels.items():
            # Most used; ties go to the channel listed first.
            best = max(
                counter.items(), key=lambda item: (item[1], -order.index(item[0]))
            )
            profile[partner_id]["channel"] = best[0]
        return profile

    def _search_last_touchpoint_date(self, operator, value):
        """Customers (and their contacts) by date of last contact.

        ``<`` and ``<=`` mean "not contacted since": customers whose touchpoints
        are all older, or who have none yet although they are customers.
        """
        Touchpoint = self.env["crm.touchpoint"]
        if operator in (">", ">="):
            recent = Touchpoint._search([("date", operator, value)])
            return [("commercial_partner_id", "in", recent.subselect("partner_id"))]
        if operator in ("<", "<="):
            since = Touchpoint._search(
                [("date", ">=" if operator == "<" else ">", value)]
            )
            anytime = Touchpoint._search([])
            return [
                ("commercial_partner_id", "not in", since.subselect("partner_id")),
                "|",
                ("commercial_partner_id.customer_rank", ">", 0),
                ("commercial_partner_id", "in", anytime.subselect("partner_id")),
            ]
        if operator == "=" and not value:
            anytime = Touchpoint._search([])
            return [
                ("commercial_partner_id", "not in", anytime.subselect("partner_id"))
            ]
        raise UserError(
            self.env._(
                "Searching the last contact with “%(operator)s” is not supported.",
                operator=operator,
            )
        )

    # ------------------------------------------------------------------ timeline
    def _compute_timeline_filters(self):
        # Plain form filters: start empty, edited by the user, never stored.
        self.timeline_channel = False
        self.timeline_kind = False

    @api.depends("timeline_channel", "timeline_kind")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_timeline(self):
        Touchpoint = self.env["crm.touchpoint"]
        for partner in self:
            commercial_id = partner.commercial_partner_id._origin.id
            if not commercial_id:
                partner.timeline_touchpoint_ids = Touchpoint
                continue
            domain = [("partner_id", "=", commercial_id)]
            if partner.timeline_channel:
                domain.append(("channel", "=", partner.timeline_channel))
            if partner.timeline_kind:
                domain.append(("kind", "=", partner.timeline_kind))
            partner.timeline_touchpoint_ids = Touchpoint.search(
                domain, limit=TIMELINE_LIMIT
            )

    # ------------------------------------------------------------------ touchpoints
    def _crm_touchpoint_partner(self):
        return self

    def action_view_touchpoints(self):
        """All touchpoints of the customer, newest first."""
        self.ensure_one()
        self.check_access("read")
        commercial = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_relationship.crm_touchpoint_action"
        )
        action["domain"] = [("partner_id", "=", commercial.id)]
        action["context"] = {
            "default_partner_id": commercial.id,
            "search_default_partner_id": False,
        }
        action["display_name"] = self.env._(
            "Touchpoints of %(customer)s", customer=commercial.name
        )
        return action

    def action_log_touchpoint(self):
        """Log a touchpoint for this customer in a small dialog."""
        self.ensure_one()
        self.check_access("read")
        commercial = self.commercial_partner_id
        context = {"default_partner_id": commercial.id}
        if commercial != self:
            context["default_contact_id"] = self.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a Touchpoint"),
            "res_model": "crm.touchpoint",
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("crm_relationship.crm_touchpoint_view_form_quick").id,
                    "form",
                )
            ],
            "target": "new",
            "context": context,
        }

    def action_view_open_complaints(self):
        action = self.action_view_touchpoints()
        action["context"] = dict(action["context"], search_default_open_complaints=1)
        return action
