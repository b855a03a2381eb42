# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tools import SQL

ITEMS = [
    ("reachable", "Customers with a type and a valid e-mail or phone"),
    ("duplicates", "Duplicate customer candidates"),
    ("pilot_activity", "Pilot users logging touchpoints"),
    ("training", "Pilot users trained"),
    ("orders", "Confirmed orders in the window (real data)"),
    ("touchpoints", "Touchpoints in the window (real data)"),
]


class CrmRolloutReadinessItem(models.Model):
    """One line of the pre-go-live test, computed from real data."""

    _name = "crm.rollout.readiness.item"
    _description = "Rollout Readiness Item"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        "crm.rollout.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    sequence = fields.Integer()
    code = fields.Selection(ITEMS, string="Check", required=True)
    value = fields.Char(string="Measured")
    threshold = fields.Char(string="Required")
    passed = fields.Boolean()
    detail = fields.Text(string="Failing Items")
    record_model = fields.Char()
    record_domain = fields.Json(help="The records behind the figure.")

    def action_open_records(self):
        """The records behind the figure."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": dict(self._fields["code"]._description_selection(self.env))[
                self.code
            ],
            "res_model": self.record_model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": self.record_domain or [("id", "=", 0)],
        }


class CrmRolloutPlan(models.Model):
    _inherit = "crm.rollout.plan"

    readiness_item_ids = fields.One2many("crm.rollout.readiness.item", "plan_id")
    readiness_state = fields.Selection(
        [("unknown", "Not Checked"), ("no_go", "No-Go"), ("go", "Go")],
        default="unknown",
        required=True,
        copy=False,
        tracking=True,
        string="Readiness",
    )
    readiness_checked_at = fields.Datetime(
        string="Readiness Checked On", copy=False, readonly=True
    )
    readiness_failed_count = fields.Integer(compute="_compute_readiness_failed_count")
    readiness_min_reachable = fields.Float(
        string="Minimum Share of Reachable Customers (%)", default=80.0, tracking=True
    )
    readiness_max_duplicates = fields.Integer(
        string="Maximum Duplicate Candidates", default=0, tracking=True
    )
    readiness_activity_days = fields.Integer(
        string="Pilot Activity Window (days)", default=14, tracking=True
    )
    readiness_min_pilot_touchpoints = fields.Integer(
        string="Touchpoints per Pilot User", default=3, tracking=True
    )
    readiness_min_trained = fields.Float(
        string="Minimum Share of Trained Pilot Users (%)", default=100.0, tracking=True
    )
    readiness_window_days = fields.Integer(
        string="Real Data Window (days)", default=30, tracking=True
    )
    readiness_min_orders = fields.Integer(
        string="Minimum Confirmed Orders", default=1, tracking=True
    )
    readiness_min_touchpoints = fields.Integer(
        string="Minimum Touchpoints", default=1, tracking=True
    )

    @api.depends("readiness_item_ids.passed")
    def _compute_readiness_failed_count(self):
        for plan in self:
            plan.readiness_failed_count = len(
                plan.readiness_item_ids.filtered(lambda i: not i.passed)
            )

    @api.constrains(
        "readiness_min_reachable",
        "readiness_min_trained",
        "readiness_max_duplicates",
        "readiness_activity_days",
        "readiness_min_pilot_touchpoints",
        "readiness_window_days",
        "readiness_min_orders",
        "readiness_min_touchpoints",
    )
    def _check_thresholds(self):
        for plan in self:
            if not (0 <= plan.readiness_min_reachable <= 100) or not (
                0 <= plan.readiness_min_trained <= 100
            ):
                raise ValidationError(
                    self.env._("Readiness shares are percentages: between 0 and 100.")
                )
            if (
                min(
                    plan.readiness_max_duplicates,
                    plan.readiness_min_pilot_touchpoints,
                    plan.readiness_min_orders,
                    plan.readiness_min_touchpoints,
                )
                < 0
                or min(plan.readiness_activity_days, plan.readiness_window_days) < 1
            ):
                raise ValidationError(
                    self.env._(
                        "Readiness thresholds cannot be negative, and windows last "
                        "at least one day."
                    )
                )

    def _pilot_users(self):
        self.ensure_one()
        waves = self.wave_ids.sorted(lambda w: (not w.pilot, w.sequence, w.id))
        return waves[:1]._effective_users() if waves else self.env["res.users"]

    def action_check_readiness(self):
        self.ensure_one()
        self.check_access("read")
        self._check_readiness()
        return True

    def _check_readiness(self):
        """Run the pre-go-live test on real data: go when every item passes."""
        for plan in self:
            items = plan._readiness_items()
            plan.sudo().write(
                {
                    "readiness_item_ids": [Command.clear()]
                    + [
                        Command.create(dict(item, sequence=index))
                        for index, item in enumerate(items)
                    ],
                    "readiness_state": "go"
                    if all(item["passed"] for item in items)
                    else "no_go",
                    "readiness_checked_at": fields.Datetime.now(),
                }
            )

    def _readiness_items(self):
        """The items of the test, as values of readiness items."""
        self.ensure_one()
        self.env.flush_all()
        kpi = self.env["crm.rollout.kpi"]
        company = self.company_id
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        _ = self.env._
        items = []
        total, reachable = kpi._reachable_counts(company, today)
        share = 100.0 * reachable / total if total else 0.0
        items.append(
            {
                "code": "reachable",
                "value": _(
                    "%(share).1f%% (%(ok)s of %(total)s)",
                    share=share,
                    ok=reachable,
                    total=total,
                ),
                "threshold": _(
                    "at least %(share).1f%%", share=self.readiness_min_reachable
                ),
                "passed": bool(total) and share >= self.readiness_min_reachable,
                "detail": _(
                    "%(count)s customers have no type or no way to reach them.",
                    count=total - reachable,
                )
                if total - reachable
                else (False if total else _("No customers yet.")),
                "record_model": "res.partner",
                "record_domain": [
                    ("id", "in", self._ids_of(kpi._unreachable_sql(company, today)))
                ],
            }
        )
        duplicates = self._ids_of(self._duplicates_sql())
        items.append(
            {
                "code": "duplicates",
                "value": str(len(duplicates)),
                "threshold": _(
                    "at most %(count)s", count=self.readiness_max_duplicates
                ),
                "passed": len(duplicates) <= self.readiness_max_duplicates,
                "detail": _(
                    "Customers sharing an e-mail, a phone or a tax ID: merge them "
                    "(Contacts, Action > Merge)."
                )
                if duplicates
                else False,
                "record_model": "res.partner",
                "record_domain": [("id", "in", duplicates)],
            }
        )
        items += self._pilot_items(now)
        window_start = fields.Datetime.to_string(
            now - datetime.timedelta(days=self.readiness_window_days)
        )
        for code, model, domain, minimum in (
            (
                "orders",
                "sale.order",
                [("state", "=", "sale"), ("date_order", ">=", window_start)],
                self.readiness_min_orders,
            ),
            (
                "touchpoints",
                "crm.touchpoint",
                [("date", ">=", window_start)],
                self.readiness_min_touchpoints,
            ),
        ):
            domain = domain + [("company_id", "=", company.id)]
            count = self.env[model].sudo().search_count(domain)
            items.append(
                {
                    "code": code,
                    "value": str(count),
                    "threshold": _(
                        "at least %(count)s in %(days)s days",
                        count=minimum,
                        days=self.readiness_window_days,
                    ),
                    "passed": count >= minimum,
                    "detail": False
                    if count >= minimum
                    else _("Load the real data before going live."),
                    "record_model": model,
                    "record_domain": domain,
                }
            )
        return items

    def _pilot_items(self, now):
        """Touchpoints logged and training done by each pilot user."""
        _ = self.env._
        pilots = self._pilot_users()
        start = now - datetime.timedelta(days=self.readiness_activity_days)
        rows = (
            self.env.execute_query(
                self.env["crm.rollout.kpi"]._logged_touchpoints_sql(
                    self.company_id, pilots, start, now + datetime.timedelta(seconds=1)
                )
            )
            if pilots
            else []
        )
        logged = dict(rows)
        minimum = self.readiness_min_pilot_touchpoints
        short = pilots.filtered(lambda u: logged.get(u.id, 0) < minimum)
        tours = self.env["web_tour.tour"]._crm_rollout_training_tours()
        untrained = pilots.filtered(
            lambda u: any(u not in tour.sudo().user_consumed_ids for tour in tours)
        )
        trained_share = (
            100.0 * (len(pilots) - len(untrained)) / len(pilots) if pilots else 0.0
        )
        return [
            {
                "code": "pilot_activity",
                "value": _(
                    "%(ok)s of %(total)s pilot users",
                    ok=len(pilots) - len(short),
                    total=len(pilots),
                ),
                "threshold": _(
                    "each at least %(count)s touchpoints logged in %(days)s days",
                    count=minimum,
                    days=self.readiness_activity_days,
                ),
                "passed": bool(pilots) and not short,
                "detail": "\n".join(
                    _(
                        "%(user)s: %(count)s logged",
                        user=user.name,
                        count=logged.get(user.id, 0),
                    )
                    for user in short
                )
                or (False if pilots else _("The plan has no pilot users.")),
                "record_model": "crm.touchpoint",
                "record_domain": [
                    ("user_id", "in", pilots.ids),
                    ("event_ref", "=", False),
                    ("company_id", "=", self.company_id.id),
                    ("date", ">=", fields.Datetime.to_string(start)),
                ],
            },
            {
                "code": "training",
                "value": _(
                    "%(share).0f%% (%(ok)s of %(total)s)",
                    share=trained_share,
                    ok=len(pilots) - len(untrained),
                    total=len(pilots),
                ),
                "threshold": _(
                    "at least %(share).0f%%", share=self.readiness_min_trained
                ),
                "passed": bool(pilots) and trained_share >= self.readiness_min_trained,
                "detail": "\n".join(
                    _(
                        "%(user)s has not done: %(tours)s",
                        user=user.name,
                        tours="; ".join(
                            t.crm_rollout_title or t.name
                            for t in tours
                            if user not in t.sudo().user_consumed_ids
                        ),
                    )
                    for user in untrained
                )
                or (False if pilots else _("The plan has no pilot users.")),
                "record_model": "res.users",
                "record_domain": [("id", "in", untrained.ids)],
            },
        ]

    def _ids_of(self, query):
        return [row[0] for row in self.env.execute_query(query)]

    def _duplicates_sql(self):
        """Customers sharing a normalised e-mail, the digits of a phone number
        or a tax ID with another customer."""
        customers = self.env["crm.rollout.kpi"]._customers_sql(
            self.company_id, fields.Date.context_today(self)
        )
        return SQL(
            """
            WITH keys AS (
                SELECT customer.id, key
                  FROM res_partner customer,
                       LATERAL (VALUES
                           ('e' || customer.email_normalized),
                           ('p' || NULLIF(regexp_replace(
                               COALESCE(customer.phone, ''), '[^0-9]', '', 'g'), '')),
                           ('v' || NULLIF(upper(regexp_replace(
                               COALESCE(customer.vat, ''), '[^0-9A-Za-z]', '', 'g')),
                               ''))
                       ) AS k(key)
                 WHERE customer.id IN (%(customers)s) AND key IS NOT NULL
            )
            SELECT DISTINCT id FROM keys
             WHERE key IN (SELECT key FROM keys GROUP BY key
                            HAVING COUNT(DISTINCT id) > 1)
             ORDER BY id
            """,
            customers=customers,
        )
