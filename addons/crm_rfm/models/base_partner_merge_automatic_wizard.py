# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        # Before Odoo points the merged customers' rows at the survivor: in
        # each past run their snapshots become one snapshot of the survivor
        # (crm.rfm.snapshot._merge_partners says how), so that every run keeps
        # one snapshot per customer and its exports and migrations stay right.
        self.env["crm.rfm.snapshot"].sudo()._merge_partners(src_partners, dst_partner)
        customers = (src_partners | dst_partner).commercial_partner_id
        result = super()._update_foreign_keys(src_partners, dst_partner)
        # Their orders now belong to the survivor: every customer concerned
        # is queued for the next refresh of the purchase summary.
        self.env["crm.purchase.summary"].sudo()._queue_customers(customers.ids)
        return result
