# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .automation_record import EXCLUSION_REASONS


class CrmCampaignReport(models.Model):
    """One row per participant of a campaign: the pivot and graph of the
    campaigns' results (treated vs control, conversions, revenue)."""

    _name = "crm.campaign.report"
    _description = "Campaign Results"
    _auto = False
    _order = "enrolled_on desc, id desc"

    configuration_id = fields.Many2one(
        "automation.configuration", string="Campaign", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    record_id = fields.Many2one(
        "automation.record", string="Participant", readonly=True
    )
    group = fields.Selection(
        [("treated", "Treated"), ("control", "Control"), ("excluded", "Excluded")],
        readonly=True,
    )
    exclusion_reason = fields.Selection(
        EXCLUSION_REASONS,
        string="Excluded Because",
        readonly=True,
        help="Why the campaign left the participant alone: at enrolment, or "
        "from the step an opt-out stopped.",
    )
    enrolled_on = fields.Datetime(readonly=True)
    converted_on = fields.Datetime(readonly=True)
    converted = fields.Integer(readonly=True, help="1 when the participant converted.")
    revenue = fields.Float(readonly=True, digits=(16, 2))
    steps_done = fields.Integer(string="Steps Run", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT r.id, r.id AS record_id, r.configuration_id,
                           c.company_id, r.partner_id,
                           CASE WHEN r.exclusion_reason IS NOT NULL THEN 'excluded'
                                WHEN r.is_holdout THEN 'control'
                                ELSE 'treated' END AS "group",
                           COALESCE(r.exclusion_reason, (
                               SELECT s.exclusion_reason
                                 FROM automation_record_step s
                                WHERE s.record_id = r.id
                                  AND s.exclusion_reason IS NOT NULL
                                LIMIT 1)) AS exclusion_reason,
                           r.create_date AS enrolled_on,
                           r.converted_on,
                           (r.converted_on IS NOT NULL)::int AS converted,
                           COALESCE(r.revenue, 0) AS revenue,
                           (SELECT count(*) FROM automation_record_step s
                             WHERE s.record_id = r.id AND s.state = 'done')
                               AS steps_done
                      FROM automation_record r
                      JOIN automation_configuration c ON c.id = r.configuration_id
                     WHERE NOT COALESCE(r.is_test, FALSE)
                )
                """,
                SQL.identifier(self._table),
            )
        )
