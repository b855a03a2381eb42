# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pandas as pd

from odoo import api, fields, models

from . import insight_messages
from .crm_rfm_forecast import MODEL_NAMES
from .scores import SCORE_COLUMNS

try:
    from crm_insight.report import XlsxExporter, write_customers
except ImportError:  # pragma: no cover - reported by external_dependencies
    XlsxExporter = write_customers = None

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CrmRfmExport(models.TransientModel):
    """A spreadsheet of customer scores: every customer of a run (the run's
    snapshots), or a selection of customers (their current scores). Written by
    crm_insight's exporter, text-safe (a name starting with = + - @ stays
    text); its columns are the score columns crm_insight's exporter knows."""

    _name = "crm.rfm.export"
    _description = "Customer Scores Export"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        required=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    run_id = fields.Many2one("crm.rfm.run", ondelete="cascade", check_company=True)
    partner_ids = fields.Many2many("res.partner")

    @api.depends("run_id")
    def _compute_company_id(self):
        # the run's company (a user of that company only may export it)
        for export in self:
            export.company_id = export.run_id.company_id or self.env.company

    @api.model_create_multi
    def create(self, vals_list):
        exports = super().create(vals_list)
        # the run must be one the user may read (its company is one of theirs)
        exports.run_id.check_access("read")
        return exports

    def _download_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/crm_rfm/export/{self.id}",
            "target": "download",
        }

    def _titles(self):
        """Column titles: the snapshot fields' labels, in the user's language."""
        Snapshot = self.env["crm.rfm.snapshot"]
        titles = {
            column.key: Snapshot._fields[column.snapshot_field]._description_string(
                self.env
            )
            for column in SCORE_COLUMNS
        }
        titles[None] = self.env._("Customer")
        titles["churn_note_text"] = self.env._("Note")
        titles["type"] = self.env._("Customer Type")
        return titles

    def _rows(self):
        """One row per customer (a run's snapshots, or the selected partners'
        current scores), read in bulk, named by the customer."""
        types = dict(
            self.env["res.partner"]
            ._fields["customer_type"]
            ._description_selection(self.env)
        )
        if self.run_id:
            records = self.env["crm.rfm.snapshot"].search(
                [("run_id", "=", self.run_id.id)], order="clv desc, id"
            )
            partners = [snapshot.partner_id for snapshot in records]
            field_of = {column.key: column.snapshot_field for column in SCORE_COLUMNS}
        else:
            records = self.partner_ids.with_company(self.company_id)
            partners = list(records)
            field_of = {column.key: column.partner_field for column in SCORE_COLUMNS}
        data = {"type": [types.get(p.customer_type, "") for p in partners]}
        for key, name in field_of.items():
            data[key] = records.mapped(name)
        data["churn_note_text"] = self._notes(data)
        names = [partner.display_name for partner in partners]
        return pd.DataFrame(data, index=pd.Index(names, name="customer"))

    def _notes(self, data):
        """crm_insight's note of each row whose segment and churn risk
        disagree, in the user's language."""
        labels = dict(
            self.env["res.partner"]
            ._fields["rfm_segment"]
            ._description_selection(self.env)
        )
        run = self.run_id or self.env["crm.rfm.run"].search(
            [("company_id", "=", self.company_id.id), ("state", "=", "done")],
            limit=1,
        )
        model = MODEL_NAMES.get(run.churn_model, "")
        return [
            insight_messages.churn_note(
                self.env,
                code,
                segment=labels.get(segment, segment),
                risk=risk,
                recency=recency,
                interval=interval,
                purchases=purchases,
                model=model,
            )
            or ""
            for code, segment, risk, recency, interval, purchases in zip(
                data["churn_note"],
                data["segment"],
                data["churn_probability"],
                data["recency_days"],
                data["usual_interval_days"],
                data["purchases"],
                strict=True,
            )
        ]

    def _xlsx(self):
        """(bytes, file name) of the spreadsheet."""
        self.ensure_one()
        labels = dict(
            self.env["res.partner"]
            ._fields["rfm_segment"]
            ._description_selection(self.env)
        )
        with XlsxExporter() as exporter:
            write_customers(
                exporter,
                self._rows(),
                sheet_name=self.env._("Customers"),
                titles=self._titles(),
                segment_labels=labels,
            )
            if self.run_id:
                self._write_forecasts(exporter)
        stamp = fields.Date.to_string(fields.Date.context_today(self))
        return exporter.getvalue(), f"customer_scores_{stamp}.xlsx"

    def _write_forecasts(self, exporter):
        """A run's churn model candidates, its tracking and its projection
        per segment and per salesperson, one sheet each (from the rows the
        run stored, titles in the user's language)."""
        run = self.run_id
        _ = self.env._

        def labels(model, name):
            return dict(self.env[model]._fields[name]._description_selection(self.env))

        models_, statuses = (
            labels("crm.rfm.model.candidate", "model"),
            labels("crm.rfm.model.candidate", "status"),
        )
        sheet = exporter.sheet(_("Churn Models"))
        exporter.table(
            sheet,
            0,
            0,
            [
                _("Model"),
                _("Chosen"),
                _("Status"),
                _("Hold-out Error (RMSE)"),
                _("Hold-out Error (MAE)"),
                _("Purchases Predicted"),
                _("Purchases Made"),
                _("Why Not Fitted"),
            ],
            [
                (
                    models_.get(c.model, c.model),
                    c.chosen,
                    statuses.get(c.status, c.status or ""),
                    c.holdout_rmse if c.status == "ok" else None,
                    c.holdout_mae if c.status == "ok" else None,
                    c.holdout_predicted if c.status == "ok" else None,
                    c.holdout_actual if c.status == "ok" else None,
                    c.reason or "",
                )
                for c in run.candidate_ids
            ],
            formats=(None, None, None, "number", "number", "number", "number", None),
            widths=(14, 8, 14, 12, 12, 12, 12, 60),
        )
        weeks = {}
        for row in run.tracking_ids:
            weeks.setdefault((row.week, row.date_start), {})[row.series] = row
        sheet = exporter.sheet(_("Tracking"))
        exporter.table(
            sheet,
            0,
            0,
            [_("Week"), _("Week Starting"), _("Predicted"), _("Made")],
            [
                (
                    week,
                    start,
                    series["predicted"].purchases if "predicted" in series else None,
                    series["actual"].purchases if "actual" in series else None,
                )
                for (week, start), series in sorted(weeks.items())
            ],
            formats=("integer", "date", "number", "number"),
            widths=(6, 12, 12, 12),
        )
        segments = labels("crm.rfm.projection", "segment")
        for kind, title, group in (
            ("segment", _("Projection per Segment"), _("Segment")),
            ("salesperson", _("Projection per Salesperson"), _("Salesperson")),
        ):
            rows = run.projection_ids.filtered(lambda r, kind=kind: r.kind == kind)
            sheet = exporter.sheet(title)
            exporter.table(
                sheet,
                0,
                0,
                [group, _("Month"), _("Expected Purchases"), _("Expected Revenue")],
                [
                    (
                        segments.get(row.segment, "")
                        if kind == "segment"
                        else row.user_id.name or _("No salesperson"),
                        row.month,
                        row.purchases,
                        row.revenue if run.spend_status == "ok" else None,
                    )
                    for row in rows
                ],
                formats=(None, "date", "number", "money"),
                widths=(24, 12, 14, 14),
            )
