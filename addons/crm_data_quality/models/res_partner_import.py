# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_relationship.import_refs import refs_as_external_ids

# Templates for contacts, one per customer type, beside Odoo's own: each
# workbook has a "Columns" sheet that says which columns are required.
TEMPLATE_TYPES = ("consumer", "b2b", "distributor", "internal")


class CrmDataQualityImport(models.AbstractModel):
    """Contact imports checked row by row (res.partner inherits it)."""

    _name = "crm.data.quality.import"
    _description = "Contact Import Checks"

    @api.model
    def get_import_templates(self):
        _ = self.env._
        labels = {
            "consumer": _("Import Template for Contacts: Consumers (Excel)"),
            "b2b": _("Import Template for Contacts: Businesses (Excel)"),
            "distributor": _("Import Template for Contacts: Distributors (Excel)"),
            "internal": _("Import Template for Contacts: Internal Customers (Excel)"),
        }
        templates = [
            {
                "label": labels[key],
                "template": f"/crm_data_quality/static/xls/contacts_{key}.xlsx",
            }
            for key in TEMPLATE_TYPES
        ]
        templates.append(
            {
                "label": _("Import Template for Contacts, every type (CSV)"),
                "template": "/crm_data_quality/static/xls/contacts.csv",
            }
        )
        return super().get_import_templates() + templates

    @api.model
    def load(self, fields, data):
        """Standard import, with two additions for contact files.

        * E-mails and phones are checked for the whole file first: each bad
          value is reported with its row and its column, and nothing is
          imported (the same checks as when a contact is saved).
        * When the file has a Reference column and no External ID column,
          each reference becomes the contact's external ID, so that importing
          the same file again updates the contacts instead of creating them
          twice."""
        if not self._dq_skip():
            messages = self._import_check_rows(fields, data)
            if messages:
                return {"ids": False, "messages": messages, "nextrow": 0}
        if "ref" in fields and "id" not in fields:
            fields = list(fields)
            data = [list(row) for row in data]
            self._import_refs_as_external_ids(fields, data)
        return super().load(fields, data)

    @api.model
    def _import_check_rows(self, fields, data):
        columns = {
            fname: fields.index(fname)
            for fname in ("email", "phone", "mobile")
            if fname in fields
        }
        if not columns:
            return []
        countries = self._import_countries(fields, data)
        name_column = fields.index("name") if "name" in fields else None
        messages = []
        for index, row in enumerate(data):
            contact = row[name_column] if name_column is not None else ""
            vals = {
                fname: row[column] for fname, column in columns.items() if row[column]
            }
            if not vals:
                continue
            country = countries.get(index) or self.env.company.country_id
            for fname, value in vals.items():
                try:
                    if fname == "email":
                        self._dq_clean_email(value, contact or value)
                    else:
                        self._dq_clean_vals(
                            {fname: value, "name": contact, "country_id": country.id}
                        )
                except ValidationError as error:
                    messages.append(
                        {
                            "type": "error",
                            "message": str(error),
                            "field": fname,
                            "record": index,
                            "rows": {"from": index, "to": index},
                        }
                    )
        return messages

    @api.model
    def _import_countries(self, fields, data):
        """{row index: country} from a Country column (names or codes),
        resolved once per distinct value."""
        if "country_id" not in fields:
            return {}
        column = fields.index("country_id")
        values = {(row[column] or "").strip() for row in data} - {""}
        Country = self.env["res.country"]
        found = {}
        for value in values:
            country = Country.search(
                ["|", ("code", "=ilike", value), ("name", "=ilike", value)], limit=1
            )
            if country:
                found[value] = country
        return {
            index: found[(row[column] or "").strip()]
            for index, row in enumerate(data)
            if (row[column] or "").strip() in found
        }

    @api.model
    def _import_refs_as_external_ids(self, fields, data):
        # Contacts entered by hand with the same reference are updated too.
        company = self.env.company
        refs_as_external_ids(
            self,
            fields,
            data,
            "res_partner_ref",
            lambda refs: [
                ("ref", "in", refs),
                ("company_id", "in", (False, company.id)),
            ],
        )
