# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import NextActionCase

BLOCK_FIELDS = [
    "customer_type",
    "customer_segment",
    "customer_churn_risk",
    "customer_churn_probability",
    "customer_clv",
    "customer_open_complaint_count",
    "customer_touchpoint_ids",
    "customer_next_action_reason",
]


@tagged("post_install", "-at_install", "crm_next_action")
class TestCustomerContext(NextActionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # shared by both companies, each with its own scores
        cls.customer = cls._customer(
            "Context Customer", customer_type="distributor", company_id=False
        )
        cls._history(cls.customer, [94, 124, 154, 184])
        cls._touchpoint(cls.customer, 50, kind="complaint", summary="Broken pallet")
        cls._touchpoint(
            cls.customer, 20, kind="feedback", summary="Liked the catalogue"
        )
        cls._score(
            cls.customer,
            rfm_segment="at_risk",
            churn_probability=0.62,
            clv=4200.0,
            rfm_m_score=5,
        )
        cls._score(cls.customer, company=cls.other_company, rfm_segment="champions")
        cls.calm = cls._customer("Calm Customer")
        cls._score(cls.calm, rfm_segment="loyal", churn_probability=0.1)
        cls._rule(
            "High value at risk",
            [("churn_probability", ">=", 0.5)],
            reason="At risk, high value: call with a retention offer",
            reason_figures="purchase",
        )
        cls.env["crm.next.action"].sudo()._recompute(cls.company)
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Pallets for spring",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.salesperson.id,
                "company_id": cls.company.id,
            }
        )
        cls.calm_lead = cls.env["crm.lead"].create(
            {
                "name": "Calm deal",
                "type": "opportunity",
                "partner_id": cls.calm.id,
                "user_id": cls.salesperson.id,
                "company_id": cls.company.id,
            }
        )
        cls.quotation = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesperson.id,
                "company_id": cls.company.id,
            }
        )

    def _open_form(self, record, user):
        """What the web client does to open the form: the view, then one
        web_read of the fields it shows."""
        record = record.with_user(user)
        view = record.get_views([(False, "form")])["views"]["form"]
        arch = etree.fromstring(view["arch"])
        shown = {node.get("name") for node in arch.iter("field")}
        for fname in BLOCK_FIELDS:
            self.assertIn(fname, shown, f"{fname} is not in the form")
        spec = {name: {} for name in shown if name in record._fields}
        spec["customer_touchpoint_ids"] = {"fields": {"summary": {}, "kind": {}}}
        return record.web_read(spec)[0]

    def _check_block(self, values):
        self.assertEqual(values["customer_type"], "distributor")
        self.assertEqual(values["customer_segment"], "at_risk")
        self.assertEqual(values["customer_churn_risk"], "high")
        self.assertAlmostEqual(values["customer_churn_probability"], 0.62)
        self.assertEqual(values["customer_clv"], 4200.0)
        self.assertEqual(values["customer_open_complaint_count"], 1)
        summaries = [t["summary"] for t in values["customer_touchpoint_ids"]]
        self.assertEqual(len(summaries), 3)
        self.assertEqual(summaries[0], "Liked the catalogue")
        self.assertIn("Broken pallet", summaries)
        self.assertEqual(
            values["customer_next_action_reason"],
            "At risk, high value: call with a retention offer — last order 94 days "
            "ago, usually every 30 days",
        )

    def test_block_on_the_opportunity_for_a_salesperson(self):
        self.assertFalse(
            self.salesperson.has_group(
                "crm_relationship.group_crm_relationship_manager"
            )
        )
        self._check_block(self._open_form(self.lead, self.salesperson))

    def test_block_on_the_quotation_for_a_salesperson(self):
        self._check_block(self._open_form(self.quotation, self.salesperson))

    def test_pipeline_filters_and_groups_by_segment_and_churn_risk(self):
        Lead = self.env["crm.lead"].with_user(self.salesperson)
        self.assertEqual(
            Lead.search([("customer_segment", "in", ["at_risk", "cannot_lose"])]),
            self.lead,
        )
        self.assertEqual(
            Lead.search([("customer_churn_risk", "=", "low")]), self.calm_lead
        )
        groups = Lead.read_group(
            [("id", "in", (self.lead | self.calm_lead).ids)],
            ["expected_revenue:sum"],
            ["customer_segment"],
        )
        self.assertEqual(
            sorted(
                (g["customer_segment"], g["customer_segment_count"]) for g in groups
            ),
            [("at_risk", 1), ("loyal", 1)],
        )
        fields = Lead.fields_get(["customer_segment", "customer_churn_risk"])
        self.assertTrue(fields["customer_segment"]["groupable"])
        self.assertTrue(fields["customer_churn_risk"]["sortable"])
        by_risk = Lead.web_read_group(
            [("id", "in", (self.lead | self.calm_lead).ids)],
            ["customer_churn_risk"],
            ["customer_churn_risk"],
        )["groups"]
        self.assertEqual(
            sorted(g["customer_churn_risk"] for g in by_risk), ["high", "low"]
        )

    def test_quotation_list_groups_by_segment(self):
        Order = self.env["sale.order"].with_user(self.salesperson)
        groups = Order.read_group(
            [("id", "=", self.quotation.id)], ["amount_total:sum"], ["customer_segment"]
        )
        self.assertEqual(groups[0]["customer_segment"], "at_risk")

    def test_a_document_shows_the_scores_of_its_own_company(self):
        """Scores are per company: a company-B opportunity shows and groups by
        company B's segment, even while company A is the current one."""
        lead_b = self.env["crm.lead"].create(
            {
                "name": "Deal in B",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "company_id": self.other_company.id,
            }
        )
        Lead = (
            self.env["crm.lead"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=[self.company.id, self.other_company.id])
        )
        self.assertEqual(Lead.env.company, self.company)
        leads = Lead.browse((self.lead | lead_b).ids)
        self.assertEqual(leads.mapped("customer_segment"), ["at_risk", "champions"])
        self.assertEqual(
            Lead.search([("customer_segment", "=", "champions")]),
            lead_b.with_env(Lead.env),
        )
        groups = Lead.read_group(
            [("id", "in", leads.ids)], ["expected_revenue:sum"], ["customer_segment"]
        )
        self.assertEqual(
            sorted(g["customer_segment"] for g in groups), ["at_risk", "champions"]
        )

    def test_other_company_users_see_nothing_of_this_company(self):
        user_b = self.env["res.users"].create(
            {
                "name": "Seller B",
                "login": "nba_sales_b",
                "company_id": self.other_company.id,
                "company_ids": [(6, 0, self.other_company.ids)],
                "groups_id": [
                    (6, 0, self.env.ref("sales_team.group_sale_salesman").ids)
                ],
            }
        )
        as_b = self.env(
            user=user_b, context={"allowed_company_ids": user_b.company_ids.ids}
        )
        self.assertFalse(as_b["crm.next.action"].search([]))
        row = self._row(self.customer)
        with self.assertRaises(AccessError):
            row.with_env(as_b).read(["reason"])
        # company B's view of the shared customer: no next best action of A
        self.assertFalse(self.customer.with_env(as_b).next_action_reason)

    def test_portal_users_get_nothing(self):
        for model in (
            "crm.next.action",
            "crm.next.action.rule",
            "crm.next.action.segment",
        ):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.portal_user).search([])
