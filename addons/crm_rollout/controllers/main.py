# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.http import content_disposition, request

from ..models.crm_rollout_report import XLSX


class CrmRolloutReportController(http.Controller):
    @http.route("/crm_rollout/report/<int:plan_id>", type="http", auth="user")
    def steering_report(self, plan_id):
        """The plan's steering report, for a user who may read the plan."""
        plan = request.env["crm.rollout.plan"].browse(plan_id).exists()
        if not plan:
            raise request.not_found()
        plan.check_access("read")
        content, filename = plan._steering_report()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
