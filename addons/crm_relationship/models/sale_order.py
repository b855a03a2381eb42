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
        self.env["crm.touchpoint"]._log_events(self._crm_touchpoint_values_confirm())

    def _crm_touchpoint_values_confirm(self):
        """The touchpoint of each order's confirmation, for the live logging
        and the install-time backfill alike: a purchase on the order's channel
        (``crm.touchpoint._channels_of``), dated with the order, with its
        amount."""
        Touchpoint = self.env["crm.touchpoint"]
        channels = Touchpoint._channels_of(self)
        return [
            Touchpoint._event_values(
                order,
                "confirm",
                channel=channels[order.id],
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
