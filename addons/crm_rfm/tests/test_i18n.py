# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_relationship.tests.i18n_case import SpanishTermsMixin


@tagged("post_install", "-at_install", "crm_rfm")
class TestSpanish(SpanishTermsMixin, TransactionCase):
    MODULE = "crm_rfm"

    def test_spanish_user_sees_spanish_labels(self):
        self._load_spanish()
        Partner = self.env["res.partner"].with_context(lang="es_ES")
        description = Partner.fields_get(["rfm_segment"])["rfm_segment"]
        self.assertEqual(description["string"], "Segmento")
        self.assertIn(("cannot_lose", "No podemos perderlo"), description["selection"])
        Run = self.env["crm.rfm.run"].with_context(lang="es_ES")
        labels = Run.fields_get(["high_value_at_risk_ids", "state"])
        self.assertEqual(
            labels["high_value_at_risk_ids"]["string"], "Alto valor en riesgo"
        )
        self.assertIn(("queued", "En cola"), labels["state"]["selection"])
