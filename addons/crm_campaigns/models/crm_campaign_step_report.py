# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from .automation_record import EXCLUSION_REASONS


class CrmCampaignStepReport(models.Model):
    """One row per step of a participant: the pivot and graph of the results
    per step (e-mails sent, opened, replied, bounced, activities done, the
    participants reached who converted and their revenue)."""

    _name = "crm.campaign.step.report"
    _description = "Campaign Results per Step"
    _auto = False
    _order = "processed_on desc, id desc"

    configuration_id = fields.Many2one(
        "automation.configuration", string="Campaign", readonly=True
    )
    configuration_step_id = fields.Many2one(
        "automation.configuration.step", string="Step", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    step_type = fields.Selection(
        [("mail", "E-mail"), ("action", "Server Action"), ("activity", "Activity")],
        readonly=True,
    )
    state = fields.Selection(
        [
            ("scheduled", "Scheduled"),
            ("done", "Done"),
            ("expired", "Expired"),
            ("rejected", "Rejected"),
            ("error", "Error"),
            ("cancel", "Cancelled"),
        ],
        readonly=True,
    )
    exclusion_reason = fields.Selection(
        EXCLUSION_REASONS, string="Skipped Because", readonly=True
    )
    processed_on = fields.Datetime(readonly=True)
    reached = fields.Integer(readonly=True, help="1 when the step was run.")
    sent = fields.Integer(string="E-mails Sent", readonly=True)
    opened = fields.Integer(readonly=True)
    clicked = fields.Integer(readonly=True)
    replied = fields.Integer(readonly=True)
    bounced = fields.Integer(readonly=True)
    activity_done = fields.Integer(string="Activities Done", readonly=True)
    skipped = fields.Integer(
        string="Skipped (opt-out)", readonly=True, help="1 when an opt-out skipped it."
    )
    converted = fields.Integer(readonly=True)
    revenue = fields.Float(readonly=True, digits=(16, 2))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT s.id, s.configuration_id, s.configuration_step_id,
                           c.company_id, r.partner_id, s.step_type, s.state,
                           s.exclusion_reason, s.processed_on,
                           (s.state = 'done')::int AS reached,
                           (s.mail_status IS NOT NULL)::int AS sent,
                           (COALESCE(s.mail_status IN ('open', 'reply'), FALSE)
                            OR s.mail_clicked_on IS NOT NULL)::int AS opened,
                           (s.mail_clicked_on IS NOT NULL)::int AS clicked,
                           COALESCE(s.mail_status = 'reply', FALSE)::int AS replied,
                           COALESCE(s.mail_status = 'bounce', FALSE)::int AS bounced,
                           (s.activity_done_on IS NOT NULL)::int AS activity_done,
                           (s.exclusion_reason IS NOT NULL)::int AS skipped,
                           (s.state = 'done' AND r.converted_on IS NOT NULL)::int
                               AS converted,
                           CASE WHEN s.state = 'done' THEN COALESCE(r.revenue, 0)
                                ELSE 0 END AS revenue
                      FROM automation_record_step s
                      JOIN automation_record r ON r.id = s.record_id
                      JOIN automation_configuration c ON c.id = s.configuration_id
                     WHERE NOT COALESCE(s.is_test, FALSE)
                )
                """,
                SQL.identifier(self._table),
            )
        )
