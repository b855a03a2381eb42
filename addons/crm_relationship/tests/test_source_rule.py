# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import CrmRelationshipCase


@tagged("post_install", "-at_install", "crm_relationship")
class TestSourceRule(CrmRelationshipCase):
    """The salespeople's read rule on touchpoints (``source_readable``): with
    "own documents", the touchpoints of their own and of unassigned leads and
    orders, not of a colleague's, whatever the way of reading them; compiled
    to one correlated EXISTS per model of documents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        touchpoints = {}
        for owner, user in (
            ("own", cls.salesperson),
            ("unassigned", cls.env["res.users"]),
            ("colleague", cls.salesperson_2),
        ):
            lead = cls.env["crm.lead"].create(
                {
                    "name": f"Deal ({owner})",
                    "partner_id": cls.customer.id,
                    "user_id": user.id,
                }
            )
            order = cls._new_order(cls.customer, user_id=user.id)
            order.action_confirm()
            assert lead.user_id == user and order.user_id == user, owner
            if owner == "unassigned":
                lead.action_set_lost()  # archived: still readable
            touchpoints[owner] = cls.env["crm.touchpoint"].search(
                [
                    "|",
                    "&",
                    ("res_model", "=", "crm.lead"),
                    ("res_id", "=", lead.id),
                    "&",
                    ("res_model", "=", "sale.order"),
                    ("res_id", "=", order.id),
                ]
            )
        cls.manual = cls._new_touchpoint(user_id=cls.salesperson_2.id)
        # an order's touchpoint whose order is no more: nobody's document
        cls.orphan = cls._new_touchpoint(summary="Order gone")
        cls.orphan.write({"res_model": "sale.order", "res_id": False})
        cls.readable = touchpoints["own"] | touchpoints["unassigned"] | cls.manual
        cls.hidden = touchpoints["colleague"] | cls.orphan
        cls.everything = cls.readable | cls.hidden

    def _as(self, user):
        return self.env["crm.touchpoint"].with_user(user)

    def test_setup(self):
        self.assertEqual(
            set(self.readable.mapped("res_model")), {"crm.lead", "sale.order", False}
        )
        self.assertEqual(
            set(self.hidden.mapped("res_model")), {"crm.lead", "sale.order"}
        )
        self.assertEqual(len(self.everything), 9, "3 leads (one lost), 3 orders")

    def test_search_count_and_group(self):
        Touchpoint = self._as(self.salesperson)
        domain = [("partner_id", "=", self.customer.id)]
        self.assertEqual(Touchpoint.search(domain), self.readable)
        self.assertEqual(Touchpoint.search_count(domain), len(self.readable))
        self.assertEqual(
            Touchpoint.search(domain, limit=3, order="id desc"),
            self.readable.sorted("id", reverse=True)[:3],
        )
        groups = Touchpoint.read_group(domain, ["__count"], ["res_model"], lazy=False)
        self.assertEqual(
            {group["res_model"]: group["__count"] for group in groups},
            {"crm.lead": 3, "sale.order": 2, False: 1},
        )
        colleague = self.hidden - self.orphan
        self.assertEqual(Touchpoint.search_count([("id", "in", colleague.ids)]), 0)
        # who reads every document reads them all
        self.assertEqual(self._as(self.manager).search(domain), self.everything)

    def test_partner_touchpoints(self):
        Partner = self.env["res.partner"].with_user(self.salesperson)
        nobody = self.env["res.partner"]
        for touchpoints, found in (
            (self.readable, self.customer),
            (self.hidden, nobody),
        ):
            for domain in (
                [("touchpoint_ids", "any", [("id", "in", touchpoints.ids)])],
                [("touchpoint_ids.id", "in", touchpoints.ids)],
            ):
                self.assertEqual(Partner.search(domain).ids, found.ids, domain)
        customer = self.customer.with_user(self.salesperson)
        self.assertEqual(customer.touchpoint_count, len(self.readable))
        self.assertEqual(customer.timeline_touchpoint_ids, self.readable)

    def test_not_readable_is_the_complement(self):
        # under sudo, no rule filters: the field still answers for the user
        Touchpoint = self._as(self.salesperson).sudo()
        mine = [("id", "in", self.everything.ids)]
        for domain, expected in (
            (
                [("source_readable", "=", True)],
                self.readable,
            ),
            (
                [("source_readable", "!=", False)],
                self.readable,
            ),
            (
                [("source_readable", "=", False)],
                self.hidden,
            ),
            (
                [("source_readable", "!=", True)],
                self.hidden,
            ),
            (
                ["!", ("source_readable", "=", True)],
                self.hidden,
            ),
        ):
            self.assertEqual(Touchpoint.search(mine + domain), expected, domain)
        for touchpoint in Touchpoint.browse(self.everything.ids):
            self.assertEqual(
                touchpoint.source_readable, touchpoint in self.readable, touchpoint
            )

    def test_compiled_to_correlated_exists(self):
        Touchpoint = self._as(self.salesperson)
        restricted = {
            self.env[name]._table
            for name, documents in Touchpoint._source_restrictions().items()
            if documents is not None
        }
        # (and the tickets' table when crm_relationship_helpdesk is installed)
        self.assertLessEqual({"crm_lead", "sale_order"}, restricted)
        code = Touchpoint._search([("partner_id", "=", self.customer.id)]).select().code
        for table in restricted:
            self.assertIn(
                f'EXISTS(SELECT 1 FROM "{table}" AS "crm_touchpoint__source"', code
            )
        self.assertEqual(
            code.count('"crm_touchpoint__source"."id" = "crm_touchpoint"."res_id"'),
            len(restricted),
        )
        # no uncorrelated "res_id IN (SELECT id FROM <all readable documents>)"
        self.assertNotIn('"crm_touchpoint"."res_id" IN', code)
        negated = Touchpoint.sudo()._search([("source_readable", "=", False)])
        self.assertEqual(
            negated.select().code.count("(NOT EXISTS(SELECT 1"), len(restricted)
        )
        # under the customer's one2many too
        Partner = self.env["res.partner"].with_user(self.salesperson)
        code = Partner._search([("touchpoint_ids", "any", [("kind", "=", "inquiry")])])
        self.assertIn('= "crm_touchpoint"."res_id"', code.select().code)
        # who reads every document costs nothing
        code = self._as(self.manager)._search([]).select().code
        self.assertNotIn("EXISTS", code)
        self.assertNotIn("SELECT 1", code)
