# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import random
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, sql

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
# Batch size of the retention purge: one cron call deletes at most this many.
PURGE_BATCH = 5000


class CrmTouchpoint(models.Model):
    _name = "crm.touchpoint"
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
        string="Contact",
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
    satisfaction_score = fields.Integer(
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
    res_model = fields.Char(string="Source Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Source ID", model_field="res_model", readonly=True
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
                        summary=touchpoint.summary,
                        date=touchpoint.date,
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

    # ------------------------------------------------------------------ logging
    @api.model
    def _log_events(self, vals_list):
        """Log touchpoints for business events, exactly once per event.

        Each dict carries an ``event_ref`` (for instance ``sale.order,7,confirm``)
        that identifies the event; events already logged are skipped, so a
        repeated confirmation, a replayed e-mail or a rerun job adds nothing.
        Logging is a side effect of an action the user was allowed to perform,
        hence sudo; the company and salesperson come from the source document.
        """
        vals_list = [vals for vals in vals_list if vals.get("partner_id")]
        if not vals_list:
            return self.browse()
        Touchpoint = self.sudo().with_context(active_test=False)
        refs = [vals["event_ref"] for vals in vals_list]
        done = set(
            Touchpoint.search_fetch([("event_ref", "in", refs)], ["event_ref"]).mapped(
                "event_ref"
            )
        )
        todo, seen = [], set()
        for vals in vals_list:
            if vals["event_ref"] in done or vals["event_ref"] in seen:
                continue
            seen.add(vals["event_ref"])
            todo.append(vals)
        return Touchpoint.create(todo) if todo else self.browse()

    @api.model
    def _event_values(self, record, event, **values):
        """Common values of a touchpoint logged for ``event`` on ``record``."""
        partner = record._crm_touchpoint_partner()
        vals = {
            "partner_id": partner.commercial_partner_id.id if partner else False,
            "res_model": record._name,
            "res_id": record.id,
            "event_ref": f"{record._name},{record.id},{event}",
        }
        if partner and partner != partner.commercial_partner_id:
            vals["contact_id"] = partner.id
        company = self.env["res.company"]
        if "company_id" in record._fields:
            company = record.company_id
        if not company and partner:
            company = partner.company_id
        vals["company_id"] = (company or self.env.company).id
        # The document's salesperson and team (empty stays empty: a touchpoint
        # logged by the mail gateway does not belong to OdooBot).
        for name, comodel in (("user_id", "res.users"), ("team_id", "crm.team")):
            field = record._fields.get(name)
            if field and field.type == "many2one" and field.comodel_name == comodel:
                vals[name] = record[name].id
        vals.update(values)
        return vals

    # ------------------------------------------------------------------ history
    @staticmethod
    def _split_around_marker(text):
        """A translated message whose placeholder was filled with NUL, split
        around it so that SQL can put a column's value there: (before, after)."""
        before, _sep, after = text.partition("\x00")
        return before, after

    @api.model
    def _backfill_from_history(self):
        """Log the events that happened before the module was installed, in
        three set-based statements: confirmed orders, leads with a customer
        (created), won and lost opportunities. The event keys are the same as
        the live logging's, so running it again adds nothing."""
        split = self._split_around_marker
        order = split(self.env._("Order %(order)s confirmed", order="\x00"))
        lead = split(self.env._("Lead: %(name)s", name="\x00"))
        won = split(self.env._("Opportunity won: %(name)s", name="\x00"))
        lost = split(self.env._("Opportunity lost: %(name)s", name="\x00"))
        uid = self.env.uid
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                """
                INSERT INTO crm_touchpoint
                    (partner_id, contact_id, date, channel, direction, kind, summary,
                     satisfaction_score, resolved, user_id, team_id, company_id,
                     customer_type, res_model, res_id, event_ref,
                     create_uid, create_date, write_uid, write_date)
                SELECT commercial.id,
                       NULLIF(partner.id, commercial.id),
                       so.date_order, 'other', 'inbound', 'purchase',
                       concat(%s, so.name, %s), 0, false, so.user_id, so.team_id,
                       so.company_id, commercial.customer_type, 'sale.order', so.id,
                       concat('sale.order,', so.id, ',confirm'),
                       %s, now() at time zone 'UTC', %s, now() at time zone 'UTC'
                  FROM sale_order so
                  JOIN res_partner partner ON partner.id = so.partner_id
                  JOIN res_partner commercial
                    ON commercial.id = COALESCE(partner.commercial_partner_id,
                                                partner.id)
                 WHERE so.state = 'sale'
                ON CONFLICT (event_ref) DO NOTHING
                """,
                *order,
                uid,
                uid,
            )
        )
        for event, kind, condition, date, text in (
            ("create", "inquiry", SQL("TRUE"), SQL("lead.create_date"), lead),
            (
                "won",
                "purchase",
                SQL("lead.active AND stage.is_won"),
                SQL("COALESCE(lead.date_closed, lead.write_date)"),
                won,
            ),
            (
                "lost",
                "other",
                SQL("NOT lead.active AND lead.probability = 0"),
                SQL("COALESCE(lead.date_closed, lead.write_date)"),
                lost,
            ),
        ):
            self.env.execute_query(
                SQL(
                    """
                    INSERT INTO crm_touchpoint
                        (partner_id, contact_id, date, channel, direction, kind,
                         summary, satisfaction_score, resolved, user_id, team_id,
                         company_id, customer_type, res_model, res_id, event_ref,
                         create_uid, create_date, write_uid, write_date)
                    SELECT commercial.id,
                           NULLIF(partner.id, commercial.id),
                           %s, 'other', 'inbound', %s,
                           concat(%s, lead.name, %s), 0, false, lead.user_id,
                           lead.team_id,
                           COALESCE(lead.company_id, commercial.company_id, %s),
                           commercial.customer_type, 'crm.lead', lead.id,
                           concat('crm.lead,', lead.id, ',', %s),
                           %s, now() at time zone 'UTC', %s, now() at time zone 'UTC'
                      FROM crm_lead lead
                      JOIN res_partner partner ON partner.id = lead.partner_id
                      JOIN res_partner commercial
                        ON commercial.id = COALESCE(partner.commercial_partner_id,
                                                    partner.id)
                      LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
                     WHERE %s
                    ON CONFLICT (event_ref) DO NOTHING
                    """,
                    date,
                    kind,
                    *text,
                    self.env.company.id,
                    event,
                    uid,
                    uid,
                    condition,
                )
            )
        self.env.invalidate_all()

    # ------------------------------------------------------------------ import
    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Touchpoints (Excel)"),
                "template": "/crm_relationship/static/xls/crm_touchpoint_import.xlsx",
            },
            {
                "label": self.env._("Import Template for Touchpoints (CSV)"),
                "template": "/crm_relationship/static/xls/crm_touchpoint_import.csv",
            },
        ]

    @api.model
    def load(self, fields, data):
        """Standard import, with two additions for touchpoint files.

        * The ``Customer`` column (``partner_id``) is matched in bulk, by
          reference, then e-mail, then name: one query per criterion for the
          whole file instead of a name search per row. A value that matches no
          customer, or several, is reported with its row and nothing is imported.
        * When the file has an ``External Reference`` column and no ``External
          ID`` column, each reference becomes the external ID of its touchpoint,
          so that importing the same file again updates instead of duplicating.
        """
        fields = list(fields)
        data = [list(row) for row in data]
        found = set()
        if "partner_id" in fields and "partner_id/.id" not in fields:
            messages, found = self._import_match_partners(fields, data)
            if messages:
                return {"ids": False, "messages": messages, "nextrow": 0}
        if "ref" in fields and "id" not in fields:
            self._import_refs_as_external_ids(fields, data)
        model = (
            self.with_context(crm_touchpoint_import_partner_ids=found)
            if found
            else self
        )
        return super(CrmTouchpoint, model).load(fields, data)

    @api.model
    def _import_match_partners(self, fields, data):
        column = fields.index("partner_id")
        values = {row[column].strip() for row in data if row[column]}
        Partner = self.env["res.partner"]
        matches = {}  # value -> {(commercial id, partner id)}; first criterion wins
        for criterion in ("ref", "email_normalized", "name"):
            pending = [value for value in values if value not in matches]
            if not pending:
                break
            if criterion == "email_normalized":
                keys = {}
                for value in pending:
                    if email := tools.email_normalize(value):
                        keys.setdefault(email, []).append(value)
            else:
                keys = {value: [value] for value in pending}
            if not keys:
                continue
            for partner in Partner.search_fetch(
                [(criterion, "in", list(keys))], [criterion, "commercial_partner_id"]
            ):
                for value in keys.get(partner[criterion], []):
                    matches.setdefault(value, set()).add(
                        (partner.commercial_partner_id.id, partner.id)
                    )
        contact_column = fields.index("contact_id") if "contact_id" in fields else None
        messages = []
        found = {
            partner for pairs in matches.values() for pair in pairs for partner in pair
        }
        fields[column] = "partner_id/.id"
        if contact_column is None:
            fields.append("contact_id/.id")
        for index, row in enumerate(data):
            value = (row[column] or "").strip()
            pairs = matches.get(value, set())
            commercial_ids = {commercial for commercial, _partner in pairs}
            if value and len(commercial_ids) == 1:
                commercial_id, partner_id = min(pairs)
                row[column] = str(commercial_id)
                contact = str(partner_id) if partner_id != commercial_id else ""
                if contact_column is None:
                    row.append(contact)
                continue
            if not value:
                continue  # the required-field check of load() reports it
            if not pairs:
                message = self.env._(
                    "No customer found with the reference, e-mail or name “%(value)s”.",
                    value=value[:80],
                )
            else:
                message = self.env._(
                    "“%(value)s” matches %(count)s customers; use their reference "
                    "to tell them apart.",
                    value=value[:80],
                    count=len(commercial_ids),
                )
            messages.append(
                {
                    "type": "error",
                    "message": message,
                    "field": "partner_id",
                    "record": index,
                    "rows": {"from": index, "to": index},
                }
            )
        return messages, found

    @api.model
    def _import_refs_as_external_ids(self, fields, data):
        column = fields.index("ref")
        company = self.env.company
        IrModelData = self.env["ir.model.data"].sudo()
        names = {}
        for row in data:
            ref = (row[column] or "").strip()
            if ref:
                digest = hashlib.sha1(f"{company.id}/{ref}".encode()).hexdigest()
                names[ref] = f"crm_touchpoint_{digest[:24]}"
        # Touchpoints created by hand (or by another file without references)
        # get their external ID now, so the import updates them.
        existing = self.with_context(active_test=False).search_fetch(
            [("company_id", "=", company.id), ("ref", "in", list(names))], ["ref"]
        )
        if existing:
            known = set(
                IrModelData.search(
                    [
                        ("module", "=", "__import__"),
                        ("name", "in", [names[t.ref] for t in existing]),
                    ]
                ).mapped("name")
            )
            IrModelData.create(
                [
                    {
                        "module": "__import__",
                        "name": names[t.ref],
                        "model": self._name,
                        "res_id": t.id,
                    }
                    for t in existing
                    if names[t.ref] not in known
                ]
            )
        fields.append("id")
        for row in data:
            ref = (row[column] or "").strip()
            row.append(f"__import__.{names[ref]}" if ref else "")

    # ------------------------------------------------------------------ retention
    @api.model
    def _cron_purge_expired(self, batch_size=PURGE_BATCH):
        """Delete touchpoints older than their company's retention period.

        One batch per call; the progress API reschedules the cron at once while
        rows remain, so a killed run simply continues where it stopped.
        """
        if not (
            self.env.is_superuser()
            or self.env.user.has_group(
                "crm_relationship.group_crm_relationship_manager"
            )
        ):
            raise AccessError(
                self.env._(
                    "Only CRM relationship administrators can purge touchpoints."
                )
            )
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("touchpoint_retention_days", ">", 0)])
        )
        if not companies:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return
        now = fields.Datetime.now()
        domain = self._purge_domain(companies, now)
        Touchpoint = self.sudo().with_context(active_test=False)
        batch = Touchpoint.search(domain, limit=batch_size, order="id")
        done = len(batch)
        batch.unlink()
        remaining = Touchpoint.search_count(domain) if done == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _purge_domain(self, companies, now):
        domains = [
            [
                ("company_id", "=", company.id),
                ("date", "<", now - timedelta(days=company.touchpoint_retention_days)),
            ]
            for company in companies
        ]
        return expression.OR(domains)

    # ------------------------------------------------------------------ demo
    @api.model
    def _create_demo_touchpoints(self, partner_xmlids, per_partner=(6, 14), seed=7):
        """Demo data: a year of touchpoints over every channel for the demo
        customers, dated relative to today so that the screens stay meaningful."""
        rng = random.Random(seed)
        now = fields.Datetime.now()
        users = self.env.ref("base.user_admin") | self.env.ref(
            "base.user_demo", raise_if_not_found=False
        )
        summaries = {
            "inquiry": ["Asked for a price list", "Wants a demo", "Availability?"],
            "purchase": ["Placed an order", "Repeat order", "Added items to the order"],
            "complaint": ["Late delivery", "Damaged package", "Wrong invoice"],
            "suggestion": ["Would like weekend hours", "Suggests a loyalty card"],
            "support": ["Installation help", "Password reset", "How to return"],
            "feedback": ["Happy with the service", "Liked the new catalogue"],
            "marketing": ["Spring catalogue sent", "Invitation to the spring fair"],
            "follow_up": ["Called back after quote", "Checked satisfaction"],
            "other": ["Address change", "Asked for the opening hours"],
        }
        channels = [key for key, _label in CHANNELS]
        vals_list = []
        for xmlid in partner_xmlids:
            partner = self.env.ref(xmlid)
            for index in range(rng.randint(*per_partner)):
                kind = rng.choice(list(summaries))
                channel = channels[(len(vals_list) + index) % len(channels)]
                rated = rng.random() < 0.6
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "date": now - timedelta(days=rng.randint(0, 365), hours=index),
                        "channel": channel,
                        "direction": rng.choice(["inbound", "inbound", "outbound"]),
                        "kind": kind,
                        "summary": rng.choice(summaries[kind]),
                        "satisfaction": str(rng.randint(1, 5)) if rated else False,
                        "resolved": kind == "complaint" and rng.random() < 0.6,
                        "user_id": rng.choice(users).id,
                    }
                )
        return self.create(vals_list)
