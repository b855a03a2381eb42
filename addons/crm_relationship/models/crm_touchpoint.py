# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, sql

from .crm_touchpoint_logging import SUMMARY_SIZE

CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("web", "Web"),
    ("fax", "Fax"),
    ("ivr", "IVR"),
    ("chat", "Chat"),
    ("meeting", "Meeting"),
    ("visit", "Visit"),
    ("social", "Social media"),
    ("sms", "SMS"),
    ("postal", "Postal mail"),
    ("other", "Other"),
]
DIRECTIONS = [("inbound", "Inbound"), ("outbound", "Outbound")]
KINDS = [
    ("inquiry", "Inquiry"),
    ("purchase", "Purchase"),
    ("complaint", "Complaint"),
    ("suggestion", "Suggestion"),
    ("support", "Support"),
    ("feedback", "Feedback"),
    ("marketing", "Marketing"),
    ("follow_up", "Follow-up"),
    ("other", "Other"),
]
# "0" is the first value so that the priority (stars) widget shows it as "no star".
SATISFACTION = [
    ("0", "Not rated"),
    ("1", "Very dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very satisfied"),
]
RATED = ("1", "2", "3", "4", "5")
# A touchpoint records something that happened. Clocks and time zones differ a
# little between systems that feed the import, hence a small tolerance.
FUTURE_TOLERANCE = timedelta(hours=26)


class Score(fields.Integer):
    """An integer stored as NULL when it is empty (Odoo stores 0), so that "not
    rated" is not a score of 0 and averages leave it out. Only the values
    written change: in domains, 0 stays 0."""

    def convert_to_column_insert(self, value, record, values=None, validate=True):
        return int(value) if value else None


