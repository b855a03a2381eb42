# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class IrFieldsConverter(models.AbstractModel):
    _inherit = "ir.fields.converter"

    @api.model
    def db_id_for(self, model, field, subfield, value):
        # The touchpoint import resolves its customers in bulk (see
        # crm.touchpoint.load): the ids it found need no existence check each.
        known = self.env.context.get("crm_touchpoint_import_partner_ids")
        if known and subfield == ".id" and field.comodel_name == "res.partner":
            try:
                partner_id = int(value)
            except (TypeError, ValueError):
                partner_id = None
            if partner_id in known:
                return partner_id, self.env._("database id"), []
        return super().db_id_for(model, field, subfield, value)
