# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CrmRelationshipCase
from .test_auto_logging import INBOUND_EMAIL


@tagged("post_install", "-at_install", "crm_relationship")
class TestSourcePrivacy(CrmRelationshipCase):
    """A salesperson limited to their own documents does not see the
    touchpoints logged from a colleague's lead, order or e-mails: neither
    their subject nor their body, whatever the way (list, form, search,
    grouping, export, customer profile)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.all_docs = cls._new_salesperson(
            "crm_sales_all",
            cls.company_a,
            groups="sales_team.group_sale_salesman_all_leads",
        )
        Lead = cls.env["crm.lead"]
        cls.private_lead = Lead.create(
            {
                "name": "Opportunity: private deal",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.salesperson_2.id,
                "description": "<p>secret margin 40%</p>",
            }
        )
        cls.env["mail.thread"].message_process(
            "crm.lead",
            INBOUND_EMAIL.format(
                sender="ada@acme.example.com",
                message_id="private-1",
                subject="private deal: the figures",
            ),
            thread_id=cls.private_lead.id,
        )
        cls.private_order = cls._new_order(
            cls.customer, user_id=cls.salesperson_2.id, client_order_ref="private deal"
        )
        cls.private_order.action_confirm()
        cls.own_lead = Lead.create(
            {
                "name": "My own deal",
                "partner_id": cls.customer.id,
                "user_id": cls.salesperson.id,
            }
        )
        cls.manual = cls._new_touchpoint(
            user_id=cls.salesperson_2.id, summary="Colleague's call: private deal?"
        )
        Touchpoint = cls.env["crm.touchpoint"]
        cls.hidden = Touchpoint.search(
            [
                "|",
                "&",
                ("res_model", "=", "crm.lead"),
                ("res_id", "=", cls.private_lead.id),
                "&",
                ("res_model", "=", "sale.order"),
                ("res_id", "=", cls.private_order.id),
            ]
        )
        cls.visible = cls.manual | Touchpoint.search(
            [("res_model", "=", "crm.lead"), ("res_id", "=", cls.own_lead.id)]
        )

    def test_setup(self):
        self.assertEqual(len(self.hidden), 3, "lead created, e-mail, order")
        self.assertEqual(len(self.visible), 2)

    def _as(self, user):
        return self.env["crm.touchpoint"].with_user(user)

    def test_list_and_form(self):
        Touchpoint = self._as(self.salesperson)
        found = Touchpoint.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(found, self.visible)
        for touchpoint in self.hidden:
            with self.assertRaises(AccessError):
                touchpoint.with_user(self.salesperson).read(["summary"])
            with self.assertRaises(AccessError):
                touchpoint.with_user(self.salesperson).web_read(
                    {"summary": {}, "description": {}}
                )

    def test_search_on_the_texts_reveals_nothing(self):
        Touchpoint = self._as(self.salesperson)
        for domain in (
            [("summary", "ilike", "private deal")],
            [("description", "ilike", "secret")],
            [("display_name", "ilike", "private")],
        ):
            self.assertFalse(Touchpoint.search(domain) & self.hidden, domain)
            hidden = [("id", "in", self.hidden.ids)]
            self.assertEqual(Touchpoint.search_count(domain + hidden), 0)
        self.assertEqual([name for _id, name in Touchpoint.name_search("figures")], [])
        Partner = self.env["res.partner"].with_user(self.salesperson)
        self.assertFalse(
            Partner.search([("touchpoint_ids.summary", "ilike", "figures")])
        )
        self.assertFalse(
            Partner.search([("touchpoint_ids.description", "ilike", "secret")])
        )

    def test_grouping_and_export(self):
        self.salesperson.groups_id += self.env.ref("base.group_allow_export")
        Touchpoint = self._as(self.salesperson)
        groups = Touchpoint.read_group(
            [("partner_id", "=", self.customer.id)],
            ["summary:array_agg", "description:array_agg"],
            ["kind"],
            lazy=False,
        )
        texts = str(groups)
        self.assertNotIn("figures", texts)
        self.assertNotIn("secret", texts)
        self.assertNotIn(self.private_order.name, texts)
        by_summary = Touchpoint.read_group([], ["summary"], ["summary"])
        self.assertNotIn("figures", str(by_summary))
        exported = Touchpoint.search([]).export_data(["summary", "description"])
        self.assertNotIn("figures", str(exported))
        self.assertNotIn("secret", str(exported))

    def test_customer_profile_and_timeline(self):
        customer = self.customer.with_user(self.salesperson)
        self.assertEqual(customer.timeline_touchpoint_ids, self.visible)
        self.assertEqual(customer.touchpoint_count, 2)
        timeline = customer.web_read(
            {"timeline_touchpoint_ids": {"fields": {"summary": {}}}}
        )
        self.assertNotIn("figures", str(timeline))

    def test_who_can_read_the_document_reads_its_touchpoints(self):
        everything = self.hidden | self.visible
        for user, expected in (
            # the colleague does not read the salesperson's own lead either
            (self.salesperson_2, everything - self.visible + self.manual),
            (self.all_docs, everything),
            (self.manager, everything),
        ):
            found = self._as(user).search([("partner_id", "=", self.customer.id)])
            self.assertEqual(found, expected, user.login)
        self.hidden.with_user(self.all_docs).read(["summary", "description"])

    def test_access_follows_the_document(self):
        self.private_lead.user_id = self.salesperson
        found = self._as(self.salesperson).search(
            [("partner_id", "=", self.customer.id)]
        )
        lead_touchpoints = self.hidden.filtered(lambda t: t.res_model == "crm.lead")
        self.assertEqual(found, self.visible | lead_touchpoints)
        # a lost (archived) lead still opens its touchpoints to its owner
        self.private_lead.action_set_lost()
        found = self._as(self.salesperson).search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertLessEqual(lead_touchpoints, found)

    def test_given_all_documents_the_salesperson_reads_them(self):
        Touchpoint = self._as(self.salesperson)
        self.assertFalse(Touchpoint.search([("id", "in", self.hidden.ids)]))
        self.salesperson.groups_id += self.env.ref(
            "sales_team.group_sale_salesman_all_leads"
        )
        self.assertEqual(
            Touchpoint.search([("id", "in", self.hidden.ids)]), self.hidden
        )
        self.hidden.with_user(self.salesperson).read(["summary"])

    def test_rights_of_other_companies_and_portal_unchanged(self):
        self.assertFalse(self._as(self.salesperson_b).search([]) & self.hidden)
        with self.assertRaises(AccessError):
            self._as(self.portal_user).search([])
