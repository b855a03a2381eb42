# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, models

# Consents created per step of the migration.
MIGRATION_BATCH = 1000


class PrivacyConsentMigration(models.AbstractModel):
    """The objections to profiling recorded before this addon (a tracked flag
    on the contact) become refused "profiling" consents (privacy.consent
    inherits this)."""

    _name = "crm.privacy.consent.migration"
    _description = "Objections to Profiling Made Consents"

    @api.model
    def _crm_migrate_profiling_objections(self):
        """One "profiling" consent per contact that objects, or objected once:
        accepted unless they object now, dated and signed by the last change
        of the flag, and the flag's history (who, when, old, new) copied into
        the consent's chatter as changes of its acceptance. The contact's own
        chatter keeps its history too. Run again, it adds nothing."""
        activity = self.env["privacy.activity"]._crm_purpose_activity("profiling")
        if not activity:
            return self.browse()
        flag = self.env["ir.model.fields"]._get("res.partner", "profiling_objection")
        history = defaultdict(list)  # partner id -> changes of the flag, oldest first
        for value in (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("field_id", "=", flag.id),
                    ("mail_message_id.model", "=", "res.partner"),
                ],
                order="id",
            )
        ):
            history[value.mail_message_id.res_id].append(value)
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        partner_ids = set(Partner._search([("profiling_objection", "=", True)]))
        partner_ids |= set(history)
        Consent = self.env["privacy.consent"].sudo().with_context(active_test=False)
        done = Consent.search(
            [("activity_id", "=", activity.id), ("partner_id", "in", list(partner_ids))]
        ).partner_id
        partners = Partner.browse(sorted(partner_ids - set(done.ids))).exists()
        consents = Consent.browse()
        for start in range(0, len(partners), MIGRATION_BATCH):
            batch = partners[start : start + MIGRATION_BATCH]
            consents |= self._crm_migrate_batch(batch, activity, history)
        return consents

    def _crm_migrate_batch(self, partners, activity, history):
        vals_list = []
        for partner in partners:
            changes = history.get(partner.id)
            last = changes[-1].mail_message_id if changes else None
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "activity_id": activity.id,
                    "accepted": not partner.profiling_objection,
                    "state": "answered",
                    "crm_source": "migration",
                    "crm_decision_date": last.date if last else partner.write_date,
                    "crm_recorded_by_id": last.author_id.user_ids[:1].id
                    if last
                    else False,
                }
            )
        consents = (
            self.env["privacy.consent"]
            .sudo()
            .with_context(crm_privacy_sync=True, mail_create_nolog=True)
            .create(vals_list)
        )
        accepted = self.env["ir.model.fields"]._get("privacy.consent", "accepted")
        note = self.env.ref("mail.mt_note")
        messages = []
        for consent in consents:
            for value in history.get(consent.partner_id.id, []):
                message = value.mail_message_id
                messages.append(
                    {
                        "model": consent._name,
                        "res_id": consent.id,
                        "message_type": "notification",
                        "subtype_id": note.id,
                        "author_id": message.author_id.id,
                        "date": message.date,
                        "body": self.env._(
                            "The contact's objection to profiling changed."
                        ),
                        # accepted is the opposite of the objection
                        "tracking_value_ids": [
                            (
                                0,
                                0,
                                {
                                    "field_id": accepted.id,
                                    "old_value_integer": int(
                                        not value.old_value_integer
                                    ),
                                    "new_value_integer": int(
                                        not value.new_value_integer
                                    ),
                                },
                            )
                        ],
                    }
                )
        self.env["mail.message"].sudo().create(messages)
        return consents
