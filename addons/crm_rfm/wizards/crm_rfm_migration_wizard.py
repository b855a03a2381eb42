# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pandas as pd

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

try:
    from crm_insight.migration import GONE, NEW, transition_matrix
    from crm_insight.report import XlsxExporter
except ImportError:  # pragma: no cover - reported by external_dependencies
    transition_matrix = XlsxExporter = None
    NEW = GONE = None


class CrmRfmMigrationWizard(models.TransientModel):
    """Segment migration between any two runs: who moved from where to where."""

    _name = "crm.rfm.migration.wizard"
    _description = "Segment Migration Between Two Runs"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    run_from_id = fields.Many2one(
        "crm.rfm.run",
        string="From",
        required=True,
        check_company=True,
        domain="[('company_id', '=', company_id), ('state', '=', 'done')]",
        default=lambda self: self._default_runs()[1],
    )
    run_to_id = fields.Many2one(
        "crm.rfm.run",
        string="To",
        required=True,
        check_company=True,
        domain="[('company_id', '=', company_id), ('state', '=', 'done')]",
        default=lambda self: self._default_runs()[0],
    )

    @api.model
    def _default_runs(self):
        runs = self.env["crm.rfm.run"].search(
            [("company_id", "=", self.env.company.id), ("state", "=", "done")], limit=2
        )
        latest = runs[:1]
        return latest, runs[1:2] or latest

    def _segments(self, run):
        rows = self.env.execute_query(
            SQL(
                "SELECT partner_id, segment FROM crm_rfm_snapshot WHERE run_id = %s",
                run.id,
            )
        )
        return pd.Series({partner: segment for partner, segment in rows}, dtype=object)

    def _matrix(self):
        self.ensure_one()
        self.check_access("read")
        (self.run_from_id | self.run_to_id).check_access("read")
        if self.run_from_id.company_id != self.run_to_id.company_id:
            raise UserError(self.env._("Both runs must belong to the same company."))
        before = self._segments(self.run_from_id)
        after = self._segments(self.run_to_id)
        return before, after, transition_matrix(before, after)

    def _labels(self):
        labels = dict(
            self.env["res.partner"]
            ._fields["rfm_segment"]
            ._description_selection(self.env)
        )
        labels[NEW] = self.env._("(new)")
        labels[GONE] = self.env._("(gone)")
        return labels

    def _xlsx(self):
        before, after, matrix = self._matrix()
        labels = self._labels()
        with XlsxExporter() as exporter:
            for title, table, fmt in (
                (self.env._("Counts"), matrix.counts, "integer"),
                (self.env._("Rates"), matrix.rates, "percent"),
            ):
                sheet = exporter.sheet(title)
                sheet.set_column(0, 0, 22)
                sheet.set_column(1, len(table.columns), 14)
                exporter.write(
                    sheet,
                    0,
                    0,
                    self.env._(
                        "From %(before)s (rows) to %(after)s (columns)",
                        before=self.run_from_id.name,
                        after=self.run_to_id.name,
                    ),
                    "title",
                )
                for j, column in enumerate(table.columns, start=1):
                    exporter.write(sheet, 2, j, labels.get(column, column), "header")
                for i, row in enumerate(table.index, start=3):
                    exporter.write(sheet, i, 0, labels.get(row, row), "header")
                    for j, column in enumerate(table.columns, start=1):
                        exporter.write(sheet, i, j, float(table.loc[row, column]), fmt)
            moved = [
                partner
                for partner in before.index.union(after.index)
                if before.get(partner) != after.get(partner)
            ]
            names = {
                partner.id: partner.display_name
                for partner in self.env["res.partner"].browse(moved)
            }
            sheet = exporter.sheet(self.env._("Customers who moved"))
            exporter.table(
                sheet,
                0,
                0,
                [self.env._("Customer"), self.env._("Before"), self.env._("After")],
                [
                    (
                        names.get(partner, str(partner)),
                        labels.get(before.get(partner, NEW), ""),
                        labels.get(after.get(partner, GONE), ""),
                    )
                    for partner in moved
                ],
                widths=[32, 20, 20],
            )
        return exporter.getvalue(), "segment_migration.xlsx"

    def action_export_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/crm_rfm/migration/{self.id}",
            "target": "download",
        }

    def action_open_pivot(self):
        """The pivot of the later run against the run before it."""
        self.ensure_one()
        return self.run_to_id.action_open_segment_migration()
