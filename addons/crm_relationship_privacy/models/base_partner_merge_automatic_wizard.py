# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        # Odoo would delete the merged contacts' consents that clash with the
        # survivor's (one per contact and activity): they become one first.
        self.env["privacy.consent"]._crm_merge_partners(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)
