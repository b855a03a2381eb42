# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import freeze_time, tagged

from .common import PrivacyCase


@tagged("post_install", "-at_install", "crm_relationship_privacy")
class TestPartnerMerge(PrivacyCase):
    """Odoo's merge wizard keeps every consent and its history."""

    def test_consents_move_to_the_surviving_contact(self):
        survivor = self.consumer
        duplicate = self._new_partner(name="Lola Consumer", email="lola@example.com")
        with freeze_time("2026-01-01 10:00:00"):
            kept_emails = self._consent(survivor, self.emails, accepted=True)
        with freeze_time("2026-02-01 10:00:00"):
            refused_emails = self._consent(
                duplicate, self.emails, accepted=False, crm_source="paper"
            )
        calls = self._consent(duplicate, self.calls, accepted=False)
        profiling = self._consent(duplicate, self.profiling, accepted=False)
        self.assertTrue(duplicate.profiling_objection)
        self.cr.flush()
        history = self.env["mail.message"].search_count(
            [("model", "=", "privacy.consent"), ("res_id", "=", refused_emails.id)]
        )
        self.assertTrue(history)
        tracked_before = self.env["mail.tracking.value"].search_count([])

        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_context(
                active_model="res.partner", active_ids=(survivor | duplicate).ids
            )
            .create({})
        )
        wizard.dst_partner_id = survivor
        wizard.action_merge()

        self.assertFalse(duplicate.exists())
        consents = self._consents(survivor)
        self.assertEqual(
            consents.activity_id, self.emails | self.calls | self.profiling
        )
        self.assertEqual(consents & (calls | profiling), calls | profiling)
        # one consent per purpose: the refusal stands, with its date and source
        emails = self._consents(survivor, self.emails)
        self.assertEqual(emails, kept_emails)
        self.assertFalse(emails.accepted)
        self.assertEqual(emails.crm_source, "paper")
        self.assertEqual(str(emails.crm_decision_date), "2026-02-01 10:00:00")
        # nothing of the merged consent's history is lost
        self.assertFalse(refused_emails.exists())
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "privacy.consent"), ("res_id", "=", refused_emails.id)]
            ),
            0,
        )
        self.assertGreaterEqual(len(emails.message_ids), history + 1)
        (note,) = emails.message_ids.filtered(
            lambda m: "Consents of merged contacts" in m.body
        )
        self.assertIn("Lola Consumer: refused on 2026-02-01", note.body)
        self.env.flush_all()
        self.assertGreaterEqual(
            self.env["mail.tracking.value"].search_count([]), tracked_before
        )
        # the objection follows the profiling consent
        self.assertTrue(survivor.profiling_objection)
        self.assertFalse(self._consents(survivor, self.profiling).accepted)
