# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

MOMENTS = [("golive", "At Go-live"), ("today", "Today")]


class CrmRolloutRfmCell(models.Model):
    """One cell of the recency x frequency grid of the company's customers,
    at go-live or today, copied from a scoring run: the go-live grid stays
    even after crm_rfm purges that run's history."""

    _name = "crm.rollout.rfm.cell"
    _description = "Rollout RFM Grid Cell"
    _order = "plan_id, moment, r_score desc, f_score"

    plan_id = fields.Many2one(
        "crm.rollout.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    moment = fields.Selection(MOMENTS, required=True)
    run_id = fields.Many2one("crm.rfm.run", string="Scoring", ondelete="set null")
    as_of = fields.Date(string="Scored On")
    r_score = fields.Integer("R (recency)", aggregator=None)
    f_score = fields.Integer("F (frequency)", aggregator=None)
    customers = fields.Integer()
    revenue = fields.Float(digits=(16, 2))


class CrmRolloutPlanRfm(models.AbstractModel):
    _name = "crm.rollout.plan.rfm.mixin"
    _description = "Rollout Plan: RFM Grids"

    rfm_cell_ids = fields.One2many("crm.rollout.rfm.cell", "plan_id")

    def _rfm_run_for(self, moment):
        """The scoring the grid of ``moment`` comes from: today the latest one;
        at go-live the last one on or before that day, or else the first one
        after it."""
        Run = self.env["crm.rfm.run"].sudo()
        done = [("company_id", "=", self.company_id.id), ("state", "=", "done")]
        if moment == "today":
            return Run.search(done, order="as_of desc, id desc", limit=1)
        return Run.search(
            done + [("as_of", "<=", self.go_live_date)],
            order="as_of desc, id desc",
            limit=1,
        ) or Run.search(
            done + [("as_of", ">", self.go_live_date)], order="as_of, id", limit=1
        )

    def _capture_rfm_grid(self, moment):
        """Copy the R x F grid (customers and revenue per cell) of the scoring
        of ``moment`` into the plan."""
        for plan in self:
            if moment == "golive" and not plan.go_live_date:
                continue
            run = plan._rfm_run_for(moment)
            cells = plan.rfm_cell_ids.filtered(lambda c, m=moment: c.moment == m)
            if not run or (cells and cells[0].run_id == run):
                continue
            groups = (
                self.env["crm.rfm.snapshot"]
                .sudo()
                ._read_group(
                    [("run_id", "=", run.id)],
                    ["r_score", "f_score"],
                    ["__count", "monetary:sum"],
                )
            )
            found = {(r, f): (count, revenue) for r, f, count, revenue in groups}
            cells.sudo().unlink()
            self.env["crm.rollout.rfm.cell"].sudo().create(
                [
                    {
                        "plan_id": plan.id,
                        "moment": moment,
                        "run_id": run.id,
                        "as_of": run.as_of,
                        "r_score": r,
                        "f_score": f,
                        "customers": found.get((r, f), (0, 0.0))[0],
                        "revenue": found.get((r, f), (0, 0.0))[1] or 0.0,
                    }
                    for r in range(1, 6)
                    for f in range(1, 6)
                ]
            )

    def action_open_rfm_grid(self):
        """The R x F grid at go-live beside today's."""
        self.ensure_one()
        self.check_access("read")
        self._capture_rfm_grid("today")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_rollout.crm_rollout_rfm_cell_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        return action
