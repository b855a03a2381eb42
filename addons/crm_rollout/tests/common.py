# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.crm_rfm.tests.common import CrmRfmCase

LEADER = "crm_rollout.group_rollout_leader"
CONSULTANT = "crm_rollout.group_rollout_consultant"
KEY_USER = "crm_rollout.group_rollout_user"
TOUCHPOINT_USER = "crm_relationship.group_crm_relationship_user"


class RolloutCase(TransactionCase):
    """A company of its own (the demo data never interferes), another one,
    the people of a rollout (project leader, consultant, key user, pilot
    users), a salesperson, portal and public users, and factories."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create({"name": "Rollout Test Co"})
        cls.other_company = cls.env["res.company"].create({"name": "Rollout Other Co"})
        cls.leader = cls._user("roll_leader", LEADER)
        cls.other_leader = cls._user("roll_leader_2", LEADER)
        cls.consultant = cls._user("roll_consultant", CONSULTANT)
        cls.key_user = cls._user("roll_key_user", KEY_USER)
        cls.salesperson = cls._user("roll_sales", "sales_team.group_sale_salesman")
        cls.pilot_1 = cls._user("roll_pilot_1", "base.group_user")
        cls.pilot_2 = cls._user("roll_pilot_2", "base.group_user")
        cls.leader_b = cls._user("roll_leader_b", LEADER, company=cls.other_company)
        cls.portal_user = new_test_user(
            cls.env,
            login="roll_portal",
            groups="base.group_portal",
            context={"no_reset_password": True},
        )
        cls.public_user = cls.env.ref("base.public_user")
        cls.template = cls.env.ref("crm_rollout.template_gradual")
        cls.product = cls.env["product.product"].create(
            {"name": "Rollout Widget", "list_price": 10.0, "taxes_id": [(5, 0, 0)]}
        )
        cls.today = fields.Date.context_today(cls.env["crm.rollout.plan"])
        # the campaign capability and training tour need crm_campaigns (the
        # repository's full run installs it)
        cls.campaigns_installed = bool(
            cls.env["ir.module.module"].search_count(
                [("name", "=", "crm_campaigns"), ("state", "=", "installed")]
            )
        )

    @classmethod
    def _user(cls, login, groups, company=None):
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
            context={"no_reset_password": True},
        )

    @classmethod
    def _plan(cls, company=None, leader=None, template=None):
        """A plan made from the gradual template, led by ``leader``."""
        template = template or cls.template
        return template._create_plan_from_template(
            company or cls.company, user=leader or cls.leader
        )

    @classmethod
    def _customer(cls, name, company=None, **vals):
        vals.setdefault("is_company", True)
        vals.setdefault("customer_rank", 1)
        vals.setdefault("company_id", (company or cls.company).id)
        # the customers a company has before its rollout: data as it was
        # entered, unchecked (crm_data_quality, when installed, refuses a
        # number such as "12" at entry; the readiness test must find it)
        Partner = cls.env["res.partner"].with_context(crm_data_quality_skip=True)
        return Partner.create(dict(vals, name=name))

    @classmethod
    def _order(cls, partner, day, amount, company=None, hour=10):
        """A confirmed sale order of ``amount`` on ``day`` (a date)."""
        when = datetime.combine(day, time(hour))
        return CrmRfmCase._order.__func__(
            cls, partner, 0, amount, company, date_order=when
        )

    @classmethod
    def _touchpoint(cls, partner, when, company=None, **vals):
        vals.setdefault("summary", "Called the customer")
        vals.setdefault("company_id", (company or cls.company).id)
        return (
            cls.env["crm.touchpoint"]
            .sudo()
            .create(dict(vals, partner_id=partner.id, date=when))
        )

    @staticmethod
    def _days_ago(days, hour=10):
        return datetime.combine(fields.Date.today() - timedelta(days=days), time(hour))
