# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import CampaignCase


@tagged("post_install", "-at_install", "crm_campaigns")
class TestSeedScenario(CampaignCase):
    """The online bank of the seed, end to end with time travel: a lead in
    "Forms sent" that has not moved for 3 days gets the e-mail; 2 days later,
    with no reply and still in that stage, the call centre gets a call;
    reaching "Forms received" stops the sequence."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create(
            {"name": "Test Call Centre", "company_id": cls.company.id}
        )
        cls.agent = cls.salesperson
        Stage = cls.env["crm.stage"]
        cls.new = Stage.create({"name": "T New", "sequence": 1, "team_id": cls.team.id})
        cls.sent = Stage.create(
            {"name": "T Forms sent", "sequence": 2, "team_id": cls.team.id}
        )
        cls.received = Stage.create(
            {"name": "T Forms received", "sequence": 3, "team_id": cls.team.id}
        )
        cls.lead_template = cls.env["mail.template"].create(
            {
                "name": "Forms help",
                "model_id": cls.lead_model.id,
                "subject": "¿Necesita ayuda con los formularios?",
                "partner_to": "{{ object.partner_id.id }}",
                "body_html": "<p>Hola <t t-out='object.partner_id.name'/></p>",
            }
        )
        demo = cls.env.ref("crm_campaigns.campaign_forms_not_returned")
        cls.campaign = demo.copy(
            {
                "name": "Forms not returned (test)",
                "company_id": cls.company.id,
                "editable_domain": repr([("stage_id", "=", cls.sent.id)]),
                "target_team_id": cls.team.id,
                "goal_stage_id": cls.received.id,
            }
        )
        # automation_oca does not copy the steps: built as in the form.
        Step = cls.env["automation.configuration.step"]
        cls.email = Step.create(
            {
                "name": "E-mail: help with the forms",
                "configuration_id": cls.campaign.id,
                "step_type": "mail",
                "trigger_type": "start",
                "trigger_date_kind": "date",
                "trigger_date_field_id": cls.env.ref(
                    "crm.field_crm_lead__date_last_stage_update"
                ).id,
                "trigger_interval": 3,
                "trigger_interval_type": "days",
                "mail_template_id": cls.lead_template.id,
            }
        )
        cls.call_step = Step.create(
            {
                "name": "Call: any problem with the forms?",
                "configuration_id": cls.campaign.id,
                "parent_id": cls.email.id,
                "step_type": "activity",
                "trigger_type": "mail_not_reply",
                "trigger_interval": 2,
                "trigger_interval_type": "days",
                "activity_type_id": cls.call.id,
                "activity_summary": "Call: any problem with the forms?",
                "activity_user_type": "specific",
                "activity_user_id": cls.agent.id,
            }
        )

    def _lead(self, name):
        partner = self._customer(name)
        return self.env["crm.lead"].create(
            {
                "name": f"Account {name}",
                "type": "opportunity",
                "partner_id": partner.id,
                "team_id": self.team.id,
                "company_id": self.company.id,
                "stage_id": self.new.id,
            }
        )

    def setUp(self):
        super().setUp()
        # Day 0 is now: PostgreSQL's transaction clock (creation dates) cannot
        # be moved, so the test travels forward only.
        self.day0 = fields.Datetime.now().replace(microsecond=0)

    def _move(self, leads, stage):
        # PostgreSQL's transaction clock stamps the stage change; the test
        # moves it to the frozen time, as a user moving the lead then would.
        leads.write({"stage_id": stage.id})
        leads.write({"date_last_stage_update": fields.Datetime.now()})

    def test_forms_not_returned_end_to_end(self):
        with freeze_time(self.day0):
            ana, bea, carla, dora = (
                self._lead(name) for name in ("Ana", "Bea", "Carla", "Dora")
            )
            self._move(ana | bea | carla, self.sent)
            self.campaign.start_automation()
            records = self._records(self.campaign)
            self.assertEqual(
                sorted(records.mapped("res_id")), sorted((ana | bea | carla).ids)
            )
        with freeze_time(self.day0 + timedelta(days=1)):
            # Dora gets to "Forms sent" a day later: her 3 days start then.
            self._move(dora, self.sent)
            self.campaign.run_automation()
        with freeze_time(self.day0 + timedelta(days=2, hours=23)):
            self._run_steps()
            self.assertFalse(self._mails(self.campaign), "3 days have not passed")
        with freeze_time(self.day0 + timedelta(days=3, hours=1)):
            self._run_steps()
            mails = self._mails(self.campaign)
            self.assertEqual(len(mails), 3)
            self.assertEqual(
                set(mails.mapped("subject")), {"¿Necesita ayuda con los formularios?"}
            )
            self.assertEqual(
                mails.mapped("recipient_ids"),
                (ana | bea | carla).partner_id,
            )
            # Bea answers the e-mail; Carla sends the forms back.
            bea_step = self.env["automation.record.step"].search(
                [
                    ("configuration_step_id", "=", self.email.id),
                    ("record_id.res_id", "=", bea.id),
                ]
            )
            bea_step._set_mail_reply()
            self._move(carla, self.received)
        with freeze_time(self.day0 + timedelta(days=4, hours=1)):
            self._run_steps()
            self.assertEqual(len(self._mails(self.campaign)), 4, "Dora's e-mail")
            self.assertFalse(self._activities(self.campaign), "2 days have not passed")
        with freeze_time(self.day0 + timedelta(days=5, hours=2)):
            self._run_steps()
            calls = self._activities(self.campaign)
            self.assertEqual(calls.mapped("res_id"), ana.ids, "only Ana: Bea replied")
            self.assertEqual(calls.user_id, self.agent)
            self.assertEqual(calls.activity_type_id, self.call)
            carla_record = self._records(self.campaign).filtered(
                lambda r: r.res_id == carla.id
            )
            self.assertTrue(carla_record.converted_on, "Forms received is the goal")
            self.assertEqual(
                set(carla_record.automation_step_ids.mapped("state")),
                {"done", "cancel"},
                "the goal stopped Carla's sequence",
            )
        with freeze_time(self.day0 + timedelta(days=6, hours=3)):
            self._run_steps()
            self.assertEqual(
                sorted(self._activities(self.campaign).mapped("res_id")),
                sorted((ana | dora).ids),
            )
            # Running again changes nothing: one e-mail, one call each.
            self._run_steps()
            self.assertEqual(len(self._mails(self.campaign)), 4)
            self.assertEqual(len(self._activities(self.campaign)), 2)
        # Every step run left one touchpoint on the customer (outbound).
        touchpoints = self._touchpoints(self.campaign)
        self.assertEqual(len(touchpoints), 6)
        self.assertEqual(
            sorted(touchpoints.mapped("channel")), ["email"] * 4 + ["phone"] * 2
        )
        self.assertEqual(set(touchpoints.mapped("direction")), {"outbound"})
        self.assertEqual(set(touchpoints.mapped("kind")), {"marketing", "follow_up"})
        self.assertEqual(self.campaign.converted_count, 1)

    def test_a_lead_that_moves_on_gets_nothing(self):
        with freeze_time(self.day0):
            lead = self._lead("Elena")
            self._move(lead, self.sent)
            self.campaign.start_automation()
        with freeze_time(self.day0 + timedelta(days=1)):
            self._move(lead, self.new)  # moved on: no longer "Forms sent"
        with freeze_time(self.day0 + timedelta(days=3, hours=1)):
            self._run_steps()
        self.assertFalse(self._mails(self.campaign))
        step = self._records(self.campaign).automation_step_ids
        self.assertEqual(step.state, "rejected")

    def test_demo_campaign_is_built_from_the_form_fields(self):
        demo = self.env.ref("crm_campaigns.campaign_forms_not_returned")
        self.assertEqual(demo.model_id.model, "crm.lead")
        self.assertEqual(demo.goal_stage_id.name, "Forms received")
        steps = demo.automation_step_ids.sorted("parent_position")
        self.assertEqual(steps.mapped("step_type"), ["mail", "activity"])
        self.assertEqual(steps[1].trigger_type, "mail_not_reply")
        self.assertEqual((steps[0].trigger_interval, steps[1].trigger_interval), (3, 2))
        self.assertTrue(demo.target_team_id)