class CrmTouchpoint(models.Model):
    _name = "crm.touchpoint"
    # One job per file: this one is the model, its access and constraints.
    _inherit = [
        "crm.touchpoint.logging",  # business events logged once
        "crm.touchpoint.history",  # documents before installation, demo data
        "crm.touchpoint.import",  # Odoo's import, customers matched in bulk
        "crm.touchpoint.retention.purge",  # old touchpoints deleted in batches
        "crm.touchpoint.access",  # who reads what, what users may not set
    ]
    _description = "Customer Touchpoint"
    _order = "date desc, id desc"
    _rec_name = "summary"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        ondelete="cascade",
        check_company=True,
        domain="['|', ('is_company', '=', True), ('parent_id', '=', False)]",
        help="The customer: a company, or a person who buys on their own account. "
        "A contact given here is replaced by its company and kept as the contact.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        ondelete="set null",
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id)]",
        help="The person of the customer who took part, when known.",
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    channel = fields.Selection(CHANNELS, required=True, default="phone")
    direction = fields.Selection(
        DIRECTIONS,
        required=True,
        default="inbound",
        help="Inbound: the customer reached us. Outbound: we reached the customer.",
    )
    kind = fields.Selection(KINDS, required=True, default="inquiry")
    summary = fields.Char(required=True)
    description = fields.Html(sanitize=True, sanitize_overridable=False)
    satisfaction = fields.Selection(
        SATISFACTION,
        help="How satisfied the customer was, from 1 (very dissatisfied) to 5 "
        "(very satisfied). Leave empty when unknown.",
    )
    satisfaction_score = Score(
        compute="_compute_satisfaction_score",
        store=True,
        aggregator="avg",
        help="The satisfaction as a number (1-5), empty when not rated.",
    )
    resolved = fields.Boolean(
        help="For complaints and suggestions: the matter has been dealt with.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        default=lambda self: self.env.user,
        check_company=True,
        index=True,
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        default=lambda self: self.env["crm.team"]._get_default_team_id(),
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    customer_type = fields.Selection(
        related="partner_id.customer_type", store=True, string="Customer Type"
    )
    ref = fields.Char(
        string="External Reference",
        copy=False,
        help="The identifier of this interaction in the system it comes from (call "
        "centre, web form, ...). Importing a file again updates the touchpoints "
        "with the same reference instead of duplicating them.",
    )
    res_model = fields.Char(string="Source Model", readonly=True, copy=False)
    res_id = fields.Many2oneReference(
        string="Source ID", model_field="res_model", readonly=True, copy=False
    )
    source_name = fields.Char(string="Source Document", compute="_compute_source_name")
    event_ref = fields.Char(
        string="Event",
        readonly=True,
        copy=False,
        help="Technical key of the event that logged this touchpoint automatically, "
        "so that the same event is never logged twice.",
    )

    _sql_constraints = [
        (
            "event_ref_unique",
            "UNIQUE(event_ref)",
            "This event has already been logged as a touchpoint.",
        ),
        (
            "ref_company_unique",
            "UNIQUE(company_id, ref)",
            "The external reference of a touchpoint must be unique per company.",
        ),
    ]

    def init(self):
        # The timeline reads the newest touchpoints of one customer: one index
        # serves both the partner filter and the order (and replaces a plain
        # index on partner_id).
        sql.create_index(
            self.env.cr,
            "crm_touchpoint_partner_date_index",
            self._table,
            ["partner_id", "date DESC", "id DESC"],
        )
        # The touchpoint list shows the newest first, of every customer: read
        # in this order, its first page stops after a page of rows instead of
        # sorting them all (and checking the access of each, see
        # crm.touchpoint.access).
        sql.create_index(
            self.env.cr,
            "crm_touchpoint_date_index",
            self._table,
            ["date DESC", "id DESC"],
        )

    # ------------------------------------------------------------------ computes
    @api.depends("satisfaction")
    def _compute_satisfaction_score(self):
        for touchpoint in self:
            value = touchpoint.satisfaction
            touchpoint.satisfaction_score = int(value) if value in RATED else False

    @api.depends("res_model", "res_id")
    def _compute_source_name(self):
        for touchpoint in self:
            source = touchpoint._source_record()
            name = False
            if source:
                try:
                    name = source.display_name
                except AccessError:
                    name = self.env._("(restricted)")
            touchpoint.source_name = name

    # ------------------------------------------------------------------ constraints
    @api.constrains("date")
    def _check_date_not_in_future(self):
        limit = fields.Datetime.now() + FUTURE_TOLERANCE
        for touchpoint in self:
            if touchpoint.date > limit:
                raise ValidationError(
                    self.env._(
                        "The touchpoint “%(summary)s” is dated %(date)s, in the "
                        "future. A touchpoint records an interaction that happened; "
                        "to plan a contact, schedule an activity instead.",
                        summary=(touchpoint.summary or "")[:40],
                        date=touchpoint.date,
                    )
                )

    @api.constrains("summary")
    def _check_summary(self):
        for touchpoint in self:
            summary = touchpoint.summary or ""
            if not summary.strip():
                raise ValidationError(
                    self.env._(
                        "A touchpoint needs a summary: one line saying what happened."
                    )
                )
            if len(summary) > SUMMARY_SIZE:
                raise ValidationError(
                    self.env._(
                        "The summary “%(start)s…” is %(length)s characters long; a "
                        "summary is one line of at most %(size)s characters. Put the "
                        "rest in the description.",
                        start=summary[:40],
                        length=len(summary),
                        size=SUMMARY_SIZE,
                    )
                )

    @api.constrains("partner_id", "contact_id")
    def _check_contact_belongs_to_customer(self):
        for touchpoint in self:
            contact = touchpoint.contact_id
            if contact and contact.commercial_partner_id != touchpoint.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is not a contact of %(customer)s.",
                        contact=contact.display_name,
                        customer=touchpoint.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self._check_user_values(vals_list)
        self._normalise_partner_vals(vals_list)
        self._fill_default_teams(vals_list)
        return super().create(vals_list)

    def _fill_default_teams(self, vals_list):
        """The default sales team costs a search; look it up once per
        salesperson for a batch (imports, automatic logging) instead of once
        per touchpoint."""
        if len(vals_list) < 2 or "default_team_id" in self.env.context:
            return
        Team = self.env["crm.team"]
        teams = {}
        for vals in vals_list:
            if "team_id" in vals:
                continue
            user_id = vals.get(
                "user_id", self.env.context.get("default_user_id", self.env.uid)
            )
            if user_id not in teams:
                teams[user_id] = Team._get_default_team_id(user_id=user_id).id
            vals["team_id"] = teams[user_id]

    def write(self, vals):
        self._check_user_values([vals])
        if vals.get("partner_id"):
            self._normalise_partner_vals([vals])
        return super().write(vals)

    def _normalise_partner_vals(self, vals_list):
        """Touchpoints hang on the commercial entity; a contact given as the
        customer becomes the contact of its company (one read for the batch)."""
        partner_ids = {
            vals["partner_id"] for vals in vals_list if vals.get("partner_id")
        }
        if not partner_ids:
            return
        partners = self.env["res.partner"].browse(partner_ids).sudo()
        commercial = {p.id: p.commercial_partner_id.id for p in partners}
        for vals in vals_list:
            partner_id = vals.get("partner_id")
            if partner_id and commercial.get(partner_id, partner_id) != partner_id:
                vals.setdefault("contact_id", partner_id)
                vals["partner_id"] = commercial[partner_id]

    @api.model
    def _crm_after_partner_merge(self, partner):
        """After Odoo's merge pointed the merged contacts' touchpoints at
        ``partner``: they hang on its commercial entity (a customer merged into
        a company's contact becomes that contact), and their stored customer
        type follows."""
        commercial = partner.commercial_partner_id
        self.env.flush_all()
        if commercial != partner:
            self.env.execute_query(
                SQL(
                    "UPDATE crm_touchpoint SET contact_id = COALESCE(contact_id, "
                    "partner_id), partner_id = %s WHERE partner_id = %s",
                    commercial.id,
                    partner.id,
                )
            )
            self.invalidate_model(["partner_id", "contact_id"])
        touchpoints = self.search([("partner_id", "=", commercial.id)])
        self.env.add_to_compute(self._fields["customer_type"], touchpoints)
        touchpoints.flush_recordset(["customer_type"])

    # ------------------------------------------------------------------ actions
    def _source_record(self):
        self.ensure_one()
        if not self.res_model or not self.res_id or self.res_model not in self.env:
            return None
        record = self.env[self.res_model].browse(self.res_id)
        return record if record.exists() else None

    def action_open_source(self):
        """Open the document that logged this touchpoint (order, lead, ...)."""
        self.ensure_one()
        self.check_access("read")
        source = self._source_record()
        if source is None:
            raise UserError(
                self.env._("The source document of this touchpoint no longer exists.")
            )
        source.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": source._name,
            "res_id": source.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_mark_resolved(self):
        self.write({"resolved": True})

    def action_reopen(self):
        self.write({"resolved": False})
