# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.res_partner import PHONE_FIELDS


class CrmDataQualityCheck(models.TransientModel):
    """Check contacts entered before this module (or by a system path):
    phones put in E.164, e-mails checked, duplicate flags refreshed. Nothing
    that cannot be read is changed: it is listed instead."""

    _name = "crm.data.quality.check"
    _description = "Check Contact Data"

    partner_ids = fields.Many2many("res.partner", string="Contacts")
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    summary = fields.Text(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner":
            values["partner_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    def action_check(self):
        self.ensure_one()
        partners = self.partner_ids
        partners.check_access("write")
        _ = self.env._
        fixed, problems = 0, []
        for partner in partners:
            changes = {}
            for fname in PHONE_FIELDS:
                number = partner[fname]
                if not number:
                    continue
                try:
                    cleaned = partner._dq_phone(number, partner._dq_country())[0]
                except ValueError:
                    problems.append(
                        _(
                            "%(contact)s: %(field)s “%(value)s” is not a phone number",
                            contact=partner.display_name,
                            field=partner._dq_field_label(fname),
                            value=number,
                        )
                    )
                    continue
                if cleaned != number:
                    changes[fname] = cleaned
            if partner.email:
                try:
                    partner._dq_clean_email(partner.email, partner.display_name)
                except ValidationError as error:
                    problems.append(str(error))
            if changes:
                partner.write(changes)
                fixed += 1
        partners._dq_flag_duplicates()
        lines = [
            _(
                "%(checked)s contacts checked, %(fixed)s with phone numbers put in "
                "international format, %(duplicates)s likely duplicates.",
                checked=len(partners),
                fixed=fixed,
                duplicates=len(partners.filtered("possible_duplicate")),
            )
        ]
        if problems:
            lines.append(_("To fix by hand:"))
            lines += [f"- {problem}" for problem in problems]
        self.write({"state": "done", "summary": "\n".join(lines)})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
