# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_relationship.tests.i18n_case import SpanishTermsMixin


@tagged("post_install", "-at_install", "crm_relationship_privacy")
class TestSpanish(SpanishTermsMixin, TransactionCase):
    MODULE = "crm_relationship_privacy"

    def test_spanish_user_sees_spanish_purposes(self):
        self._load_spanish()
        Consent = self.env["privacy.consent"].with_context(lang="es_ES")
        description = Consent.fields_get(["crm_source"])["crm_source"]
        self.assertEqual(description["string"], "Origen")
        self.assertIn(("phone", "Llamada telefónica"), description["selection"])
