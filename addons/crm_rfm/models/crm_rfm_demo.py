# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Command


class CrmRfmDemo(models.AbstractModel):
    """The demo data of crm_rfm, made once: two years of orders for the demo
    customers and two scorings. Every record made gets an external id, so
    that loading the demo again (``odoo -i crm_rfm -u crm_rfm`` on an existing
    database, which ``make up`` runs) finds them and makes nothing twice."""

    _name = "crm.rfm.demo"
    _description = "Customer Value Demo Data"

    @api.model
    def _create_history(self, profiles):
        """``profiles``: {partner xmlid: (orders, days since the last, days
        between orders, amount)}, shaped so that every segment has members.
        Then a scoring a month ago and one today (for segment migration)."""
        orders = self.env["sale.order"]
        for xmlid, profile in profiles.items():
            orders |= self._create_orders(xmlid, *profile)
        # the purchase touchpoints follow their orders back in time
        touchpoints = self.env["crm.touchpoint"].search(
            [("res_model", "=", "sale.order"), ("res_id", "in", orders.ids)]
        )
        for touchpoint in touchpoints:
            touchpoint.date = orders.browse(touchpoint.res_id).date_order
        today = fields.Date.context_today(self)
        self._create_run("demo_run_month_ago", today - timedelta(days=30))
        self._create_run("demo_run_today", today)

    def _create_orders(self, partner_xmlid, count, last, spacing, amount):
        """The missing demo orders of one customer, confirmed and dated."""
        partner = self.env.ref(partner_xmlid)
        product = self._product()
        now = fields.Datetime.now()
        name = partner_xmlid.split(".")[-1]
        created = self.env["sale.order"]
        for index in range(count):
            xmlid = f"crm_rfm.demo_sale_order_{name}_{index}"
            if self.env.ref(xmlid, raise_if_not_found=False):
                continue
            order = self.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "company_id": self.env.company.id,
                    "user_id": self.env.ref("base.user_admin").id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount * (0.8 + 0.1 * (index % 5)),
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            order.action_confirm()
            days = min(last + index * spacing, 720)
            order.date_order = now - timedelta(days=days, hours=index)
            self._name_record(xmlid, order)
            created |= order
        return created

    def _create_run(self, name, as_of):
        xmlid = f"crm_rfm.{name}"
        if self.env.ref(xmlid, raise_if_not_found=False):
            return
        company = self.env.company
        run = self.env["crm.rfm.run"].sudo()._execute(company, as_of=as_of)
        self._name_record(xmlid, run)

    def _name_record(self, xmlid, record):
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": xmlid, "record": record, "noupdate": True}]
        )

    def _product(self):
        Product = self.env["product.product"]
        return Product.search(
            [("sale_ok", "=", True), ("type", "=", "consu")], limit=1
        ) or Product.search([("sale_ok", "=", True)], limit=1)
