# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.misc import file_open

from .common import CampaignCase

OUR_MODELS = (
    "automation.configuration",
    "automation.configuration.step",
    "automation.record",
    "automation.record.step",
    "crm.campaign.report",
    "crm.campaign.step.report",
    "crm.crosssell.rule",
    "crm.campaign.segment",
    "crm.campaign.export",
)


@tagged("post_install", "-at_install", "crm_campaigns")
class TestAccess(CampaignCase):
    """Sales users see campaigns and results; CRM relationship administrators
    create, start and stop them; portal and public users nothing; a campaign
    never leaves its company (QUALITY 1 to 4)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Access Customer")
        cls.campaign = cls._campaign([cls._mail_step()])
        cls.campaign.start_automation()
        cls.campaign_b = cls._campaign(
            [cls._mail_step()],
            name="Company B campaign",
            company_id=cls.other_company.id,
        )
        cls.campaign_b.start_automation()
        cls.rule_b = cls.env["crm.crosssell.rule"].create(
            {
                "company_id": cls.other_company.id,
                "antecedent_product_id": cls.product.id,
                "consequent_product_id": cls.env["product.product"]
                .create({"name": "Other"})
                .id,
            }
        )

    def test_every_access_line_names_a_group(self):
        with file_open("crm_campaigns/security/ir.model.access.csv") as handle:
            rows = list(csv.DictReader(handle))
        self.assertTrue(rows)
        for row in rows:
            self.assertTrue(row["group_id:id"], row["id"])

    def test_sales_users_read_campaigns_and_results(self):
        campaign = self.campaign.with_user(self.salesperson)
        self.assertEqual(campaign.name, "Test campaign")
        self.assertEqual(campaign.participant_count, 1)
        self.assertTrue(
            self.env["crm.campaign.report"]
            .with_user(self.salesperson)
            .search([("configuration_id", "=", self.campaign.id)])
        )
        self.assertTrue(campaign.action_view_results()["domain"])

    def test_sales_users_cannot_create_start_or_stop(self):
        Campaign = self.env["automation.configuration"].with_user(self.salesperson)
        with self.assertRaises(AccessError):
            Campaign.create({"name": "mine", "model_id": self.partner_model.id})
        draft = self._campaign([self._mail_step()], name="Draft")
        for method in ("start_automation", "done_automation", "run_automation"):
            with self.assertRaises(AccessError, msg=method):
                getattr(draft.with_user(self.salesperson), method)()
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.salesperson).done_automation()
        with self.assertRaises(AccessError):
            self.env["automation.record.step"].with_user(
                self.salesperson
            )._cron_automation_steps()

    def test_administrators_create_start_and_stop(self):
        Campaign = self.env["automation.configuration"].with_user(self.manager)
        campaign = Campaign.create(
            {
                "name": "Manager campaign",
                "model_id": self.partner_model.id,
                "editable_domain": repr([("id", "=", self.customer.id)]),
            }
        )
        self.env["automation.configuration.step"].with_user(self.manager).create(
            dict(self._mail_step(), name="Hello", configuration_id=campaign.id)
        )
        campaign.start_automation()
        self.assertEqual(campaign.state, "ondemand")
        self.assertEqual(campaign.participant_count, 1)
        campaign.done_automation()
        self.assertEqual(campaign.state, "done")

    def test_portal_and_public_get_nothing(self):
        for user in (self.portal_user, self.public_user):
            for model in OUR_MODELS:
                with self.assertRaises(AccessError, msg=f"{model} {user.login}"):
                    self.env[model].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["automation.configuration"].with_user(user).create(
                    {"name": "x", "model_id": self.partner_model.id}
                )
            with self.assertRaises(AccessError):
                self.campaign.with_user(user).read(["name"])

    def test_a_user_of_company_a_sees_nothing_of_company_b(self):
        user = self.salesperson
        self.assertNotIn(
            self.campaign_b,
            self.env["automation.configuration"].with_user(user).search([]),
        )
        with self.assertRaises(AccessError):
            self.campaign_b.with_user(user).read(["name"])
        self.assertFalse(
            self.env["automation.record"]
            .with_user(user)
            .search([("configuration_id", "=", self.campaign_b.id)])
        )
        self.assertFalse(
            self.env["crm.campaign.report"]
            .with_user(user)
            .search([("configuration_id", "=", self.campaign_b.id)])
        )
        self.assertNotIn(
            self.rule_b,
            self.env["crm.crosssell.rule"]
            .with_user(user)
            .with_context(active_test=False)
            .search([]),
        )
        manager = self.env["automation.configuration"].with_user(self.both_manager)
        only_a = manager.with_context(allowed_company_ids=self.company.ids)
        self.assertNotIn(self.campaign_b, only_a.search([]))
        both = manager.with_context(
            allowed_company_ids=(self.company | self.other_company).ids
        )
        self.assertIn(self.campaign_b, both.search([]))

    def test_a_campaign_only_touches_records_of_its_company(self):
        team_b = self.env["crm.team"].create(
            {"name": "Team B", "company_id": self.other_company.id}
        )
        with self.assertRaises(UserError):
            self._campaign([], name="cross", target_team_id=team_b.id)
        lead_b = self.env["crm.lead"].create(
            {
                "name": "Lead of B",
                "partner_id": self.customer.id,
                "company_id": self.other_company.id,
            }
        )
        lead_a = self.env["crm.lead"].create(
            {
                "name": "Lead of A",
                "partner_id": self.customer.id,
                "company_id": self.company.id,
            }
        )
        campaign = self._campaign(
            [],
            model=self.lead_model,
            editable_domain=repr([("id", "in", (lead_a | lead_b).ids)]),
        )
        self.assertEqual(campaign.target_count, 1)
        campaign.start_automation()
        self.assertEqual(self._records(campaign).mapped("res_id"), lead_a.ids)

    def test_buttons_check_access_before_anything(self):
        user = self.salesperson
        for method in (
            "action_update_results",
            "action_view_results",
            "action_view_target",
            "action_export_figures",
        ):
            with self.assertRaises(AccessError, msg=method):
                getattr(self.campaign_b.with_user(user), method)()
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(
                self.portal_user
            ).action_crm_campaign_mailing_for_domain("[]")
