# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user


class CrmRelationshipCase(TransactionCase):
    """Two companies, salespeople, a manager, portal and public users, and a
    few customers; small factories for partners and touchpoints."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Company B"})
        both = cls.company_a | cls.company_b
        cls.salesperson = cls._new_salesperson("crm_sales_1", cls.company_a)
        cls.salesperson_2 = cls._new_salesperson("crm_sales_2", cls.company_a)
        cls.salesperson_b = cls._new_salesperson("crm_sales_b", cls.company_b)
        cls.manager = cls._new_salesperson(
            "crm_manager", both, groups="sales_team.group_sale_manager"
        )
        cls.portal_user = new_test_user(
            cls.env, login="crm_portal", groups="base.group_portal"
        )
        cls.public_user = cls.env.ref("base.public_user")
        cls.customer = cls._new_partner(name="Acme Hardware", is_company=True)
        cls.customer_contact = cls._new_partner(
            name="Ada Buyer", parent_id=cls.customer.id, email="ada@acme.example.com"
        )
        cls.consumer = cls._new_partner(name="Lola Consumer", email="lola@example.com")
        cls.customer_b = cls._new_partner(
            name="Bravo Only B", is_company=True, company_id=cls.company_b.id
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Office chair", "list_price": 120.0}
        )

    @classmethod
    def _new_salesperson(
        cls, login, companies, groups="sales_team.group_sale_salesman", **vals
    ):
        """A user of ``companies`` (the first one current) with ``groups``:
        by default a salesperson limited to their own documents."""
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=companies[0].id,
            company_ids=[(6, 0, companies.ids)],
            **vals,
        )

    @classmethod
    def _new_partner(cls, **vals):
        return cls.env["res.partner"].create(vals)

    @classmethod
    def _new_touchpoint(cls, **vals):
        vals.setdefault("partner_id", cls.customer.id)
        vals.setdefault("summary", "Called about prices")
        vals.setdefault("channel", "phone")
        vals.setdefault("kind", "inquiry")
        return cls.env["crm.touchpoint"].create(vals)

    @classmethod
    def _new_crm_administrator(cls, login, companies, **vals):
        """A CRM relationship administrator with no Sales (nor Contacts) rights."""
        return cls._new_salesperson(
            login,
            companies,
            groups="base.group_user,crm_relationship.group_crm_relationship_manager",
            **vals,
        )

    @classmethod
    def _new_order(cls, partner, **vals):
        """A quotation of two office chairs by the first salesperson."""
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": cls.salesperson.id,
                "order_line": [
                    (0, 0, {"product_id": cls.product.id, "product_uom_qty": 2})
                ],
                **vals,
            }
        )

    def _logged(self, record):
        """The touchpoints logged from a document, in the order of their events."""
        return self.env["crm.touchpoint"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)],
            order="event_ref",
        )
