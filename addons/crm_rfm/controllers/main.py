# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.http import content_disposition, request

from ..models.crm_rfm_export import XLSX


class CrmRfmExportController(http.Controller):
    """Spreadsheets streamed to the user who asked for them (the record rules
    of the export records let a user download only their own)."""

    def _download(self, model, record_id):
        record = request.env[model].browse(record_id).exists()
        if not record:
            raise request.not_found()
        record.check_access("read")
        content, filename = record._xlsx()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    @http.route("/crm_rfm/export/<int:export_id>", type="http", auth="user")
    def download_scores(self, export_id):
        return self._download("crm.rfm.export", export_id)

    @http.route("/crm_rfm/migration/<int:wizard_id>", type="http", auth="user")
    def download_migration(self, wizard_id):
        return self._download("crm.rfm.migration.wizard", wizard_id)
