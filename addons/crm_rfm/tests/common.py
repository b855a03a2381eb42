# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user


class CrmRfmCase(TransactionCase):
    """A company of its own (so demo data never interferes), its users, a
    product, and factories for customers and confirmed orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create({"name": "RFM Test Co"})
        cls.other_company = cls.env["res.company"].create({"name": "RFM Other Co"})
        cls.manager = new_test_user(
            cls.env,
            login="rfm_manager",
            groups="sales_team.group_sale_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.salesperson = new_test_user(
            cls.env,
            login="rfm_sales",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.other_salesperson = new_test_user(
            cls.env,
            login="rfm_sales_other",
            groups="sales_team.group_sale_salesman",
            company_id=cls.other_company.id,
            company_ids=[(6, 0, cls.other_company.ids)],
        )
        cls.portal_user = new_test_user(
            cls.env, login="rfm_portal", groups="base.group_portal"
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Widget", "list_price": 10.0, "taxes_id": [(5, 0, 0)]}
        )
        cls.today = fields.Date.context_today(cls.env["crm.rfm.run"])
        cls.now = fields.Datetime.now()

    @classmethod
    def _customer(cls, name, **vals):
        vals.setdefault("is_company", True)
        return cls.env["res.partner"].create(dict(vals, name=name))

    @classmethod
    def _order(cls, partner, days_ago, amount, company=None):
        company = company or cls.company
        order = (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_id": [(5, 0, 0)],
                            },
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        order.date_order = cls.now - timedelta(days=days_ago)
        return order

    @classmethod
    def _history(cls, partner, days_list, amount, company=None):
        return [cls._order(partner, days, amount, company) for days in days_list]

    def _run(self, company=None, **kwargs):
        company = company or self.company
        return self.env["crm.rfm.run"].with_company(company)._execute(company, **kwargs)

    def _scores(self, partners, company=None):
        company = company or self.company
        fields_ = [
            "rfm_segment",
            "rfm_r_score",
            "rfm_f_score",
            "rfm_m_score",
            "rfm_recency_days",
            "rfm_frequency",
            "rfm_monetary",
            "loyalty_score",
            "churn_probability",
            "clv",
        ]
        partners = partners.with_company(company)
        partners.invalidate_recordset()
        return {p.id: tuple(p[f] for f in fields_) for p in partners}
