# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.fields import Command

DEMO_XMLID = "demo_plan"


class CrmRolloutPlanDemo(models.AbstractModel):
    _name = "crm.rollout.plan.demo.mixin"
    _description = "Rollout Plan: Demo Data"

    @api.model
    def _demo_populate(self, started_days_ago=120, live_days_ago=75):
        """Demo data: a gradual plan half-way. Planning and implementation
        approved, the pilot wave active for some weeks (the evaluation has its
        months), the pre-go-live test under way with a readiness test partly
        green. Created once: calling it again changes nothing."""
        if self.env.ref(f"crm_rollout.{DEMO_XMLID}", raise_if_not_found=False):
            return self.env.ref(f"crm_rollout.{DEMO_XMLID}")
        admin = self.env.ref("base.user_admin")
        demo_user = self.env.ref("base.user_demo", raise_if_not_found=False)
        company = self.env.ref("base.main_company")
        today = fields.Date.context_today(self)
        start = today - timedelta(days=started_days_ago)
        live = today - timedelta(days=live_days_ago)
        template = self.env.ref("crm_rollout.template_gradual")
        plan = template.with_context(tracking_disable=True)._create_plan_from_template(
            company,
            start=start,
            name=self.env._("CRM rollout: sales and customer service"),
            user=admin,
        )
        self.env["ir.model.data"].create(
            {
                "name": DEMO_XMLID,
                "module": "crm_rollout",
                "model": plan._name,
                "res_id": plan.id,
                "noupdate": True,
            }
        )
        if demo_user:
            plan.member_ids = [
                Command.create({"user_id": demo_user.id, "role": "key_user"})
            ]
        plan.description = self.env._(
            "Customer service and the sales team of the head office use the CRM "
            "first; everybody else follows once the pilot is conclusive."
        )
        self._demo_targets(plan)
        self._demo_campaign(plan)
        plan = plan.with_user(admin).with_context(tracking_disable=True)
        phases = plan.phase_ids.sorted("sequence")
        for phase in phases[:2]:
            phase.checklist_ids.write({"done": True})
            phase.action_approve_gate()
        phases[2].checklist_ids[:2].write({"done": True})
        pilot = plan.wave_ids.filtered("pilot")[:1]
        pilot.user_ids = [Command.set((admin | (demo_user or admin)).ids)]
        pilot.action_activate()
        self._demo_backdate(plan, phases, pilot, start, live)
        self._demo_activity(plan, admin, demo_user)
        plan.sudo()._measure_all()
        plan.sudo()._check_readiness()
        return plan

    @api.model
    def _demo_campaign(self, plan):
        """With crm_campaigns, its win-back demo campaign implements the
        plan's win-back process."""
        campaign = self.env.ref("crm_campaigns.campaign_winback", False)
        template = self.env.ref("crm_rollout.template_gradual_process_winback")
        process = plan.process_ids.filtered(lambda p: p.name == template.name)[:1]
        if campaign and process:
            process.implementation = f"{campaign._name},{campaign.id}"

    @api.model
    def _demo_targets(self, plan):
        """The targets a consultant set with the steering committee."""
        targets = {
            "churn_rate": 12.0,
            "retention_rate": 88.0,
            "portfolio_growth": 80.0,
            "complaint_resolution_hours": 24.0,
            "reachable_share": 95.0,
            "touchpoints_per_user_week": 8.0,
            "orders_with_touchpoint_share": 60.0,
        }
        for objective in plan.objective_ids:
            objective.target = targets[objective.kpi]
        # the old helpdesk's reports said 36 hours
        plan.objective_ids.filtered(
            lambda o: o.kpi == "complaint_resolution_hours"
        ).write(
            {
                "baseline": 36.0,
                "has_baseline": True,
                "baseline_source": "manual",
                "baseline_note": self.env._("From the old helpdesk's reports"),
            }
        )

    @api.model
    def _demo_backdate(self, plan, phases, pilot, start, live):
        """What was done is dated when it happened: the approvals, the
        activation, and their messages."""
        moments = {
            phases[0]: datetime.combine(start + timedelta(days=20), time(10)),
            phases[1]: datetime.combine(live - timedelta(days=1), time(10)),
        }
        for phase, when in moments.items():
            phase.sudo().approved_on = when
            phase.checklist_ids.sudo().done_on = when - timedelta(days=1)
        activated = datetime.combine(live, time(9))
        plan.sudo().go_live_date = live
        pilot.sudo().write({"date_start": live, "activated_on": activated})
        pilot.grant_ids.sudo().granted_on = activated
        plan.sudo().rfm_cell_ids.unlink()  # taken again for the go-live date
        marks = [(phase.name, when) for phase, when in moments.items()]
        marks.append((pilot.name, activated))
        for message in plan.message_ids:
            dates = [when for name, when in marks if f"“{name}”" in message.body]
            message.sudo().date = (
                dates[0] if dates else datetime.combine(start, time(9))
            )

    @api.model
    def _demo_activity(self, plan, admin, demo_user):
        """What the pilot did: calls logged by hand, complaints resolved, the
        first training tour done by the project leader."""
        Touchpoint = self.env["crm.touchpoint"].sudo()
        customers = self.env["res.partner"].search(
            [("customer_rank", ">", 0), ("is_company", "=", True)], limit=6
        )
        now = fields.Datetime.now()
        vals = []
        for index, customer in enumerate(customers):
            vals.append(
                {
                    "partner_id": customer.id,
                    "summary": self.env._("Call to present the new customer service"),
                    "channel": "phone",
                    "direction": "outbound",
                    "kind": "follow_up",
                    "user_id": admin.id,
                    "date": now - timedelta(days=index + 1),
                }
            )
        if demo_user and customers:
            vals.append(
                {
                    "partner_id": customers[0].id,
                    "summary": self.env._("Visit to collect the signed forms"),
                    "channel": "visit",
                    "direction": "outbound",
                    "kind": "follow_up",
                    "user_id": demo_user.id,
                    "date": now - timedelta(days=2),
                }
            )
        for index, customer in enumerate(customers[:4]):
            vals.append(
                {
                    "partner_id": customer.id,
                    "summary": self.env._("Complaint: late delivery"),
                    "channel": "phone",
                    "kind": "complaint",
                    "user_id": admin.id,
                    "date": now - timedelta(days=10 * index + 20, hours=30 - 6 * index),
                    "resolved": True,
                    "resolved_at": now - timedelta(days=10 * index + 20),
                }
            )
        Touchpoint.create(vals)
        tour = self.env.ref("crm_rollout.tour_training_touchpoint")
        tour.sudo().user_consumed_ids = [Command.link(admin.id)]
