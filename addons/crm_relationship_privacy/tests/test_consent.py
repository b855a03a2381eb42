# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import PrivacyCase


@tagged("post_install", "-at_install", "crm_relationship_privacy")
class TestConsent(PrivacyCase):
    def test_the_objection_to_profiling_is_the_profiling_purpose(self):
        self.cr.flush()  # changes made in the creating transaction are not tracked
        consumer = self.consumer.with_user(self.salesperson)
        with freeze_time("2026-03-02 10:00:00"):
            consumer.profiling_objection = True
        consent = self._consents(self.consumer, self.profiling)
        self.assertFalse(consent.accepted)
        self.assertEqual(consent.state, "answered")
        self.assertEqual(consent.crm_source, "form")
        self.assertEqual(consent.crm_recorded_by_id, self.salesperson)
        self.assertEqual(str(consent.crm_decision_date), "2026-03-02 10:00:00")
        self.cr.flush()
        # withdrawn: the same consent, accepted again, the change tracked
        with freeze_time("2026-04-01 09:00:00"):
            consumer.profiling_objection = False
        self.assertEqual(self._consents(self.consumer), consent)
        self.assertTrue(consent.accepted)
        self.assertEqual(str(consent.crm_decision_date), "2026-04-01 09:00:00")
        author = self.salesperson.partner_id
        self.assertEqual(self._tracked(consent, "accepted"), [(author, False, True)])
        self.assertEqual(
            self._tracked(self.consumer, "profiling_objection"),
            [(author, False, True), (author, True, False)],
        )

    def test_consent_changes_are_tracked_who_when_old_new(self):
        consent = self._consent(self.consumer, self.calls, accepted=True)
        self.cr.flush()
        with freeze_time("2026-05-05 12:00:00"):
            consent.with_user(self.salesperson).write(
                {"accepted": False, "crm_source": "phone"}
            )
            self.env.flush_all()
            self.cr.flush()  # the tracking is written now
        author = self.salesperson.partner_id
        self.assertEqual(self._tracked(consent, "accepted"), [(author, True, False)])
        ((who, _old, new),) = self._tracked(consent, "crm_source")
        self.assertEqual((who, new), (author, "Phone call"))
        ((_who, _old, recorded_by),) = self._tracked(consent, "crm_recorded_by_id")
        self.assertEqual(recorded_by, self.salesperson.name)
        self.assertTrue(self._tracked(consent, "crm_decision_date"))
        message = consent.message_ids.filtered("tracking_value_ids")[:1]
        self.assertEqual(str(message.date), "2026-05-05 12:00:00")

    def test_a_refused_profiling_consent_is_an_objection(self):
        consent = self._consent(self.consumer, self.profiling, accepted=False)
        self.assertTrue(self.consumer.profiling_objection)
        consent.accepted = True
        self.assertFalse(self.consumer.profiling_objection)

    def test_refusing_marketing_emails_blacklists_the_address(self):
        consent = self._consent(self.consumer, self.emails, accepted=True)
        self.assertFalse(self.consumer.is_blacklisted)
        consent.with_user(self.salesperson).accepted = False
        self.consumer.invalidate_recordset(["is_blacklisted"])
        self.assertTrue(self.consumer.is_blacklisted)
        consent.with_user(self.salesperson).accepted = True
        self.consumer.invalidate_recordset(["is_blacklisted"])
        self.assertFalse(self.consumer.is_blacklisted)

    def test_who_may_not_be_reached_for_a_purpose(self):
        Partner = self.env["res.partner"]
        self._consent(self.customer, self.calls, accepted=False)
        self._consent(self.consumer, self.calls, accepted=True)
        reached = [("id", "in", (self.customer_contact | self.consumer).ids)]
        unreachable = Partner.search(
            reached + Partner._crm_no_consent_domain("marketing_call")
        )
        # the company refused: its contact too
        self.assertEqual(unreachable, self.customer_contact)
        # a purpose that needs an explicit consent: only who accepted
        self.calls.default_consent = False
        unreachable = Partner.search(
            reached + Partner._crm_no_consent_domain("marketing_call")
        )
        self.assertEqual(unreachable, self.customer_contact)
        lola_2 = self._new_partner(name="Lola Two")
        self.assertTrue(
            Partner.search_count(
                [("id", "=", lola_2.id)]
                + Partner._crm_no_consent_domain("marketing_call")
            )
        )

    def test_profiling_rests_on_the_right_to_object(self):
        with self.assertRaises(ValidationError):
            self.profiling.default_consent = False

    def test_access(self):
        consent = self._consent(self.consumer, self.calls)
        for user in (self.portal_user, self.public_user):
            with self.assertRaises(AccessError):
                consent.with_user(user).read(["accepted"])
            with self.assertRaises(AccessError):
                self.env["privacy.consent"].with_user(user).create(
                    {"partner_id": self.consumer.id, "activity_id": self.emails.id}
                )
        # salespeople record decisions, they do not delete them
        consent.with_user(self.salesperson).accepted = True
        with self.assertRaises(AccessError):
            consent.with_user(self.salesperson).unlink()
        # an employee without sales nor data protection rights sees none
        employee = new_test_user(
            self.env, login="crm_employee", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            consent.with_user(employee).read(["accepted"])
        with self.assertRaises(AccessError):
            self.profiling.with_user(employee).default_consent = True
