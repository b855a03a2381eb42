# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.crm_relationship.tests.common import CrmRelationshipCase


class PurposesMixin:
    """The three purposes and a factory of decisions (for any test case)."""

    @classmethod
    def _setup_purposes(cls):
        cls.emails = cls.env.ref(
            "crm_relationship_privacy.privacy_activity_marketing_email"
        )
        cls.calls = cls.env.ref(
            "crm_relationship_privacy.privacy_activity_marketing_call"
        )
        cls.profiling = cls.env.ref(
            "crm_relationship_privacy.privacy_activity_profiling"
        )

    @classmethod
    def _consent(cls, partner, activity, accepted=False, **vals):
        """The decision of ``partner`` for the purpose of ``activity``."""
        return cls.env["privacy.consent"].create(
            {
                "partner_id": partner.id,
                "activity_id": activity.id,
                "accepted": accepted,
                "state": "answered",
                **vals,
            }
        )


class PrivacyCase(PurposesMixin, CrmRelationshipCase):
    """The CRM relationship's users and customers, and the three purposes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_purposes()

    def _consents(self, partner, activity=None):
        domain = [("partner_id", "=", partner.id)]
        if activity:
            domain.append(("activity_id", "=", activity.id))
        return (
            self.env["privacy.consent"].with_context(active_test=False).search(domain)
        )

    def _tracked(self, record, fname):
        """(author, old, new) of the tracked changes of ``fname``, oldest
        first, once the tracking of the transaction is written."""
        self.env.flush_all()
        self.cr.flush()
        values = record.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == fname
        ).sorted("id")
        return [
            (
                value.mail_message_id.author_id,
                value._format_display_value(value.field_id.ttype, new=False)[0],
                value._format_display_value(value.field_id.ttype, new=True)[0],
            )
            for value in values
        ]
