# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user


class DataQualityCase(TransactionCase):
    """Spanish contacts of a company of its own, entered by a salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.spain = cls.env.ref("base.es")
        cls.france = cls.env.ref("base.fr")
        cls.company = cls.env["res.company"].create(
            {"name": "DQ Test Co", "country_id": cls.spain.id}
        )
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company.ids)
        )
        cls.salesperson = new_test_user(
            cls.env,
            login="dq_sales",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.portal_user = new_test_user(
            cls.env, login="dq_portal", groups="base.group_portal"
        )
        cls.Partner = cls.env["res.partner"].with_user(cls.salesperson)

    @classmethod
    def _contact(cls, name, **vals):
        vals.setdefault("country_id", cls.spain.id)
        vals.setdefault("company_id", cls.company.id)
        return cls.Partner.create(dict(vals, name=name))
