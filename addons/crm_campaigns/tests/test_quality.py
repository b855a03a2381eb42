# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

import openpyxl

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.misc import file_open

from odoo.addons.crm_relationship.domains import DomainError, parse_domain

from .common import REF, CampaignCase


@tagged("post_install", "-at_install", "crm_campaigns")
class TestQuality(CampaignCase):
    """QUALITY.md lines 9, 12, 14, 15 and 18, and the XLSX export."""

    def test_domains_are_parsed_never_evaluated(self):
        self.assertEqual(
            parse_domain(
                "[('name', '=', 'x'), '|', ('a', 'in', [1, 2]), ('b', '!=', False)]"
            ),
            [("name", "=", "x"), "|", ("a", "in", [1, 2]), ("b", "!=", False)],
        )
        for text in (
            "[('name', '=', __import__('os').system('touch /tmp/pwned'))]",
            "[('create_date', '<=', datetime.datetime.now())]",
            "[('user_id', '=', uid)]",
            "{'a': 1}",
            "[('name',)]",
        ):
            with self.assertRaises(DomainError, msg=text):
                parse_domain(text)
        with self.assertRaisesRegex(ValidationError, "not a valid filter"):
            self._campaign([], editable_domain="[('name', '=', uid)]")
        with self.assertRaises(ValidationError):
            self._campaign([], editable_domain="[('no_such_field', '=', 1)]")
        campaign = self._campaign([self._mail_step(domain="[('email', '!=', False)]")])
        with self.assertRaises(ValidationError):
            campaign.automation_step_ids.domain = "[('email', '=', env.user.email)]"

    def test_results_are_recomputed_never_incremented(self):
        customers = self._customers(5)
        campaign = self._campaign([self._mail_step()])
        campaign.start_automation()
        self._backdate_enrolment(campaign)
        self._order(customers[0], 300.0)
        for _run in range(3):
            campaign._campaign_update_results()
            campaign.invalidate_recordset()
            self.assertEqual(campaign.converted_count, 1)
            self.assertEqual(campaign.campaign_revenue, 300.0)

    def test_a_partner_merge_moves_the_participation(self):
        keep, merged = self._customers(2, "Merge")
        campaign = self._campaign([self._mail_step()])
        campaign.start_automation()
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((keep | merged).ids, keep)
        records = self._records(campaign)
        self.assertEqual(len(records), 2, "nothing silently deleted")
        self.assertEqual(set(records.mapped("res_id")), {keep.id})
        self.assertEqual(records.partner_id, keep)

    def test_neutralize_script_stops_the_campaign_runner(self):
        crons = (
            self.env.ref("automation_oca.cron_step_execute")
            | self.env.ref("automation_oca.cron_configuration_run")
            | self.env.ref("crm_campaigns.ir_cron_crm_crosssell_mine")
            | self.env.ref("crm_campaigns.ir_cron_crm_campaign_results")
        )
        crons.write({"active": True})
        with file_open("crm_campaigns/data/neutralize.sql") as handle:
            self.env.flush_all()
            self.env.cr.execute(handle.read())
        crons.invalidate_recordset()
        self.assertFalse(any(crons.mapped("active")))

    def test_opted_out_are_left_out_of_targeting(self):
        self._customer("Profiled", profiling_objection=True)
        self._customer("Welcome")
        campaign = self._campaign([self._mail_step()])
        self.assertEqual(
            (campaign.target_count, campaign.target_excluded_count), (2, 1)
        )

    def test_figures_export_is_text_safe(self):
        self._customer(
            '=HYPERLINK("http://evil","x")',
            email="formula@example.com",
            crm_campaign_opt_out=True,
        )
        self._customer("Plain")
        campaign = self._campaign([self._mail_step()], name="+SUM(A1:A2)")
        campaign.start_automation()
        self._run_steps()
        action = campaign.action_export_figures()
        self.assertIn("/web/content/crm.campaign.export/", action["url"])
        export = self.env["crm.campaign.export"].search([], order="id desc", limit=1)
        book = openpyxl.load_workbook(io.BytesIO(export._xlsx()))
        summary = book.worksheets[0]
        self.assertEqual(summary["A1"].value, "+SUM(A1:A2)")
        self.assertEqual(summary["A1"].data_type, "s")
        steps = book.worksheets[1]
        self.assertEqual(steps["C2"].value, 1, "reached")
        excluded = book.worksheets[2]
        self.assertEqual(excluded["A2"].value, '=HYPERLINK("http://evil","x")')
        self.assertEqual(excluded["A2"].data_type, "s")
        self.assertEqual(excluded["B2"].value, "Opted out of campaigns")

    def test_targets_from_the_customer_layer(self):
        company = self.company
        laptop = self.env["product.product"].create({"name": "T Laptop"})
        printer = self.env["product.product"].create({"name": "T Printer"})
        risky = self._customer(
            "Risky", customer_type="b2b", user_id=self.salesperson.id
        )
        safe = self._customer("Safe", customer_type="consumer")
        laptop_only = self._customer("Laptop Only")
        both = self._customer("Both Products")
        self._order(laptop_only, product=laptop)
        self._order(both, product=laptop)
        self._order(both, product=printer)
        self._order(safe, product=laptop, company=self.other_company)
        scores = {
            risky: ("at_risk", 0.8, 3000.0, 20.0),
            safe: ("champions", 0.05, 500.0, 90.0),
        }
        for partner, (segment, churn, clv, loyalty) in scores.items():
            partner.with_company(company).sudo().write(
                {
                    "rfm_segment": segment,
                    "churn_probability": churn,
                    "clv": clv,
                    "loyalty_score": loyalty,
                    "rfm_scored_at": fields.Datetime.now(),
                }
            )
        at_risk = self.env.ref("crm_campaigns.segment_at_risk")
        cases = [
            ({"target_customer_type": "b2b"}, risky),
            ({"target_segment_ids": [(6, 0, at_risk.ids)]}, risky),
            ({"target_churn_min": 50}, risky),
            ({"target_churn_max": 10}, safe),
            ({"target_clv_min": 1000}, risky),
            ({"target_clv_max": 1000, "target_clv_min": 1}, safe),
            ({"target_loyalty_min": 50}, safe),
            ({"target_user_id": self.salesperson.id}, risky),
            (
                {
                    "target_bought_product_id": laptop.id,
                    "target_not_bought_product_id": printer.id,
                },
                laptop_only,
            ),
            (
                {"editable_domain": repr([("ref", "=", REF), ("name", "=", "Safe")])},
                safe,
            ),
        ]
        for vals, expected in cases:
            campaign = self._campaign([], **vals)
            target = campaign._campaign_model().search(campaign._campaign_domain())
            self.assertEqual(target, expected, vals)
            self.assertEqual(campaign.target_count, 1, vals)
        with self.assertRaises(ValidationError):
            self._campaign([], target_churn_min=60, target_churn_max=40)
        with self.assertRaises(UserError):
            self.env["res.partner"].action_crm_campaign_mailing_for_domain(
                "[(1, '=', x)]"
            )
