# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL, sql

from .scores import ADDITIVE_KEYS, SCORE_COLUMNS, SEGMENTS

SNAPSHOT_FIELD = {column.key: column.snapshot_field for column in SCORE_COLUMNS}


class CrmRfmSnapshot(models.Model):
    """The scores of one customer in one run: the history behind segment
    migration. Written in bulk by the run, never edited; one per customer and
    run (a partner merge merges them, an objection to profiling removes them)."""

    _name = "crm.rfm.snapshot"
    _description = "Customer Score Snapshot"
    _order = "run_id desc, clv desc, id"
    _rec_name = "partner_id"
    # Millions of rows written in bulk by the run: no create/write columns
    # (and their foreign keys to res_users, checked row by row).
    _log_access = False

    run_id = fields.Many2one(
        "crm.rfm.run", required=True, ondelete="cascade", readonly=True, index=True
    )
    # From the run, not stored: one foreign key less to check per row written.
    company_id = fields.Many2one(related="run_id.company_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        ondelete="cascade",
        readonly=True,
    )
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    as_of = fields.Date(related="run_id.as_of", store=False)
    segment = fields.Selection(SEGMENTS, readonly=True)
    r_score = fields.Integer("R", readonly=True, aggregator="avg")
    f_score = fields.Integer("F", readonly=True, aggregator="avg")
    m_score = fields.Integer("M", readonly=True, aggregator="avg")
    recency_days = fields.Integer(
        "Days Since Last Purchase", readonly=True, aggregator="avg"
    )
    frequency = fields.Integer("Purchases", readonly=True)
    monetary = fields.Float("Spend", readonly=True, digits=(16, 2))
    loyalty_score = fields.Float(
        "Loyalty", readonly=True, digits=(5, 1), aggregator="avg"
    )
    churn_probability = fields.Float(
        "Churn Risk", readonly=True, digits=(5, 4), aggregator="avg"
    )
    expected_purchases = fields.Float(readonly=True, digits=(16, 2))
    expected_revenue = fields.Float(readonly=True, digits=(16, 2))
    clv = fields.Float("Lifetime Value", readonly=True, digits=(16, 2))
    usual_interval_days = fields.Float(
        string="Usual Days Between Purchases", readonly=True, digits=(16, 1)
    )
    churn_note = fields.Char(
        string="Segment and Churn Note",
        readonly=True,
        help="crm_insight's code when the segment and the churn risk disagree.",
    )

    def init(self):
        # One snapshot per customer and run, which the segment migration view
        # and the exports rely on; the index also serves one customer's
        # history and the lookups of a customer in a run.
        cr = self.env.cr
        if not sql.index_exists(cr, "crm_rfm_snapshot_run_partner_unique"):
            self._merge_duplicates()
            sql.create_unique_index(
                cr,
                "crm_rfm_snapshot_run_partner_unique",
                self._table,
                ["partner_id", "run_id"],
            )
        sql.drop_index(cr, "crm_rfm_snapshot_partner_run_index", self._table)

    # ------------------------------------------------------------------ merges
    def _merge_partners(self, sources, target):
        """A partner merge: in every run, the snapshots of the merged
        customers become one snapshot of the survivor.

        The snapshot of whoever spent the most in that run is kept (its
        scores, segment, loyalty and churn risk, as that run saw them: a past
        run is not ranked again); purchases, spend, expected purchases,
        expected revenue and lifetime value of the others are added to it, and
        its recency is the most recent of them. The run's customer count
        drops accordingly; its revenue does not change.
        """
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id, run_id, monetary, recency_days, %(additive)s
                  FROM crm_rfm_snapshot
                 WHERE partner_id = ANY(%(partners)s)
                 ORDER BY run_id, monetary DESC NULLS LAST, id
                """,
                additive=SQL(", ").join(
                    SQL.identifier(SNAPSHOT_FIELD[key]) for key in ADDITIVE_KEYS
                ),
                partners=(sources | target).ids,
            )
        )
        by_run = defaultdict(list)
        for row in rows:
            by_run[row[1]].append(row)
        for run_id, members in by_run.items():
            self._merge_run_members(run_id, members, target.id)

    def _merge_duplicates(self):
        """Snapshots left twice for one customer in a run (partner merges made
        before snapshots were merged): merged as a partner merge does."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id, run_id, monetary, recency_days, %(additive)s, partner_id
                  FROM crm_rfm_snapshot snapshot
                 WHERE EXISTS (SELECT 1 FROM crm_rfm_snapshot twin
                                WHERE twin.run_id = snapshot.run_id
                                  AND twin.partner_id = snapshot.partner_id
                                  AND twin.id != snapshot.id)
                 ORDER BY run_id, partner_id, monetary DESC NULLS LAST, id
                """,
                additive=SQL(", ").join(
                    SQL.identifier(SNAPSHOT_FIELD[key]) for key in ADDITIVE_KEYS
                ),
            )
        )
        groups = defaultdict(list)
        for row in rows:
            groups[row[1], row[-1]].append(row[:-1])
        for (run_id, partner_id), members in groups.items():
            self._merge_run_members(run_id, members, partner_id)

    def _merge_run_members(self, run_id, members, target_id):
        keeper, others = members[0], members[1:]
        values = {"partner_id": target_id}
        if others:
            recencies = [row[3] for row in members if row[3] is not None]
            values[SNAPSHOT_FIELD["recency_days"]] = min(recencies, default=None)
            for offset, key in enumerate(ADDITIVE_KEYS, start=4):
                figures = [row[offset] for row in members if row[offset] is not None]
                values[SNAPSHOT_FIELD[key]] = sum(figures) if figures else None
            self.env.execute_query(
                SQL(
                    "DELETE FROM crm_rfm_snapshot WHERE id = ANY(%s)",
                    [row[0] for row in others],
                )
            )
        self.env.execute_query(
            SQL(
                "UPDATE crm_rfm_snapshot SET %s WHERE id = %s",
                SQL(", ").join(
                    SQL("%s = %s", SQL.identifier(name), value)
                    for name, value in values.items()
                ),
                keeper[0],
            )
        )
        if others:
            self._recount_runs([run_id])

    # ------------------------------------------------------------------ privacy
    def _forget_partners(self, partners):
        """An objection to profiling: the customers' snapshots go from every
        past run, whose counts follow."""
        runs = self.env.execute_query(
            SQL(
                "DELETE FROM crm_rfm_snapshot WHERE partner_id = ANY(%s) "
                "RETURNING run_id",
                partners.ids,
            )
        )
        self._recount_runs({run_id for (run_id,) in runs})

    def _recount_runs(self, run_ids):
        """The runs' customer count and revenue, from their snapshots."""
        if not run_ids:
            return
        self.env.execute_query(
            SQL(
                """
                UPDATE crm_rfm_run run
                   SET partner_count = figures.customers,
                       revenue = figures.revenue
                  FROM (SELECT run.id, COUNT(snapshot.id) AS customers,
                               COALESCE(SUM(snapshot.monetary), 0) AS revenue
                          FROM crm_rfm_run run
                          LEFT JOIN crm_rfm_snapshot snapshot
                            ON snapshot.run_id = run.id
                         WHERE run.id = ANY(%(runs)s)
                         GROUP BY run.id) figures
                 WHERE run.id = figures.id
                """,
                runs=list(run_ids),
            )
        )
        self.env.invalidate_all()

    # ------------------------------------------------------------------ actions
    def action_open_partner(self):
        """A snapshot in a list opens its customer."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _schedule_retention_calls(self):
        """A call activity for the salesperson of each of these customers
        (not those who object to profiling); a customer with such an open
        activity already gets no second one. Returns (created, skipped)."""
        activity_type = self.env.ref("mail.mail_activity_data_call")
        partners = self.partner_id.filtered(lambda p: not p.profiling_objection)
        open_activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        already = set(open_activities.mapped("res_id"))
        summary = self.env._("Retention call: high value, high churn risk")
        deadline = fields.Date.context_today(self) + timedelta(days=2)
        created = 0
        for partner in partners:
            if partner.id in already:
                continue
            partner.activity_schedule(
                activity_type_id=activity_type.id,
                summary=summary,
                user_id=(partner.user_id or self.env.user).id,
                date_deadline=deadline,
            )
            created += 1
        return created, len(partners) - created
