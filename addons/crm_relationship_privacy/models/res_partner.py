# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.osv import expression

from .privacy_consent import SYNC_KEY


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------ profiling
    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if not self.env.context.get(SYNC_KEY):
            partners.filtered("profiling_objection")._crm_record_consent(
                "profiling", False
            )
        return partners

    def write(self, vals):
        result = super().write(vals)
        if "profiling_objection" in vals and not self.env.context.get(SYNC_KEY):
            self._crm_record_consent("profiling", not vals["profiling_objection"])
        return result

    def _crm_record_consent(self, purpose, accepted, **values):
        """Record the decision of these contacts for ``purpose``: their
        consent is created or updated (date, source and who recorded it with
        it, see privacy.consent). As superuser: the user could change the
        contact, the consent follows. A decision equal to the activity's
        default on a contact without consent records nothing."""
        activity = self.env["privacy.activity"]._crm_purpose_activity(purpose)
        Consent = (
            self.env["privacy.consent"]
            .sudo()
            .with_context(active_test=False, **{SYNC_KEY: True})
        )
        if not activity or not self:
            return Consent
        existing = Consent.search(
            [("partner_id", "in", self.ids), ("activity_id", "=", activity.id)]
        )
        changed = existing.filtered(
            lambda c: c.accepted != accepted or c.state != "answered" or not c.active
        )
        changed.write({"accepted": accepted, "active": True, **values})
        missing = self - existing.partner_id
        if accepted == activity.default_consent:
            missing = self.browse()
        created = Consent.create(
            [
                {
                    "partner_id": partner.id,
                    "activity_id": activity.id,
                    "accepted": accepted,
                    "state": "answered",
                    **values,
                }
                for partner in missing
            ]
        )
        return changed | created

    # ------------------------------------------------------------------ purposes
    @api.model
    def _crm_no_consent_domain(self, purpose):
        """Domain of the contacts that may not be reached for ``purpose``: a
        refusal recorded for them or their company; for a purpose that needs
        an explicit consent (not accepted by default), also those without an
        acceptance (theirs or their company's). Nobody without the purpose's
        activity."""
        activity = self.env["privacy.activity"]._crm_purpose_activity(purpose)
        if not activity:
            return expression.FALSE_DOMAIN

        def decided(accepted):
            consents = [("activity_id", "=", activity.id), ("accepted", "=", accepted)]
            return [
                "|",
                ("privacy_consent_ids", "any", consents),
                ("commercial_partner_id.privacy_consent_ids", "any", consents),
            ]

        if activity.default_consent:
            return decided(False)
        return expression.OR([decided(False), ["!", *decided(True)]])
