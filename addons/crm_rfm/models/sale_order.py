# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

# An order written with these moves to another customer or company:
# its former customer's purchase summary is refreshed at once (the write date
# only tells the next refresh about the new one).
MOVING_FIELDS = {"partner_id", "company_id"}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def write(self, vals):
        if not MOVING_FIELDS & set(vals):
            return super().write(vals)
        former = self._crm_summary_customers()
        result = super().write(vals)
        self.env["crm.purchase.summary"].sudo()._refresh_customers(former)
        return result

    def unlink(self):
        former = self._crm_summary_customers()
        result = super().unlink()
        self.env["crm.purchase.summary"].sudo()._refresh_customers(former)
        return result

    def _crm_summary_customers(self):
        """The customers of these orders that a summary row may count: those
        of confirmed orders, and of cancelled ones (they may still count until
        the next refresh). Quotations never do."""
        orders = self.sudo().filtered(lambda order: order.state in ("sale", "cancel"))
        return set(orders.partner_id.commercial_partner_id.ids)
