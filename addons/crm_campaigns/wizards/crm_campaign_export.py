# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import fields, models

from ..models.automation_configuration_results import STEP_FIGURES

try:
    from crm_insight.report import XlsxExporter
except ImportError:  # pragma: no cover - reported by external_dependencies
    XlsxExporter = None


class CrmCampaignExport(models.TransientModel):
    """The figures of a campaign in a spreadsheet, written by crm_insight's
    text-safe exporter (a name starting with = + - @ stays text)."""

    _name = "crm.campaign.export"
    _description = "Campaign Figures Export"

    configuration_id = fields.Many2one(
        "automation.configuration", string="Campaign", required=True
    )
    data = fields.Binary(string="File", readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    def _xlsx(self):
        """The workbook's bytes: summary with treated vs control and the
        uplift, figures per step, and the excluded with their reason."""
        self.ensure_one()
        campaign = self.configuration_id
        _ = self.env._
        figures = campaign._campaign_group_figures()
        conversion, revenue = campaign._campaign_uplifts(figures)
        with XlsxExporter() as exporter:
            sheet = exporter.sheet(_("Summary"))
            exporter.write(sheet, 0, 0, campaign.name, "title")
            rows = [
                (_("Company"), campaign.company_id.name),
                (_("Model"), campaign.model_id.name),
                (_("Started on"), campaign.started_on),
                (
                    _("Goal"),
                    dict(
                        campaign._fields["goal_type"]._description_selection(self.env)
                    ).get(campaign.goal_type),
                ),
                (_("Attribution window (days)"), campaign.attribution_days),
                (_("Hold-out (%)"), campaign.holdout_percent),
                (_("Random seed"), campaign.holdout_seed),
            ]
            for index, (label, value) in enumerate(rows, start=2):
                exporter.write(sheet, index, 0, label, "bold")
                exporter.write(sheet, index, 1, value or None)
            labels = {
                "treated": _("Treated"),
                "control": _("Control"),
                "excluded": _("Excluded"),
            }
            group_rows = []
            for key, label in labels.items():
                count, converted, total, _squares = figures[key]
                group_rows.append(
                    (
                        label,
                        count,
                        converted,
                        converted / count if count else None,
                        total,
                        total / count if count else None,
                    )
                )
            row = exporter.table(
                sheet,
                len(rows) + 3,
                0,
                [
                    _("Group"),
                    _("Participants"),
                    _("Converted"),
                    _("Conversion"),
                    _("Revenue"),
                    _("Revenue per participant"),
                ],
                group_rows,
                formats=[None, "integer", "integer", "percent", "money", "money"],
                widths=[26, 14, 12, 12, 14, 22],
            )
            uplift_rows = []
            for label, result in (
                (_("Conversion"), conversion),
                (_("Revenue per participant"), revenue),
            ):
                if result is None:
                    uplift_rows.append(
                        (label, None, None, None, None, None, _("No control group"))
                    )
                    continue
                uplift_rows.append(
                    (
                        label,
                        result["treated_mean"],
                        result["control_mean"],
                        result["uplift"],
                        result["low"],
                        result["high"],
                        _("Significant")
                        if result["significant"]
                        else _("Not significant"),
                    )
                )
            exporter.table(
                sheet,
                row + 1,
                0,
                [
                    _("Measure"),
                    _("Treated"),
                    _("Control"),
                    _("Uplift"),
                    _("95% CI low"),
                    _("95% CI high"),
                    _("Verdict"),
                ],
                uplift_rows,
                formats=[None, "number", "number", "number", "number", "number", None],
            )
            steps = exporter.sheet(_("Steps"))
            step_figures = campaign._campaign_step_figures()
            step_rows = []
            for step in campaign.automation_step_ids.sorted(
                lambda s: (s.parent_position, s.id)
            ):
                values = step_figures.get(step.id, {})
                step_rows.append(
                    [step.name, step.step_name]
                    + [values.get(key, 0) for key in STEP_FIGURES]
                )
            exporter.table(
                steps,
                0,
                0,
                [
                    _("Step"),
                    _("Type"),
                    _("Reached"),
                    _("E-mails sent"),
                    _("Opened"),
                    _("Clicked"),
                    _("Replied"),
                    _("Bounced"),
                    _("Activities done"),
                    _("Skipped (opt-out)"),
                    _("Converted"),
                    _("Revenue"),
                ],
                step_rows,
                formats=[None, None] + ["integer"] * 9 + ["money"],
                widths=[30, 14] + [12] * 10,
            )
            excluded = exporter.sheet(_("Excluded"))
            records = self.env["automation.record"].search(
                [
                    ("configuration_id", "=", campaign.id),
                    ("exclusion_reason", "!=", False),
                ]
            )
            reasons = dict(
                records._fields["exclusion_reason"]._description_selection(self.env)
            )
            exporter.table(
                excluded,
                0,
                0,
                [_("Participant"), _("Reason")],
                [
                    (
                        r.partner_id.display_name or r.name,
                        reasons.get(r.exclusion_reason),
                    )
                    for r in records
                ],
                widths=[36, 28],
            )
        return exporter.getvalue()

    def action_download(self):
        self.ensure_one()
        self.configuration_id.check_access("read")
        stamp = fields.Date.to_string(fields.Date.context_today(self))
        self.write(
            {
                "data": base64.b64encode(self._xlsx()),
                "filename": f"campaign_{self.configuration_id.id}_{stamp}.xlsx",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/data/{self.filename}"
            "?download=true",
            "target": "download",
        }
