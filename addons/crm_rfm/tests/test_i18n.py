# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_relationship.tests.i18n_case import SpanishTermsMixin

from ..models.insight_messages import TEXTS, translate

try:
    from crm_insight.messages import TEMPLATES
except ImportError:  # pragma: no cover
    TEMPLATES = {}


@tagged("post_install", "-at_install", "crm_rfm")
class TestSpanish(SpanishTermsMixin, TransactionCase):
    MODULE = "crm_rfm"

    # Defined here, not only inherited: Odoo's runner runs a class's own test
    # methods only (pytest-odoo would collect an inherited one).
    def test_every_term_of_the_module_has_a_spanish_translation(self):
        return super().test_every_term_of_the_module_has_a_spanish_translation()

    def test_insight_messages_are_crm_insight_templates(self):
        """crm_rfm's copy of crm_insight's message table (the Odoo terms) is
        the same, code by code, and a run's message reads in Spanish."""
        self.assertEqual(
            {code: text._source for code, text in TEXTS.items() if code in TEMPLATES},
            TEMPLATES,
        )
        self._load_spanish()
        spanish = translate(
            self.env(context={"lang": "es_ES"}),
            "churn_not_fitted",
            {"reason_code": "fit_no_repeat", "reason_params": {}},
        )
        self.assertIn("recompra", spanish)
        self.assertNotIn("churn", spanish)
        chosen = translate(
            self.env(context={"lang": "es_ES"}),
            "churn_chosen_holdout",
            {"model": "MBG/NBD", "error": 1.854, "days": 231},
        )
        self.assertIn("RMSE de 1,854 compras", chosen, "a Spanish decimal comma")
        # a parameter left out by crm_insight reads "?", not the raw template
        partial = translate(self.env, "fit_too_few_customers", {"needed": 2})
        self.assertEqual(partial, "? customer(s): at least 2 are needed")

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
