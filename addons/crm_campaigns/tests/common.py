# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import TransactionCase, new_test_user

REF = "CAMPTEST"


class CampaignCase(TransactionCase):
    """A company of its own (demo data never interferes), its users, a
    template, and factories for customers, leads, orders and campaigns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, mail_notrack=True)
        )
        cls.company = cls.env["res.company"].create({"name": "Campaign Test Co"})
        cls.other_company = cls.env["res.company"].create({"name": "Campaign Other Co"})
        both = cls.company | cls.other_company
        cls.manager = new_test_user(
            cls.env,
            login="camp_manager",
            groups="sales_team.group_sale_manager,mass_mailing.group_mass_mailing_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.salesperson = new_test_user(
            cls.env,
            login="camp_sales",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.other_salesperson = new_test_user(
            cls.env,
            login="camp_sales_other",
            groups="sales_team.group_sale_salesman",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.both_manager = new_test_user(
            cls.env,
            login="camp_manager_both",
            groups="sales_team.group_sale_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(both.ids)],
        )
        cls.portal_user = new_test_user(
            cls.env, login="camp_portal", groups="base.group_portal"
        )
        cls.public_user = cls.env.ref("base.public_user")
        cls.partner_model = cls.env.ref("base.model_res_partner")
        cls.lead_model = cls.env.ref("crm.model_crm_lead")
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.template = cls.env["mail.template"].create(
            {
                "name": "Campaign test offer",
                "model_id": cls.partner_model.id,
                "subject": "An offer for you",
                "partner_to": "{{ object.id }}",
                "body_html": "<p>Hello <t t-out='object.name'/>, an offer.</p>",
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Campaign Widget", "list_price": 100.0, "taxes_id": [(5, 0, 0)]}
        )

    # ------------------------------------------------------------------ factories
    @classmethod
    def _customer(cls, name, **vals):
        vals.setdefault("email", f"{name.lower().replace(' ', '.')}@example.com")
        vals.setdefault("ref", REF)
        return cls.env["res.partner"].create(dict(vals, name=name))

    @classmethod
    def _customers(cls, count, prefix="Customer"):
        return cls.env["res.partner"].create(
            [
                {
                    "name": f"{prefix} {index}",
                    "email": f"{prefix.lower()}{index}@example.com",
                    "ref": REF,
                }
                for index in range(count)
            ]
        )

    @classmethod
    def _order(cls, partner, amount=100.0, product=None, company=None, confirm=True):
        company = company or cls.company
        order = (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": (product or cls.product).id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_id": [(5, 0, 0)],
                            }
                        )
                    ],
                }
            )
        )
        if confirm:
            order.action_confirm()
        return order

    @classmethod
    def _campaign(cls, steps=(), model=None, **vals):
        vals.setdefault("name", "Test campaign")
        vals.setdefault("model_id", (model or cls.partner_model).id)
        vals.setdefault("company_id", cls.company.id)
        vals.setdefault("editable_domain", repr([("ref", "=", REF)]))
        vals.setdefault("goal_type", "order")
        campaign = cls.env["automation.configuration"].create(vals)
        parent = cls.env["automation.configuration.step"]
        for step in steps:
            step = dict(step)
            follows = step.pop("follows", False)
            values = {
                "name": step.pop("name", "Step"),
                "configuration_id": campaign.id,
                "trigger_type": "after_step" if follows else "start",
                "trigger_interval": 0,
                "trigger_interval_type": "hours",
            }
            if follows:
                values["parent_id"] = parent.id
            values.update(step)
            parent = cls.env["automation.configuration.step"].create(values)
        return campaign

    @classmethod
    def _mail_step(cls, **vals):
        return dict({"step_type": "mail", "mail_template_id": cls.template.id}, **vals)

    @classmethod
    def _call_step(cls, **vals):
        return dict(
            {
                "step_type": "activity",
                "activity_type_id": cls.call.id,
                "activity_summary": "Call the customer",
                "activity_user_type": "specific",
                "activity_user_id": cls.salesperson.id,
            },
            **vals,
        )

    # ------------------------------------------------------------------ helpers
    def _run_steps(self):
        return self.env["automation.record.step"]._cron_automation_steps()

    def _backdate_enrolment(self, campaign, hours=1):
        """Moved dates: the participants were enrolled an hour ago, so that
        orders made now fall in the attribution window."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE automation_record SET create_date = create_date - "
            "make_interval(hours => %s) WHERE configuration_id = %s",
            (hours, campaign.id),
        )
        self.env["automation.record"].invalidate_model()

    def _records(self, campaign):
        return self.env["automation.record"].search(
            [("configuration_id", "=", campaign.id)]
        )

    def _mails(self, campaign, partner=None):
        domain = [("automation_record_step_id.configuration_id", "=", campaign.id)]
        if partner:
            domain.append(
                ("automation_record_step_id.record_id.partner_id", "=", partner.id)
            )
        return self.env["mail.mail"].sudo().search(domain)

    def _activities(self, campaign, record=None):
        domain = [("automation_record_step_id.configuration_id", "=", campaign.id)]
        if record:
            domain += [("res_id", "=", record.id), ("res_model", "=", record._name)]
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(active_test=False)
            .search(domain)
        )

    def _touchpoints(self, campaign):
        steps = self.env["automation.record.step"].search(
            [("configuration_id", "=", campaign.id)]
        )
        refs = []
        for step in steps:
            refs.append(
                f"{step.record_id.model},{step.record_id.res_id},campaign-step-{step.id}"
            )
        return self.env["crm.touchpoint"].sudo().search([("event_ref", "in", refs)])
