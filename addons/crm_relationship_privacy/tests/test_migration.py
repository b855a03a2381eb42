# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import freeze_time, tagged

from .common import PrivacyCase


@tagged("post_install", "-at_install", "crm_relationship_privacy")
class TestMigration(PrivacyCase):
    """A database where the objection to profiling was a flag on the contact
    (before this addon): installing it makes each a "profiling" consent."""

    def _object_before_the_addon(self, partner, user, objection, date):
        """Change the flag as crm_relationship alone did: tracked on the
        contact, no consent."""
        with freeze_time(date):
            partner.with_user(user).with_context(crm_privacy_sync=True).write(
                {"profiling_objection": objection}
            )
            self.env.flush_all()
            self.cr.flush()

    def test_objections_become_refused_consents_with_their_history(self):
        self.cr.flush()
        first, second = self.salesperson, self.salesperson_2
        self._object_before_the_addon(self.consumer, first, True, "2025-01-10 08:00")
        self._object_before_the_addon(self.consumer, second, False, "2025-02-10 08:00")
        self._object_before_the_addon(self.consumer, first, True, "2025-03-10 08:00")
        # objected once, not any more
        self._object_before_the_addon(self.customer, second, True, "2025-01-20 08:00")
        self._object_before_the_addon(self.customer, first, False, "2025-01-21 08:00")
        self.assertFalse(self._consents(self.consumer) | self._consents(self.customer))

        consents = self.env["privacy.consent"]._crm_migrate_profiling_objections()

        lola = self._consents(self.consumer, self.profiling)
        acme = self._consents(self.customer, self.profiling)
        self.assertEqual(consents, lola | acme)
        self.assertEqual((lola.accepted, acme.accepted), (False, True))
        self.assertEqual(lola.crm_source, "migration")
        self.assertEqual(lola.crm_recorded_by_id, first)
        self.assertEqual(str(lola.crm_decision_date), "2025-03-10 08:00:00")
        self.assertEqual(acme.crm_recorded_by_id, first)
        # the history of the flag, as changes of the acceptance
        a, b = first.partner_id, second.partner_id
        self.assertEqual(
            self._tracked(lola, "accepted"),
            [(a, True, False), (b, False, True), (a, True, False)],
        )
        dates = lola.message_ids.filtered("tracking_value_ids").mapped("date")
        self.assertEqual(
            sorted(str(d) for d in dates),
            ["2025-01-10 08:00:00", "2025-02-10 08:00:00", "2025-03-10 08:00:00"],
        )
        self.assertEqual(
            self._tracked(acme, "accepted"), [(b, True, False), (a, False, True)]
        )
        # the contact keeps its own history; the flag is unchanged
        self.assertEqual(len(self._tracked(self.consumer, "profiling_objection")), 3)
        self.assertTrue(self.consumer.profiling_objection)
        # a second run adds nothing
        self.assertFalse(
            self.env["privacy.consent"]._crm_migrate_profiling_objections()
        )
