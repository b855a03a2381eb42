# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast

from odoo.tests import TransactionCase, tagged
from odoo.tools import convert_file
from odoo.tools.misc import file_open


@tagged("post_install", "-at_install", "crm_relationship")
class TestDemoData(TransactionCase):
    """``odoo -i crm_relationship -u crm_relationship`` on a database that has
    it (what ``make up`` runs every day) loads its data and demo files again
    in init mode and calls their functions again: nothing may be created
    twice."""

    def _counts(self):
        counts = {}
        for model in ("res.partner", "crm.touchpoint", "sale.order", "crm.lead"):
            Model = self.env[model].with_context(active_test=False)
            counts[model] = Model.search_count([])
        return counts

    def test_loading_the_data_and_demo_again_creates_nothing(self):
        if not self.env.ref(
            "crm_relationship.partner_consumer_01", raise_if_not_found=False
        ):
            self.skipTest("needs the demo data")
        with file_open("crm_relationship/__manifest__.py") as handle:
            manifest = ast.literal_eval(handle.read())
        before = self._counts()
        self.assertGreater(before["crm.touchpoint"], 0)
        for kind in ("data", "demo"):
            for filename in manifest[kind]:
                convert_file(
                    self.env,
                    "crm_relationship",
                    filename,
                    {},
                    mode="init",
                    kind=kind,
                )
        self.env["crm.touchpoint"]._backfill_from_history()
        self.env.flush_all()
        self.assertEqual(self._counts(), before)
