# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class MergePartnerAutomatic(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        Partner = self.env["res.partner"].sudo()
        partners = Partner.browse(partner_ids).exists()
        alike = {
            other for dups in partners._dq_duplicate_map().values() for other in dups
        }
        result = super()._merge(partner_ids, dst_partner, extra_checks)
        # The survivor, and the contacts the merged ones were alike, may no
        # longer have a duplicate: their flags follow.
        (partners | Partner.browse(alike)).exists()._dq_flag_duplicates()
        return result
