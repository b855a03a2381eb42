# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import CrmRelationshipCase


@tagged("post_install", "-at_install", "crm_relationship")
class TestPartnerMerge(CrmRelationshipCase):
    """Odoo's merge wizard (Contacts > Merge) loses no touchpoint."""

    def _merge(self, partners, survivor):
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create({})
        )
        self.assertEqual(wizard.partner_ids, partners)
        wizard.dst_partner_id = survivor
        wizard.action_merge()
        self.assertFalse((partners - survivor).exists())

    def test_touchpoints_move_to_the_surviving_customer(self):
        lola_2 = self._new_partner(name="Lola Consumer", email="lola@example.com")
        kept = self._new_touchpoint(partner_id=self.consumer.id, summary="Kept")
        moved = self._new_touchpoint(partner_id=lola_2.id, summary="Moved")
        lola_2.message_post(
            body="<p>Where is my order?</p>",
            subject="Order",
            message_type="email",
            author_id=lola_2.id,
        )
        from_email = self._logged(lola_2)
        self.assertEqual(len(from_email), 1)
        before = self.env["crm.touchpoint"].search_count([])

        self._merge(self.consumer | lola_2, self.consumer)

        self.assertEqual(self.env["crm.touchpoint"].search_count([]), before)
        self.assertEqual(
            (kept | moved | from_email).partner_id, self.consumer, "one customer"
        )
        self.assertEqual(from_email.res_id, self.consumer.id)
        self.assertIn(from_email, self._logged(self.consumer))
        self.assertEqual(self.consumer.touchpoint_count, 3)
        self.assertEqual(from_email.source_name, self.consumer.display_name)

    def test_a_customer_merged_into_a_company_contact_becomes_that_contact(self):
        alone = self._new_partner(name="Ada Buyer", email="ada@acme.example.com")
        touchpoint = self._new_touchpoint(partner_id=alone.id, summary="Alone")
        self.assertEqual(touchpoint.customer_type, "consumer")

        self._merge(alone | self.customer_contact, self.customer_contact)

        self.assertEqual(touchpoint.partner_id, self.customer)
        self.assertEqual(touchpoint.contact_id, self.customer_contact)
        self.assertEqual(touchpoint.customer_type, "b2b")
        self.assertIn(touchpoint, self.customer.timeline_touchpoint_ids)
