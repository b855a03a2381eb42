# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.crm_rfm.tests.common import CrmRfmCase

# Every test of the addon runs at this moment (freeze_time on the classes).
# It is after the real date: records stamped by PostgreSQL's clock (creation
# dates, the touchpoint of a new lead) are then in the past, as in real life.
NOW = "2031-03-17 10:00:00"


class NextActionCase(TransactionCase):
    """A company of its own (so demo data never interferes), its users, a
    product, and factories for customers, orders, touchpoints and scores."""

    # Odoo freezes the clock for the class and unfreezes it in a class
    # cleanup (even when the set-up fails or skips).
    freeze_time = NOW

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create({"name": "NBA Test Co"})
        cls.other_company = cls.env["res.company"].create({"name": "NBA Other Co"})
        both = cls.company | cls.other_company
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company.ids)
        )
        cls.manager = new_test_user(
            cls.env,
            login="nba_manager",
            groups="sales_team.group_sale_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, both.ids)],
        )
        # A salesperson who sees only their own documents, and no CRM
        # administrator rights.
        cls.salesperson = new_test_user(
            cls.env,
            login="nba_sales",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.salesperson_2 = new_test_user(
            cls.env,
            login="nba_sales_2",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.portal_user = new_test_user(
            cls.env, login="nba_portal", groups="base.group_portal"
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Widget", "list_price": 10.0, "taxes_id": [(5, 0, 0)]}
        )
        cls.now = fields.Datetime.now()
        cls.today = fields.Date.context_today(cls.env["crm.next.action"])
        cls.Rule = cls.env["crm.next.action.rule"]
        cls.NextAction = cls.env["crm.next.action"]
        # The shipped rules apply to every company; the tests craft their own
        # (the shipped ones are switched back on where they are tested).
        cls.shipped = cls.Rule.search([])
        cls.shipped.active = False

    @classmethod
    def _customer(cls, name, **vals):
        vals.setdefault("is_company", True)
        vals.setdefault("company_id", cls.company.id)
        vals.setdefault("user_id", cls.salesperson.id)
        return cls.env["res.partner"].create(dict(vals, name=name))

    @classmethod
    def _order(cls, partner, days_ago, amount=100.0, company=None):
        """A confirmed order ``days_ago`` days ago (crm_rfm's factory: the
        salesperson is the customer's); its purchase touchpoint is moved back
        with it."""
        order = CrmRfmCase._order.__func__(cls, partner, days_ago, amount, company)
        cls.env["crm.touchpoint"].search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        ).date = order.date_order
        return order

    @classmethod
    def _history(cls, partner, days_list, amount=100.0, company=None):
        return [cls._order(partner, days, amount, company) for days in days_list]

    @classmethod
    def _touchpoint(cls, partner, days_ago, kind="inquiry", company=None, **vals):
        return cls.env["crm.touchpoint"].create(
            dict(
                {
                    "partner_id": partner.id,
                    "company_id": (company or cls.company).id,
                    "date": cls.now - timedelta(days=days_ago),
                    "summary": f"{kind} {days_ago} days ago",
                    "channel": "phone",
                    "kind": kind,
                },
                **vals,
            )
        )

    @classmethod
    def _score(cls, partner, company=None, **scores):
        """Scores as a scoring run would write them, for the company."""
        partner.with_company(company or cls.company).sudo().write(scores)

    def _recompute(self, company=None):
        company = company or self.company
        return self.NextAction.sudo()._recompute(company)

    def _row(self, partner, company=None):
        company = company or self.company
        self.env.invalidate_all()
        return self.NextAction.sudo().search(
            [("partner_id", "=", partner.id), ("company_id", "=", company.id)]
        )

    @classmethod
    def _rule(cls, name, domain, sequence=10, **vals):
        vals.setdefault("action_type", "suggestion")
        vals.setdefault("suggestion", f"Do {name}")
        vals.setdefault("reason", name)
        vals.setdefault("reason_figures", "none")
        vals.setdefault("company_id", cls.company.id)
        return cls.Rule.create(
            dict(vals, name=name, domain=str(domain), sequence=sequence)
        )
