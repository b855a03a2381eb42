# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tools import SQL


class CrmRolloutPlanReadiness(models.AbstractModel):
    """The pre-go-live test of a plan: figures measured on real data against
    thresholds editable per plan; go when every item passes."""

    _name = "crm.rollout.plan.readiness.mixin"
    _description = "Rollout Plan: Readiness Test"

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
            counts = (
                plan.readiness_max_duplicates,
                plan.readiness_min_pilot_touchpoints,
                plan.readiness_min_orders,
                plan.readiness_min_touchpoints,
            )
            windows = (plan.readiness_activity_days, plan.readiness_window_days)
            if min(counts) < 0 or min(windows) < 1:
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
        # first: it refreshes crm_rfm's purchase summary, read below too
        total, reachable = kpi._reachable_counts(company, today)
        share = 100.0 * reachable / total if total else 0.0
        duplicates = self._ids_of(self._duplicates_sql())
        items = [
            {
                "code": "reachable",
                "figures": {
                    "ok": reachable,
                    "total": total,
                    "min": self.readiness_min_reachable,
                },
                "passed": bool(total) and share >= self.readiness_min_reachable,
                "record_model": "res.partner",
                "record_domain": [
                    ("id", "in", self._ids_of(kpi._unreachable_sql(company, today)))
                ],
            },
            {
                "code": "duplicates",
                "figures": {
                    "count": len(duplicates),
                    "max": self.readiness_max_duplicates,
                },
                "passed": len(duplicates) <= self.readiness_max_duplicates,
                "record_model": "res.partner",
                "record_domain": [("id", "in", duplicates)],
            },
        ]
        items += self._pilot_items(now)
        start = fields.Datetime.to_string(
            now - datetime.timedelta(days=self.readiness_window_days)
        )
        for code, model, domain, minimum in (
            (
                "orders",
                "sale.order",
                [("state", "=", "sale"), ("date_order", ">=", start)],
                self.readiness_min_orders,
            ),
            (
                "touchpoints",
                "crm.touchpoint",
                [("date", ">=", start)],
                self.readiness_min_touchpoints,
            ),
        ):
            domain = domain + [("company_id", "=", company.id)]
            count = self.env[model].sudo().search_count(domain)
            items.append(
                {
                    "code": code,
                    "figures": {
                        "count": count,
                        "min": minimum,
                        "days": self.readiness_window_days,
                    },
                    "passed": count >= minimum,
                    "record_model": model,
                    "record_domain": domain,
                }
            )
        return items

    def _pilot_items(self, now):
        """Touchpoints logged and training done by each pilot user."""
        pilots = self._pilot_users()
        start = now - datetime.timedelta(days=self.readiness_activity_days)
        logged = {}
        if pilots:
            logged = dict(
                self.env.execute_query(
                    self.env["crm.rollout.kpi"]._logged_touchpoints_sql(
                        self.company_id,
                        pilots,
                        start,
                        now + datetime.timedelta(seconds=1),
                    )
                )
            )
        minimum = self.readiness_min_pilot_touchpoints
        short = pilots.filtered(lambda u: logged.get(u.id, 0) < minimum)
        # the trainings each pilot user needs (those of the capabilities their
        # waves give), from the plan's training status
        todo = {user: [] for user in pilots}
        statuses = (
            self.env["crm.rollout.training.status"]
            .sudo()
            .search([("plan_id", "=", self.id), ("user_id", "in", pilots.ids)])
        )
        for status in statuses.filtered(lambda s: not s.done):
            todo[status.user_id].append(status.tour_id.id)
        untrained = [user for user, ids in todo.items() if ids]
        trained = len(pilots) - len(untrained)
        trained_share = 100.0 * trained / len(pilots) if pilots else 0.0
        return [
            {
                "code": "pilot_activity",
                "figures": {
                    "ok": len(pilots) - len(short),
                    "total": len(pilots),
                    "min": minimum,
                    "days": self.readiness_activity_days,
                },
                "failing": [[user.name, logged.get(user.id, 0)] for user in short],
                "passed": bool(pilots) and not short,
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
                "figures": {
                    "ok": trained,
                    "total": len(pilots),
                    "min": self.readiness_min_trained,
                },
                "failing": [[user.name, todo[user]] for user in untrained],
                "passed": bool(pilots) and trained_share >= self.readiness_min_trained,
                "record_model": "res.users",
                "record_domain": [("id", "in", [u.id for u in untrained])],
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
