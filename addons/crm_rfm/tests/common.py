# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user

from ..models.crm_rfm_demo import random_history


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
    def _order(cls, partner, days_ago, amount, company=None, date_order=None):
        """A confirmed order of ``amount`` ``days_ago`` days ago (or on
        ``date_order``), without taxes."""
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
        order.date_order = date_order or cls.now - timedelta(days=days_ago)
        return order

    @classmethod
    def _history(cls, partner, days_list, amount, company=None):
        return [cls._order(partner, days, amount, company) for days in days_list]

    @classmethod
    def _random_customers(cls, count, seed, users=None):
        """``count`` customers "Customer <n>" who buy at random (Poisson)
        rates, each until an unseen end of their life as customers, over two
        years: data the churn models can be fitted on."""
        rng = random.Random(seed)
        customers = cls.env["res.partner"]
        for index in range(count):
            days, amounts = random_history(rng)
            vals = {"user_id": users[index % len(users)].id} if users else {}
            partner = cls._customer(f"Customer {index}", **vals)
            for day, amount in zip(days, amounts, strict=True):
                cls._order(partner, day, amount)
            customers |= partner
        return customers

    @classmethod
    def _run(cls, company=None, **kwargs):
        company = company or cls.company
        return cls.env["crm.rfm.run"].with_company(company)._execute(company, **kwargs)

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


class CommittedCase(TransactionCase):
    """For what only committed transactions show (the cron worker's committed
    batches, a customer edited by someone else during a run, a worker that
    dies): the data is made and committed with cursors of its own and deleted
    again after the test. The test's own cursor is not used."""

    CUSTOMERS = 6

    def setUp(self):
        super().setUp()
        with self._env() as env:
            company = env["res.company"].create({"name": "RFM Committed Co"})
            self.company_id = company.id
            self.manager_id = new_test_user(
                env,
                login="rfm_committed_manager",
                groups="sales_team.group_sale_manager",
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
            ).id
            product = env["product.product"].create(
                {"name": "Committed Widget", "taxes_id": [(5, 0, 0)]}
            )
            self.product_id = product.id
            now = fields.Datetime.now()
            partners = env["res.partner"]
            for index in range(self.CUSTOMERS):
                partner = env["res.partner"].create(
                    {"name": f"Committed Customer {index}", "is_company": True}
                )
                for days in range(5 + index * 20, 400, 45 + index * 10):
                    order = (
                        env["sale.order"]
                        .with_company(company)
                        .create(
                            {
                                "partner_id": partner.id,
                                "company_id": company.id,
                                "order_line": [
                                    Command.create(
                                        {
                                            "product_id": product.id,
                                            "price_unit": 100 + 50 * index,
                                            "tax_id": [(5, 0, 0)],
                                        }
                                    )
                                ],
                            }
                        )
                    )
                    order.action_confirm()
                    order.date_order = now - timedelta(days=days)
                partners |= partner
            self.partner_ids = partners.ids
        self.addCleanup(self._delete_committed_data)

    def _env(self, user=None):
        """An environment on a new cursor, committed when the block ends."""
        return _CommittedEnv(self.registry, user)

    def _delete_committed_data(self):
        with self._env() as env:
            company = env["res.company"].browse(self.company_id)
            env.cr.execute(
                "DELETE FROM crm_rfm_run WHERE company_id = %s", [company.id]
            )
            env.cr.execute(
                "DELETE FROM crm_touchpoint WHERE company_id = %s", [company.id]
            )
            orders = env["sale.order"].search([("company_id", "=", company.id)])
            orders._action_cancel()
            orders.unlink()
            env["res.partner"].browse(self.partner_ids).unlink()
            env["res.users"].browse(self.manager_id).unlink()
            env["product.product"].browse(self.product_id).unlink()
            company.unlink()

    def _run_cron(self, xmlid):
        """The cron's server action, as the cron worker runs it (its commits
        included), on a cursor of its own."""
        with self._env() as env:
            env.ref(xmlid).method_direct_trigger()


class _CommittedEnv:
    def __init__(self, registry, user):
        self.registry = registry
        self.user = user
        self.cr = None

    def __enter__(self):
        self.cr = self.registry.cursor()
        env = api.Environment(self.cr, SUPERUSER_ID, {"tracking_disable": True})
        return env(user=self.user) if self.user else env

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.cr.commit()  # pylint: disable=invalid-commit
        else:
            self.cr.rollback()
        self.cr.close()
