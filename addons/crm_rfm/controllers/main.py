# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.http import content_disposition, request

from ..models.crm_rfm_export import XLSX


class CrmRfmExportController(http.Controller):
    @http.route("/crm_rfm/export/<int:export_id>", type="http", auth="user")
    def download_scores(self, export_id):
        export = request.env["crm.rfm.export"].browse(export_id).exists()
        if not export:
            raise request.not_found()
        export.check_access("read")
        content, filename = export._xlsx()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    @http.route("/crm_rfm/migration/<int:wizard_id>", type="http", auth="user")
    def download_migration(self, wizard_id):
        wizard = request.env["crm.rfm.migration.wizard"].browse(wizard_id).exists()
        if not wizard:
            raise request.not_found()
        wizard.check_access("read")
        content, filename = wizard._xlsx()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
