# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.crm_relationship.tests.i18n_case import SpanishTermsMixin

from .common import NextActionCase


@tagged("post_install", "-at_install", "crm_next_action")
class TestSpanish(SpanishTermsMixin, NextActionCase):
    MODULE = "crm_next_action"

    def test_spanish_salesperson_reads_the_reason_in_spanish(self):
        self._load_spanish()
        self.salesperson.lang = "es_ES"
        customer = self._customer("Cliente en riesgo")
        self._history(customer, [94, 124, 154, 184])
        self._score(customer, churn_probability=0.62, rfm_m_score=5)
        rule = self.env.ref("crm_next_action.rule_high_value_at_risk")
        rule.active = True
        self._recompute()
        self.assertEqual(
            customer.with_user(self.salesperson)
            .with_context(lang=self.salesperson.lang)
            .next_action_reason,
            "En riesgo, alto valor: llamar con una oferta de retención — último "
            "pedido hace 94 días, normalmente cada 30 días",
        )
        description = (
            self.env["crm.lead"]
            .with_context(lang="es_ES")
            .fields_get(["customer_churn_risk"])["customer_churn_risk"]
        )
        self.assertEqual(description["string"], "Riesgo de abandono")
        self.assertIn(("high", "Alto"), description["selection"])
