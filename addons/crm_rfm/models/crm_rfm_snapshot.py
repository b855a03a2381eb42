# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import sql

from .res_partner import SEGMENTS


class CrmRfmSnapshot(models.Model):
    """The scores of one customer in one run: the history behind segment
    migration. Written in bulk by the run, never edited."""

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

    def init(self):
        # One customer's history, and the lookups of a customer in a given run
        # (stale scores, segment migration); run_id has its own index.
        sql.create_index(
            self.env.cr,
            "crm_rfm_snapshot_partner_run_index",
            self._table,
            ["partner_id", "run_id"],
        )

    def action_open_partner(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
