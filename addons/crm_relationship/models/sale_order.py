# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _crm_touchpoint_partner(self):
        return self.partner_id

    def _action_confirm(self):
        result = super()._action_confirm()
        self._crm_log_confirmation()
        return result

    def _crm_log_confirmation(self):
        """One purchase touchpoint per order: confirming an order again (after
        a cancel and a reset to quotation) logs nothing new."""
        Touchpoint = self.env["crm.touchpoint"]
        website = "website_id" in self._fields
        Touchpoint._log_events(
            [
                Touchpoint._event_values(
                    order,
                    "confirm",
                    channel="web" if website and order.website_id else "other",
                    direction="inbound",
                    kind="purchase",
                    date=order.date_order,
                    summary=self.env._(
                        "Order %(order)s confirmed (%(amount)s %(currency)s)",
                        order=order.name,
                        amount=order.currency_id.format(order.amount_total),
                        currency=order.currency_id.name,
                    ),
                )
                for order in self
            ]
        )
