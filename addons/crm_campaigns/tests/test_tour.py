# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import parse_qs, urlparse

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "crm_campaigns")
class TestTour(HttpCase):
    def test_tour_two_step_campaign(self):
        self.env["mail.template"].create(
            {
                "name": "Tour offer",
                "model_id": self.env.ref("base.model_res_partner").id,
                "subject": "An offer",
                "partner_to": "{{ object.id }}",
                "body_html": "<p>Hello</p>",
            }
        )
        self.env["res.partner"].create(
            {"name": "Tour Business", "is_company": True, "email": "tour@example.com"}
        )
        self.start_tour(
            "/odoo/action-crm_campaigns.automation_configuration_action_campaigns",
            "crm_campaigns_two_step_campaign",
            login="admin",
        )
        campaign = self.env["automation.configuration"].search(
            [("name", "=", "Tour win-back")]
        )
        self.assertEqual(campaign.state, "ondemand")
        steps = campaign.automation_step_ids.sorted("parent_position")
        self.assertEqual(steps.mapped("step_type"), ["mail", "activity"])
        self.assertEqual(steps[1].parent_id, steps[0])
        self.assertEqual(steps[1].trigger_type, "mail_not_reply")
        self.assertTrue(campaign.holdout_seed)
        self.assertGreaterEqual(campaign.participant_count, 1)


@tagged("post_install", "-at_install", "crm_campaigns")
class TestUnsubscribe(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.alice = Partner.create({"name": "Alice", "email": "alice@example.com"})
        cls.bob = Partner.create({"name": "Bob", "email": "bob@example.com"})

    def _link(self, partner):
        query = parse_qs(urlparse(partner._crm_campaign_unsubscribe_url()).query)
        return query["partner"][0], query["token"][0]

    def test_unsubscribe_without_login(self):
        partner, token = self._link(self.alice)
        url = f"/crm_campaigns/unsubscribe?partner={partner}&token={token}"
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("alice@example.com", response.text)
        self.assertFalse(self.alice.crm_campaign_opt_out, "a GET only asks")
        response = self.url_open(
            "/crm_campaigns/unsubscribe", data={"partner": partner, "token": token}
        )
        self.assertEqual(response.status_code, 200)
        self.alice.invalidate_recordset()
        self.assertTrue(self.alice.crm_campaign_opt_out)

    def test_a_link_cannot_be_turned_into_another_address(self):
        _partner, token = self._link(self.alice)
        for data in (
            {"partner": self.bob.id, "token": token},
            {"partner": self.bob.id, "token": "0" * 64},
            {"partner": "x", "token": token},
        ):
            response = self.url_open("/crm_campaigns/unsubscribe", data=data)
            self.assertEqual(response.status_code, 403)
        self.bob.invalidate_recordset()
        self.assertFalse(self.bob.crm_campaign_opt_out)
        # a link made for an old address stops working when it changes
        partner, token = self._link(self.bob)
        self.bob.email = "robert@example.com"
        response = self.url_open(
            "/crm_campaigns/unsubscribe", data={"partner": partner, "token": token}
        )
        self.assertEqual(response.status_code, 403)
