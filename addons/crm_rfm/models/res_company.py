# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import itertools

from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_CUTS = {
    "recency": "30, 90, 180, 365",
    "frequency": "2, 3, 5, 10",
    "monetary": "100, 500, 1000, 5000",
}


def parse_cuts(text):
    """'30, 90, 180, 365' -> [30.0, 90.0, 180.0, 365.0]; ValueError if not four
    strictly ascending numbers."""
    values = [
        float(part)
        for part in (text or "").replace(";", ",").split(",")
        if part.strip()
    ]
    if len(values) != 4 or any(b <= a for a, b in itertools.pairwise(values)):
        raise ValueError(text)
    return values


class ResCompany(models.Model):
    _inherit = "res.company"

    rfm_window_days = fields.Integer(
        string="RFM Analysis Window (days)",
        default=730,
        help="Only the purchases of the last N days are scored.",
    )
    rfm_source = fields.Selection(
        [
            ("orders", "Confirmed sale orders"),
            ("invoices", "Posted customer invoices and credit notes"),
        ],
        string="RFM Documents",
        default="orders",
        required=True,
        help="Which documents are purchases. With invoices, credit notes count as "
        "refunds: they lower the spend and are not purchases.",
    )
    rfm_monetary_basis = fields.Selection(
        [("untaxed", "Untaxed amount"), ("margin", "Margin")],
        string="RFM Monetary Value",
        default="untaxed",
        required=True,
        help="Margin needs the Sale Margin module and confirmed orders as documents.",
    )
    rfm_scoring_scope = fields.Selection(
        [("global", "All customers together"), ("per_type", "Per customer type")],
        string="RFM Scoring",
        default="global",
        required=True,
        help="Per customer type: consumers are ranked among consumers, businesses "
        "among businesses, and so on.",
    )
    rfm_exclude_internal = fields.Boolean(
        string="Leave Internal Customers Out", default=True
    )
    rfm_clv_horizon_days = fields.Integer(
        string="CLV Horizon (days)",
        default=365,
        help="Horizon of the expected purchases, the sales forecast and the "
        "customer lifetime value.",
    )
    rfm_discount_rate = fields.Float(
        string="CLV Annual Discount Rate",
        default=0.10,
        digits=(4, 3),
        help="0.10 means 10% a year, applied month by month.",
    )
    rfm_cut_mode = fields.Selection(
        [("quantile", "Quantiles (quintiles)"), ("fixed", "Fixed cut points")],
        string="RFM Cut Points",
        default="quantile",
        required=True,
    )
    rfm_recency_cuts = fields.Char(
        string="Recency Cut Points (days)",
        default=DEFAULT_CUTS["recency"],
        help="Four ascending numbers of days: up to the first scores 5, ..., more "
        "than the last scores 1.",
    )
    rfm_frequency_cuts = fields.Char(
        string="Frequency Cut Points (purchases)",
        default=DEFAULT_CUTS["frequency"],
        help="Four ascending numbers: below the first scores 1, ..., the last and "
        "more scores 5.",
    )
    rfm_monetary_cuts = fields.Char(
        string="Monetary Cut Points",
        default=DEFAULT_CUTS["monetary"],
        help="Four ascending amounts: below the first scores 1, ..., the last and "
        "more scores 5.",
    )
    rfm_history_days = fields.Integer(
        string="Score History (days)",
        default=90,
        help="Snapshots of the scores are kept this long, for segment migration.",
    )

    @api.constrains("rfm_window_days")
    def _check_rfm_window(self):
        if any(company.rfm_window_days < 30 for company in self):
            raise ValidationError(
                self.env._("The RFM analysis window must be at least 30 days.")
            )

    @api.constrains("rfm_clv_horizon_days", "rfm_history_days")
    def _check_rfm_periods(self):
        for company in self:
            if company.rfm_clv_horizon_days < 1 or company.rfm_history_days < 0:
                raise ValidationError(
                    self.env._(
                        "The CLV horizon and the score history must be positive."
                    )
                )

    @api.constrains("rfm_discount_rate")
    def _check_rfm_discount_rate(self):
        if any(not 0 <= company.rfm_discount_rate < 1 for company in self):
            raise ValidationError(
                self.env._("The discount rate is a fraction between 0 and 1, e.g. 0.1.")
            )

    @api.constrains("rfm_recency_cuts", "rfm_frequency_cuts", "rfm_monetary_cuts")
    def _check_rfm_cuts(self):
        labels = {
            "rfm_recency_cuts": self.env._("recency"),
            "rfm_frequency_cuts": self.env._("frequency"),
            "rfm_monetary_cuts": self.env._("monetary"),
        }
        for company in self:
            for name, label in labels.items():
                try:
                    parse_cuts(company[name])
                except ValueError:
                    raise ValidationError(
                        self.env._(
                            "The %(dimension)s cut points must be four ascending "
                            "numbers separated by commas, e.g. “%(example)s”; "
                            "got “%(value)s”.",
                            dimension=label,
                            example=DEFAULT_CUTS[name.split("_")[1]],
                            value=company[name] or "",
                        )
                    ) from None

    @api.constrains("rfm_monetary_basis", "rfm_source")
    def _check_rfm_margin(self):
        has_margin = "margin" in self.env["sale.order"]._fields
        for company in self:
            if company.rfm_monetary_basis != "margin":
                continue
            if not has_margin:
                raise ValidationError(
                    self.env._("Scoring on margin needs the Sale Margin module.")
                )
            if company.rfm_source != "orders":
                raise ValidationError(
                    self.env._(
                        "Scoring on margin needs confirmed sale orders as documents."
                    )
                )

    def _rfm_cuts(self):
        """Fixed cut points for crm_insight, or None for quantiles."""
        self.ensure_one()
        if self.rfm_cut_mode != "fixed":
            return None
        return {
            "recency": parse_cuts(self.rfm_recency_cuts),
            "frequency": parse_cuts(self.rfm_frequency_cuts),
            "monetary": parse_cuts(self.rfm_monetary_cuts),
        }
