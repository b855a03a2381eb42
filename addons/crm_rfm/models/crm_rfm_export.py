# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pandas as pd

from odoo import fields, models

try:
    from crm_insight.report import XlsxExporter, write_customers
except ImportError:  # pragma: no cover - reported by external_dependencies
    XlsxExporter = write_customers = None

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CrmRfmExport(models.TransientModel):
    """A spreadsheet of customer scores: every customer of a run, or a
    selection of customers (their current scores). Written by crm_insight's
    exporter, text-safe (a name starting with = + - @ stays text)."""

    _name = "crm.rfm.export"
    _description = "Customer Scores Export"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    run_id = fields.Many2one("crm.rfm.run", ondelete="cascade")
    partner_ids = fields.Many2many("res.partner")

    def _download_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/crm_rfm/export/{self.id}",
            "target": "download",
        }

    def _titles(self):
        _ = self.env._
        return {
            None: _("Customer"),
            "type": _("Customer Type"),
            "recency_days": _("Days Since Last Purchase"),
            "purchases": _("Purchases"),
            "monetary": _("Spend"),
            "r_score": _("R"),
            "f_score": _("F"),
            "m_score": _("M"),
            "segment": _("Segment"),
            "loyalty_score": _("Loyalty"),
            "churn_probability": _("Churn Risk"),
            "expected_purchases": _("Expected Purchases"),
            "clv": _("Lifetime Value"),
        }

    def _rows(self):
        """(names, columns) of the customers to export, read in bulk."""
        types = dict(
            self.env["res.partner"]
            ._fields["customer_type"]
            ._description_selection(self.env)
        )
        if self.run_id:
            snapshots = self.run_id.snapshot_ids.sorted(lambda s: (-(s.clv or 0), s.id))
            data = {
                "type": [types.get(p.customer_type, "") for p in snapshots.partner_id],
                "recency_days": snapshots.mapped("recency_days"),
                "purchases": snapshots.mapped("frequency"),
                "monetary": snapshots.mapped("monetary"),
                "r_score": snapshots.mapped("r_score"),
                "f_score": snapshots.mapped("f_score"),
                "m_score": snapshots.mapped("m_score"),
                "segment": snapshots.mapped("segment"),
                "loyalty_score": snapshots.mapped("loyalty_score"),
                "churn_probability": snapshots.mapped("churn_probability"),
                "expected_purchases": snapshots.mapped("expected_purchases"),
                "clv": snapshots.mapped("clv"),
            }
            names = [snapshot.partner_id.display_name for snapshot in snapshots]
        else:
            partners = self.partner_ids.with_company(self.company_id)
            data = {
                "type": [types.get(p.customer_type, "") for p in partners],
                "recency_days": partners.mapped("rfm_recency_days"),
                "purchases": partners.mapped("rfm_frequency"),
                "monetary": partners.mapped("rfm_monetary"),
                "r_score": partners.mapped("rfm_r_score"),
                "f_score": partners.mapped("rfm_f_score"),
                "m_score": partners.mapped("rfm_m_score"),
                "segment": partners.mapped("rfm_segment"),
                "loyalty_score": partners.mapped("loyalty_score"),
                "churn_probability": partners.mapped("churn_probability"),
                "expected_purchases": partners.mapped("expected_purchases"),
                "clv": partners.mapped("clv"),
            }
            names = partners.mapped("display_name")
        return pd.DataFrame(data, index=pd.Index(names, name="customer"))

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
        stamp = fields.Date.to_string(fields.Date.context_today(self))
        return exporter.getvalue(), f"customer_scores_{stamp}.xlsx"
