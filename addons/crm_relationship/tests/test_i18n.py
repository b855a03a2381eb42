# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

from .i18n_case import SpanishTermsMixin


@tagged("post_install", "-at_install", "crm_relationship")
class TestSpanish(SpanishTermsMixin, TransactionCase):
    MODULE = "crm_relationship"

    def test_spanish_user_sees_spanish_labels(self):
        self._load_spanish()
        Partner = self.env["res.partner"].with_context(lang="es_ES")
        description = Partner.fields_get(["customer_type"])["customer_type"]
        self.assertEqual(description["string"], "Tipo de cliente")
        self.assertIn(
            ("distributor", "Distribuidor / franquiciado"), description["selection"]
        )
        self.assertEqual(
            self.env["ir.model"].with_context(lang="es_ES")._get("crm.touchpoint").name,
            "Punto de contacto con el cliente",
        )
