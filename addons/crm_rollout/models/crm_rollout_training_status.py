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
        # web_tour's table of who finished which tour, the waves' capabilities
        consumed = self.env["web_tour.tour"]._fields["user_consumed_ids"]
        gives = self.env["crm.rollout.wave"]._fields["capability_ids"]
        # Everybody of the plan does the trainings of every day; a training
        # for a capability (campaigns) is for the plan's team and for the
        # people of the waves that give that capability.
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    WITH audience AS (
                        SELECT plan_id, user_id, NULL::integer AS wave_id
                          FROM crm_rollout_member
                        UNION
                        SELECT wave.plan_id, rel.user_id, wave.id
                          FROM crm_rollout_wave wave
                          JOIN crm_rollout_wave_user_rel rel ON rel.wave_id = wave.id
                        UNION
                        SELECT wave.plan_id, member.user_id, wave.id
                          FROM crm_rollout_wave wave
                          JOIN crm_rollout_wave_team_rel rel ON rel.wave_id = wave.id
                          JOIN crm_team_member member
                            ON member.crm_team_id = rel.team_id AND member.active
                        UNION
                        SELECT wave.plan_id, company_user.user_id, wave.id
                          FROM crm_rollout_wave wave
                          JOIN crm_rollout_plan plan ON plan.id = wave.plan_id
                          JOIN res_company_users_rel company_user
                            ON company_user.cid = plan.company_id
                         WHERE wave.everybody
                    ), needed AS (
                        SELECT DISTINCT audience.plan_id, audience.user_id,
                               tour.id AS tour_id
                          FROM audience
                         CROSS JOIN web_tour_tour tour
                          LEFT JOIN ir_module_module module
                            ON module.name = tour.crm_rollout_module
                         WHERE tour.crm_rollout_training
                           AND (tour.crm_rollout_module IS NULL
                                OR module.state = 'installed')
                           AND (tour.crm_rollout_capability_id IS NULL
                                OR audience.wave_id IS NULL
                                OR EXISTS (
                                    SELECT 1 FROM %(gives)s gives
                                     WHERE gives.%(gives_wave)s = audience.wave_id
                                       AND gives.%(gives_capability)s
                                           = tour.crm_rollout_capability_id))
                    )
                    SELECT row_number() OVER (
                               ORDER BY needed.plan_id, needed.user_id, needed.tour_id
                           ) AS id,
                           needed.plan_id, plan.company_id, needed.user_id,
                           needed.tour_id,
                           consumed.%(user_column)s IS NOT NULL AS done,
                           (consumed.%(user_column)s IS NOT NULL)::int AS done_count
                      FROM needed
                      JOIN crm_rollout_plan plan
                        ON plan.id = needed.plan_id
                       AND NOT COALESCE(plan.is_template, FALSE)
                      JOIN res_users person
                        ON person.id = needed.user_id
                       AND person.active AND NOT person.share
                      LEFT JOIN %(consumed)s consumed
                        ON consumed.%(tour_column)s = needed.tour_id
                       AND consumed.%(user_column)s = needed.user_id
                )
                """,
                view=SQL.identifier(self._table),
                consumed=SQL.identifier(consumed.relation),
                tour_column=SQL.identifier(consumed.column1),
                user_column=SQL.identifier(consumed.column2),
                gives=SQL.identifier(gives.relation),
                gives_wave=SQL.identifier(gives.column1),
                gives_capability=SQL.identifier(gives.column2),
            )
        )
