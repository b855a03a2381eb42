# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class CrmRolloutTrainingStatus(models.Model):
    """Who of a plan's team and waves did which training tour."""

    _name = "crm.rollout.training.status"
    _description = "Rollout Training Status"
    _auto = False
    _order = "plan_id, user_id, tour_id"

    plan_id = fields.Many2one("crm.rollout.plan", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Person", readonly=True)
    tour_id = fields.Many2one("web_tour.tour", string="Training", readonly=True)
    done = fields.Boolean(readonly=True)
    done_count = fields.Integer(
        string="Trainings Done", readonly=True, aggregator="sum"
    )

    def _flush_search(self, domain, fields=None, order=None, seen=None):
        # the view reads tables of other models: write their pending changes
        for model in ("web_tour.tour", "crm.rollout.member", "crm.rollout.wave"):
            self.env[model].flush_model()
        return super()._flush_search(domain, fields=fields, order=order, seen=seen)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # web_tour's table of who finished which tour
        consumed = self.env["web_tour.tour"]._fields["user_consumed_ids"]
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    WITH audience AS (
                        SELECT plan_id, user_id FROM crm_rollout_member
                        UNION
                        SELECT wave.plan_id, rel.user_id
                          FROM crm_rollout_wave wave
                          JOIN crm_rollout_wave_user_rel rel ON rel.wave_id = wave.id
                        UNION
                        SELECT wave.plan_id, member.user_id
                          FROM crm_rollout_wave wave
                          JOIN crm_rollout_wave_team_rel rel ON rel.wave_id = wave.id
                          JOIN crm_team_member member
                            ON member.crm_team_id = rel.team_id AND member.active
                        UNION
                        SELECT wave.plan_id, company_user.user_id
                          FROM crm_rollout_wave wave
                          JOIN crm_rollout_plan plan ON plan.id = wave.plan_id
                          JOIN res_company_users_rel company_user
                            ON company_user.cid = plan.company_id
                         WHERE wave.everybody
                    )
                    SELECT row_number() OVER (
                               ORDER BY audience.plan_id, audience.user_id, tour.id
                           ) AS id,
                           audience.plan_id, plan.company_id, audience.user_id,
                           tour.id AS tour_id,
                           consumed.%(user_column)s IS NOT NULL AS done,
                           (consumed.%(user_column)s IS NOT NULL)::int AS done_count
                      FROM audience
                      JOIN crm_rollout_plan plan
                        ON plan.id = audience.plan_id
                       AND NOT COALESCE(plan.is_template, FALSE)
                      JOIN res_users person
                        ON person.id = audience.user_id
                       AND person.active AND NOT person.share
                      CROSS JOIN web_tour_tour tour
                      LEFT JOIN ir_module_module module
                        ON module.name = tour.crm_rollout_module
                      LEFT JOIN %(consumed)s consumed
                        ON consumed.%(tour_column)s = tour.id
                       AND consumed.%(user_column)s = audience.user_id
                     WHERE tour.crm_rollout_training
                       AND (tour.crm_rollout_module IS NULL
                            OR module.state = 'installed')
                )
                """,
                view=SQL.identifier(self._table),
                consumed=SQL.identifier(consumed.relation),
                tour_column=SQL.identifier(consumed.column1),
                user_column=SQL.identifier(consumed.column2),
            )
        )
