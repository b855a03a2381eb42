# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import SQL


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_reference_fields(self, src_partners, dst_partner):
        """Campaign participation of merged contacts moves to the surviving
        contact (participants point at their record by model and id)."""
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                "UPDATE automation_record SET res_id = %s "
                "WHERE model = 'res.partner' AND res_id = ANY(%s)",
                dst_partner.id,
                src_partners.ids,
            )
        )
        self.env["automation.record"].invalidate_model(["res_id"])
        return super()._update_reference_fields(src_partners, dst_partner)
