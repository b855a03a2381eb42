# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged
from odoo.tools import convert_file


@tagged("post_install", "-at_install", "crm_rfm")
class TestDemoOnce(TransactionCase):
    """`odoo -i crm_rfm -u crm_rfm` on an existing database (what `make up`
    runs every day) loads the demo files again in init mode and calls their
    <function> again: the demo must come out the same."""

    def _counts(self):
        return {
            model: self.env[model].with_context(active_test=False).search_count([])
            for model in ("sale.order", "crm.rfm.run", "crm.touchpoint")
        }

    def _load_demo(self):
        manifest = self.env["ir.module.module"].get_module_info("crm_rfm")
        for filename in manifest["demo"]:
            convert_file(self.env, "crm_rfm", filename, {}, mode="init", kind="demo")

    def test_loading_the_demo_again_creates_nothing(self):
        if not self.env.ref(
            "crm_relationship.partner_b2b_01", raise_if_not_found=False
        ):
            self.skipTest("needs crm_relationship's demo customers")
        self._load_demo()  # creates the demo if this database has none yet
        once = self._counts()
        self._load_demo()
        self.assertEqual(self._counts(), once)
        self._load_demo()
        self.assertEqual(self._counts(), once)

    def test_demo_orders_are_logged_on_a_real_channel(self):
        order = self.env.ref(
            "crm_rfm.demo_sale_order_partner_b2b_01_0", raise_if_not_found=False
        )
        if not order:
            self.skipTest("needs crm_rfm's demo data")
        orders = self.env["sale.order"].search([("id", "in", self._demo_order_ids())])
        touchpoints = self.env["crm.touchpoint"].search(
            [("res_model", "=", "sale.order"), ("res_id", "in", orders.ids)]
        )
        self.assertEqual(len(touchpoints), len(orders), "one purchase per order")
        self.assertEqual(
            set(touchpoints.mapped("channel")), {"phone", "email", "web", "visit"}
        )

    def _demo_order_ids(self):
        return (
            self.env["ir.model.data"]
            .search(
                [
                    ("module", "=", "crm_rfm"),
                    ("model", "=", "sale.order"),
                    ("name", "=like", "demo_sale_order_%"),
                ]
            )
            .mapped("res_id")
        )
