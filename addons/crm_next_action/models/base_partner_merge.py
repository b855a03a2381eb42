# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class MergePartnerAutomatic(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """The survivor's cadence and next best action are recomputed at once
        from the history it now holds (the merged contacts' rows go with them:
        they are recomputed, never moved)."""
        result = super()._merge(partner_ids, dst_partner, extra_checks)
        survivors = self.env["res.partner"].browse(partner_ids).exists()
        NextAction = self.env["crm.next.action"].sudo()
        companies = (
            NextAction.search([("partner_id", "in", survivors.ids)]).company_id
            | self.env.company
        )
        for company in companies:
            NextAction._refresh_partners(survivors, company)
        return result
