# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import SQL


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_reference_fields(self, src_partners, dst_partner):
        """Touchpoints logged from a contact's own chatter (an e-mail on the
        contact form) name it as their source by model and id: they follow it
        to the surviving contact. Odoo moves the touchpoints' customer and
        contact itself (foreign keys)."""
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                "UPDATE crm_touchpoint SET res_id = %s "
                "WHERE res_model = 'res.partner' AND res_id = ANY(%s)",
                dst_partner.id,
                src_partners.ids,
            )
        )
        self.env["crm.touchpoint"].invalidate_model(["res_id"])
        return super()._update_reference_fields(src_partners, dst_partner)

    def _update_values(self, src_partners, dst_partner):
        result = super()._update_values(src_partners, dst_partner)
        self.env["crm.touchpoint"].sudo()._crm_after_partner_merge(dst_partner)
        return result
