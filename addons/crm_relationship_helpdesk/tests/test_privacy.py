# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MailCommon

from .common import HelpdeskRelationshipMixin
from .test_mail_gateway import EMAIL


@tagged("post_install", "-at_install", "crm_relationship_helpdesk")
class TestPrivacy(HelpdeskRelationshipMixin, MailCommon):
    """Erasure and partner merges reach the tickets: what the ticket's e-mail
    kept is erased, and a merged customer's tickets and their touchpoints move
    to the survivor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_helpdesk_relationship()
        cls.crm_admin = cls._new_user(
            "hd_crm_admin",
            "base.group_user,crm_relationship.group_crm_relationship_manager",
        )

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def _ticket_by_email(self):
        return self.format_and_process(
            EMAIL,
            "Marta Sol <marta@mueblessol.example.com>",
            "support@test.mycompany.com",
            subject="Torn cushion",
            model="helpdesk.ticket",
            target_model="helpdesk.ticket",
        )

    def test_erasure_reaches_the_ticket_and_its_email(self):
        ticket = self._ticket_by_email()
        self.assertIn("marta@mueblessol.example.com", ticket.partner_email)
        email = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertIn("torn cushion", email.body.lower())

        self.customer.with_user(self.crm_admin).action_crm_erase_personal_data()

        self.assertTrue(ticket.exists())
        self.assertFalse(ticket.partner_email)
        self.assertNotIn("cushion", email.body.lower())
        self.assertFalse(email.email_from)
        self.assertEqual(self._touchpoints(ticket).summary, "(erased)")
        note = self.customer_contact.message_ids[0].body
        self.assertIn("1 e-mails received from them", note)

    def test_a_merge_moves_tickets_and_their_touchpoints(self):
        duplicate = self.env["res.partner"].create(
            {"name": self.consumer.name, "email": self.consumer.email}
        )
        ticket = self._new_ticket(partner_id=duplicate.id)
        kept = self._new_ticket(partner_id=self.consumer.id)
        touchpoints = self._touchpoints(ticket) | self._touchpoints(kept)
        self.assertEqual(len(touchpoints), 2)
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_context(
                active_model="res.partner",
                active_ids=(self.consumer | duplicate).ids,
            )
            .create({})
        )
        wizard.dst_partner_id = self.consumer
        wizard.action_merge()
        self.assertFalse(duplicate.exists())
        self.assertEqual((ticket | kept).partner_id, self.consumer)
        self.assertEqual(touchpoints.partner_id, self.consumer)
        self.assertEqual(touchpoints.helpdesk_ticket_id, ticket | kept)
        self.assertEqual(
            self.consumer.sudo().crm_open_ticket_ids, ticket | kept, "both open"
        )
        # a change of the moved ticket keeps its one touchpoint
        ticket.stage_id = self.stage_done
        self.assertEqual(self._touchpoints(ticket).partner_id, self.consumer)
        self.assertTrue(self._touchpoints(ticket).resolved)
