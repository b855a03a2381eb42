# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Command

# The channels of the demo orders, in turn (crm_relationship logs each
# purchase on its order's channel, read from the order's medium).
DEMO_MEDIA = (
    "utm.utm_medium_phone",
    "utm.utm_medium_email",
    "utm.utm_medium_website",
    "utm.utm_medium_direct",
)


# Names of the regular demo customers (a trade and a surname).
TRADES = (
    "Ferretería",
    "Librería",
    "Papelería",
    "Suministros",
    "Talleres",
    "Hostelería",
    "Decoración",
    "Reformas",
)
SURNAMES = (
    "García",
    "Martín",
    "López",
    "Sánchez",
    "Romero",
    "Navarro",
    "Torres",
    "Molina",
    "Ortega",
    "Castro",
)
CITIES = ("Madrid", "Sevilla", "Valencia", "Bilbao", "Zaragoza", "Málaga")


def random_history(rng):
    """(days ago, amounts) of the purchases of a customer who buys at a random
    (Poisson) rate from a random day of the last two years until an unseen end
    of their life as a customer (the story the churn models tell)."""
    start = rng.randint(10, 720)
    rate = rng.gammavariate(1.5, 1 / 45)  # purchases per day
    life = rng.expovariate(1 / 250)
    days, elapsed = [start], 0.0
    while True:
        elapsed += rng.expovariate(rate)
        if elapsed > life or start - elapsed < 0:
            break
        days.append(int(start - elapsed))
    amount = rng.randint(50, 600)
    return days, [round(amount * (0.8 + 0.4 * rng.random()), 2) for _day in days]


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
        orders |= self._create_regulars()
        # the purchase touchpoints follow their orders back in time
        touchpoints = self.env["crm.touchpoint"].search(
            [("res_model", "=", "sale.order"), ("res_id", "in", orders.ids)]
        )
        for touchpoint in touchpoints:
            touchpoint.date = orders.browse(touchpoint.res_id).date_order
        today = fields.Date.context_today(self)
        self._create_run("demo_run_month_ago", today - timedelta(days=30))
        self._create_run("demo_run_today", today)

    def _create_regulars(self, count=40, seed=7):
        """``count`` more customers who buy at random (Poisson) rates until an
        unseen end of their life as customers: enough customers for the churn
        models to be compared on a hold-out period (the tracking chart), and
        two salespeople for the projection. Made once, by external id."""
        rng = random.Random(seed)
        users = [self.env.ref("base.user_admin"), self.env.ref("base.user_demo")]
        created = self.env["sale.order"]
        for index in range(count):
            days, amounts = random_history(rng)
            xmlid = f"crm_rfm.demo_regular_{index:02d}"
            partner = self.env.ref(xmlid, raise_if_not_found=False)
            if not partner:
                partner = self.env["res.partner"].create(
                    {
                        "name": f"{TRADES[index % len(TRADES)]} "
                        f"{SURNAMES[index % len(SURNAMES)]}",
                        "is_company": True,
                        "customer_type": "b2b" if index % 3 else "consumer",
                        "user_id": users[index % 2].id,
                        "city": CITIES[index % len(CITIES)],
                        "country_id": self.env.ref("base.es").id,
                    }
                )
                self._name_record(xmlid, partner)
            created |= self._create_orders(
                xmlid, len(days), days, None, amounts, user=users[index % 2]
            )
        return created

    def _create_orders(self, partner_xmlid, count, last, spacing, amount, user=None):
        """The missing demo orders of one customer, confirmed and dated:
        ``last`` days ago, then every ``spacing`` days (or on the days and
        for the amounts of the lists ``last`` and ``amount``)."""
        partner = self.env.ref(partner_xmlid)
        product = self._product()
        now = fields.Datetime.now()
        name = partner_xmlid.split(".")[-1]
        created = self.env["sale.order"]
        media = [self.env.ref(xmlid) for xmlid in DEMO_MEDIA]
        user = user or self.env.ref("base.user_admin")
        for index in range(count):
            xmlid = f"crm_rfm.demo_sale_order_{name}_{index}"
            if self.env.ref(xmlid, raise_if_not_found=False):
                continue
            if isinstance(last, list):
                days, price = last[index], amount[index]
            else:
                days = min(last + index * spacing, 720)
                price = amount * (0.8 + 0.1 * (index % 5))
            order = self.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "company_id": self.env.company.id,
                    "user_id": user.id,
                    "medium_id": media[(index + len(name)) % len(media)].id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1,
                                "price_unit": price,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            order.action_confirm()
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
