# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models, tools
from odoo.exceptions import UserError

from ..import_refs import refs_as_external_ids


class BatchRejectedError(Exception):
    """A batch of imported rows failed: load() creates them one by one."""


class CrmTouchpointImport(models.AbstractModel):
    _name = "crm.touchpoint.import"
    _description = "Touchpoint Import"

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Touchpoints (Excel)"),
                "template": "/crm_relationship/static/xls/crm_touchpoint_import.xlsx",
            },
            {
                "label": self.env._("Import Template for Touchpoints (CSV)"),
                "template": "/crm_relationship/static/xls/crm_touchpoint_import.csv",
            },
        ]

    @api.model
    def load(self, fields, data):
        """Standard import, with two additions for touchpoint files.

        * The ``Customer`` column (``partner_id``) is matched in bulk, by
          reference, then e-mail, then name: one query per criterion for the
          whole file instead of a name search per row. A value that matches no
          customer, or several, is reported with its row and nothing is imported.
        * When the file has an ``External Reference`` column and no ``External
          ID`` column, each reference becomes the external ID of its touchpoint,
          so that importing the same file again updates instead of duplicating.
        """
        fields = list(fields)
        data = [list(row) for row in data]
        found = set()
        if "partner_id" in fields and "partner_id/.id" not in fields:
            messages, found = self._import_match_partners(fields, data)
            if messages:
                return {"ids": False, "messages": messages, "nextrow": 0}
        if "ref" in fields and "id" not in fields:
            self._import_refs_as_external_ids(fields, data)
        model = self.with_context(
            crm_touchpoint_import=True, crm_touchpoint_import_partner_ids=found
        )
        return super(CrmTouchpointImport, model).load(fields, data)

    @api.model
    def _load_records(self, data_list, update=False, ignore_duplicates=False):
        """load() creates the rows of a file in batches; when a batch fails it
        creates them again one by one and reports each bad row, then reports
        the batch's error once more on the batch's first row, which may be a
        good one. For touchpoint imports the batch's error is left out: each
        bad row is reported, on its own row only."""
        if len(data_list) < 2 or not self.env.context.get("crm_touchpoint_import"):
            return super()._load_records(data_list, update, ignore_duplicates)
        try:
            records = super()._load_records(data_list, update, ignore_duplicates)
            self.env.flush_all()  # constraints checked at flush fail here too
        except UserError as error:
            raise BatchRejectedError(str(error)) from error
        return records

    @api.model
    def _import_match_partners(self, fields, data):
        column = fields.index("partner_id")
        values = {row[column].strip() for row in data if row[column]}
        Partner = self.env["res.partner"]
        matches = {}  # value -> {(commercial id, partner id)}; first criterion wins
        for criterion in ("ref", "email_normalized", "name"):
            pending = [value for value in values if value not in matches]
            if not pending:
                break
            if criterion == "email_normalized":
                keys = {}
                for value in pending:
                    if email := tools.email_normalize(value):
                        keys.setdefault(email, []).append(value)
            else:
                keys = {value: [value] for value in pending}
            if not keys:
                continue
            for partner in Partner.search_fetch(
                [(criterion, "in", list(keys))], [criterion, "commercial_partner_id"]
            ):
                for value in keys.get(partner[criterion], []):
                    matches.setdefault(value, set()).add(
                        (partner.commercial_partner_id.id, partner.id)
                    )
        contact_column = fields.index("contact_id") if "contact_id" in fields else None
        messages = []
        found = {
            partner for pairs in matches.values() for pair in pairs for partner in pair
        }
        fields[column] = "partner_id/.id"
        if contact_column is None:
            fields.append("contact_id/.id")
        for index, row in enumerate(data):
            value = (row[column] or "").strip()
            pairs = matches.get(value, set())
            commercial_ids = {commercial for commercial, _partner in pairs}
            if value and len(commercial_ids) == 1:
                commercial_id, partner_id = min(pairs)
                row[column] = str(commercial_id)
                contact = str(partner_id) if partner_id != commercial_id else ""
                if contact_column is None:
                    row.append(contact)
                continue
            if not value:
                continue  # the required-field check of load() reports it
            if not pairs:
                message = self.env._(
                    "No customer found with the reference, e-mail or name “%(value)s”.",
                    value=value[:80],
                )
            else:
                message = self.env._(
                    "“%(value)s” matches %(count)s customers; use their reference "
                    "to tell them apart.",
                    value=value[:80],
                    count=len(commercial_ids),
                )
            messages.append(
                {
                    "type": "error",
                    "message": message,
                    "field": "partner_id",
                    "record": index,
                    "rows": {"from": index, "to": index},
                }
            )
        return messages, found

    @api.model
    def _import_refs_as_external_ids(self, fields, data):
        # Touchpoints created by hand (or by another file without references)
        # get their external ID now, so the import updates them.
        company = self.env.company
        refs_as_external_ids(
            self.env["crm.touchpoint"],
            fields,
            data,
            "crm_touchpoint",
            lambda refs: [("company_id", "=", company.id), ("ref", "in", refs)],
        )
