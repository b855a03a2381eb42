# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.modules.neutralize import get_neutralization_queries
from odoo.tests import tagged

from .common import CrmRelationshipCase


@tagged("post_install", "-at_install", "crm_relationship")
class TestPrivacyAndMaintenance(CrmRelationshipCase):
    def test_erasure_blanks_texts_emails_and_phones(self):
        self.customer.write(
            {"email": "info@acme.example.com", "phone": "+34 600 000 000"}
        )
        touchpoint = self._new_touchpoint(
            summary="Ada's home number is 600 111 222",
            description="<p>Lives at 3 Main Street</p>",
            contact_id=self.customer_contact.id,
            ref="CALL-1",
        )
        other = self._new_touchpoint(partner_id=self.consumer.id, summary="Untouched")
        self.customer.with_user(self.manager).action_crm_erase_personal_data()
        self.assertEqual(touchpoint.summary, "(erased)")
        self.assertFalse(touchpoint.description)
        self.assertFalse(touchpoint.ref)
        self.assertEqual((touchpoint.channel, touchpoint.kind), ("phone", "inquiry"))
        for partner in (self.customer, self.customer_contact):
            self.assertFalse(partner.email or partner.phone or partner.mobile)
        self.assertEqual(other.summary, "Untouched")
        self.assertIn("Personal data erased", self.customer.message_ids[0].body)

    def test_profiling_objection_is_tracked(self):
        self.cr.flush()  # changes made in the creating transaction are not tracked
        self.consumer.profiling_objection = True
        self.env.flush_all()
        self.cr.flush()  # tracking values are written at commit
        values = self.consumer.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "profiling_objection"
        )
        self.assertEqual(len(values), 1)

    def _expired_and_kept(self, expired, kept):
        """Touchpoints of a company of its own (company B): other addons' demo
        data may have old touchpoints in the main company."""
        now = fields.Datetime.now()
        old = self.env["crm.touchpoint"].create(
            [
                {
                    "partner_id": self.customer_b.id,
                    "company_id": self.company_b.id,
                    "summary": f"old {i}",
                    "date": now - timedelta(days=600 + i),
                }
                for i in range(expired)
            ]
        )
        recent = self.env["crm.touchpoint"].create(
            [
                {
                    "partner_id": self.customer_b.id,
                    "company_id": self.company_b.id,
                    "summary": f"new {i}",
                    "date": now - timedelta(days=i),
                }
                for i in range(kept)
            ]
        )
        return old, recent

    def test_retention_purge_in_batches_can_be_killed_and_rerun(self):
        self.company_b.touchpoint_retention_days = 500
        old, recent = self._expired_and_kept(expired=25, kept=5)
        Touchpoint = self.env["crm.touchpoint"]
        Touchpoint._cron_purge_expired(batch_size=10)
        self.assertEqual(len(old.exists()), 15, "one batch per call")
        # the job dies here; the next runs continue without touching recent rows
        Touchpoint._cron_purge_expired(batch_size=10)
        Touchpoint._cron_purge_expired(batch_size=10)
        Touchpoint._cron_purge_expired(batch_size=10)
        self.assertFalse(old.exists())
        self.assertEqual(recent.exists(), recent)

    def test_retention_zero_keeps_everything(self):
        old, _recent = self._expired_and_kept(expired=3, kept=1)
        self.env["crm.touchpoint"]._cron_purge_expired()
        self.assertEqual(old.exists(), old)

    def test_purge_batch_query_count_does_not_grow_with_rows(self):
        self.company_b.touchpoint_retention_days = 500
        Touchpoint = self.env["crm.touchpoint"]
        self._expired_and_kept(expired=5, kept=0)
        self.env.flush_all()
        with self.assertQueryCount(7):
            Touchpoint._cron_purge_expired(batch_size=5)
        self._expired_and_kept(expired=60, kept=0)
        self.env.flush_all()
        with self.assertQueryCount(7):
            Touchpoint._cron_purge_expired(batch_size=60)

    def test_progress_is_reported_to_the_cron(self):
        self.company_b.touchpoint_retention_days = 500
        self._expired_and_kept(expired=7, kept=0)
        cron = self.env.ref("crm_relationship.ir_cron_crm_touchpoint_purge")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        Touchpoint = self.env["crm.touchpoint"].with_context(
            ir_cron_progress_id=progress.id
        )
        Touchpoint._cron_purge_expired(batch_size=5)
        self.assertEqual((progress.done, progress.remaining), (5, 2))
        Touchpoint._cron_purge_expired(batch_size=5)
        self.assertEqual((progress.done, progress.remaining), (2, 0))

    def test_partner_merge_moves_touchpoints(self):
        duplicate = self._new_partner(name="Acme Hardware (dup)", is_company=True)
        kept = self._new_touchpoint(
            partner_id=self.customer.id, summary="on the survivor"
        )
        moved = self._new_touchpoint(
            partner_id=duplicate.id, summary="on the duplicate"
        )
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((self.customer | duplicate).ids, self.customer)
        self.assertFalse(duplicate.exists())
        self.assertEqual(moved.partner_id, self.customer)
        self.assertEqual(self.customer.touchpoint_count, 2)
        self.assertTrue(kept.exists())

    def test_neutralize_deactivates_our_cron(self):
        queries = list(get_neutralization_queries(["crm_relationship"]))
        self.assertTrue(queries)
        for query in queries:
            self.env.cr.execute(query)
        self.env.invalidate_all()
        cron = self.env.ref("crm_relationship.ir_cron_crm_touchpoint_purge")
        self.assertFalse(cron.active)
