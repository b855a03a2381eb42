# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

# An order written with these moves to another customer or company: its
# former customer is queued for the next refresh of the purchase summary (the
# write date only tells it about the new one).
MOVING_FIELDS = {"partner_id", "company_id"}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def write(self, vals):
        if not MOVING_FIELDS & set(vals):
            return super().write(vals)
        former = self._crm_summary_customers()
        result = super().write(vals)
        self.env["crm.purchase.summary"].sudo()._queue_customers(former)
        return result

    def unlink(self):
        former = self._crm_summary_customers()
        result = super().unlink()
        self.env["crm.purchase.summary"].sudo()._queue_customers(former)
        return result

    def _crm_summary_customers(self):
        """The customers of these orders, whatever their state: an order
        confirmed then cancelled and set back to quotation may still count
        until the next refresh."""
        return set(self.sudo().partner_id.commercial_partner_id.ids)
