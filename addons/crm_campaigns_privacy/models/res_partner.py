# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.osv import expression


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _crm_campaign_exclusion_domains(self):
        """Who refused both marketing e-mails and marketing calls is left out
        of every campaign ("no marketing consent"); a refusal of one purpose
        only skips the steps of that purpose."""
        return super()._crm_campaign_exclusion_domains() + [
            (
                "no_consent",
                expression.AND(
                    [
                        self._crm_no_consent_domain("marketing_email"),
                        self._crm_no_consent_domain("marketing_call"),
                    ]
                ),
            )
        ]

    @api.model
    def _crm_campaign_mailing_action(self, domain):
        # A mass mailing leaves out who may not get marketing e-mails (those
        # who refused are blacklisted too; this also covers a purpose that
        # needs an explicit consent).
        no_consent = self._crm_no_consent_domain("marketing_email")
        return super()._crm_campaign_mailing_action(
            expression.AND([domain, ["!", *expression.normalize_domain(no_consent)]])
        )
