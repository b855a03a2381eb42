# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, new_test_user


class HelpdeskRelationshipMixin:
    """Customers, a complaint category and tag, helpdesk and CRM users of two
    companies, and small factories for tickets and touchpoints."""

    @classmethod
    def _setup_helpdesk_relationship(cls):
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Company B"})
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_in_progress = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_cancelled = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_cancelled"
        )
        cls.channel_phone = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        cls.channel_web = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web")
        cls.channel_email = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
        Category = cls.env["helpdesk.ticket.category"]
        cls.category_complaint = Category.create(
            {"name": "Late delivery", "is_complaint": True, "company_id": False}
        )
        cls.category_question = Category.create(
            {"name": "Product question", "company_id": False}
        )
        cls.tag_complaint = cls.env.ref(
            "crm_relationship_helpdesk.helpdesk_ticket_tag_complaint"
        )
        cls.tag_other = cls.env["helpdesk.ticket.tag"].create(
            {"name": "Urgent", "company_id": False}
        )
        cls.helpdesk_user = cls._new_user(
            "hd_agent", "helpdesk_mgmt.group_helpdesk_user"
        )
        cls.salesperson = cls._new_user("hd_sales", "sales_team.group_sale_salesman")
        cls.salesperson_b = cls._new_user(
            "hd_sales_b", "sales_team.group_sale_salesman", cls.company_b
        )
        cls.support_salesperson = cls._new_user(
            "hd_sales_agent",
            "sales_team.group_sale_salesman,helpdesk_mgmt.group_helpdesk_user",
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create({"name": "Muebles Sol SL", "is_company": True})
        cls.customer_contact = Partner.create(
            {
                "name": "Marta Sol",
                "parent_id": cls.customer.id,
                "email": "marta@mueblessol.example.com",
            }
        )
        cls.consumer = Partner.create(
            {"name": "Pablo Ruiz", "email": "pablo@example.com"}
        )

    @classmethod
    def _new_user(cls, login, groups, company=None):
        company = company or cls.company_a
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )

    @classmethod
    def _new_ticket(cls, **vals):
        vals.setdefault("name", "The sofa arrived late")
        vals.setdefault("description", "<p>Two weeks late.</p>")
        vals.setdefault("partner_id", cls.customer_contact.id)
        return cls.env["helpdesk.ticket"].create(vals)

    @classmethod
    def _new_touchpoint(cls, **vals):
        vals.setdefault("partner_id", cls.customer.id)
        vals.setdefault("summary", "Angry call about the delivery")
        vals.setdefault("channel", "phone")
        vals.setdefault("kind", "complaint")
        return cls.env["crm.touchpoint"].create(vals)

    def _backdate(self, ticket, days):
        """A ticket opened ``days`` earlier, with its touchpoint (the opening
        date cannot be written through the ORM)."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = create_date - %s * interval "
            "'1 day' WHERE id = %s",
            (days, ticket.id),
        )
        ticket.invalidate_recordset(["create_date"])
        self._touchpoints(ticket).date = ticket.create_date

    def _touchpoints(self, ticket):
        return (
            self.env["crm.touchpoint"]
            .sudo()
            .search([("helpdesk_ticket_id", "=", ticket.id)])
        )


class HelpdeskRelationshipCase(HelpdeskRelationshipMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_helpdesk_relationship()
