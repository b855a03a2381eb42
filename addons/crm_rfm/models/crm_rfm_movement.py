# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL

from .scores import SEGMENTS


class CrmRfmMovement(models.Model):
    """Where each customer of a run was in the previous run: the segment
    migration matrix as a pivot (rows: before, columns: after). Its ids are the
    snapshots' (one per customer and run)."""

    _name = "crm.rfm.movement"
    _description = "Segment Migration"
    _auto = False
    _order = "run_id desc, id"
    _rec_name = "partner_id"

    run_id = fields.Many2one("crm.rfm.run", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    as_of = fields.Date(readonly=True)
    segment_before = fields.Selection(
        [*SEGMENTS, ("unscored", "Not scored before")], string="Before", readonly=True
    )
    segment_after = fields.Selection(SEGMENTS, string="After", readonly=True)
    moved = fields.Boolean(readonly=True)
    monetary = fields.Float("Spend", readonly=True, digits=(16, 2))
    clv = fields.Float("Lifetime Value", readonly=True, digits=(16, 2))
    churn_probability = fields.Float(
        "Churn Risk", readonly=True, digits=(5, 4), aggregator="avg"
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT after.id, after.run_id, run.company_id, after.partner_id,
                           run.as_of,
                           COALESCE(before.segment, 'unscored') AS segment_before,
                           after.segment AS segment_after,
                           before.segment IS DISTINCT FROM after.segment AS moved,
                           after.monetary, after.clv, after.churn_probability
                      FROM crm_rfm_snapshot after
                      JOIN crm_rfm_run run ON run.id = after.run_id
                      LEFT JOIN crm_rfm_snapshot before
                        ON before.run_id = run.previous_run_id
                       AND before.partner_id = after.partner_id
                )
                """,
                SQL.identifier(self._table),
            )
        )

    @api.model
    def _action_for_run(self, run):
        """The migration of ``run``'s customers since the run before it."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_rfm.crm_rfm_movement_action"
        )
        action["domain"] = [("run_id", "=", run.id)]
        return action
