# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.crm_relationship.tests.i18n_case import SpanishTermsMixin

from .common import DataQualityCase


@tagged("post_install", "-at_install", "crm_data_quality")
class TestSpanish(SpanishTermsMixin, DataQualityCase):
    MODULE = "crm_data_quality"

    def test_spanish_user_reads_the_refusal_in_spanish(self):
        self._load_spanish()
        self.salesperson.lang = "es_ES"
        Partner = self.Partner.with_context(lang=self.salesperson.lang)
        with self.assertRaises(ValidationError) as caught:
            Partner.create({"name": "Ana Mala", "email": "ana@@example.com"})
        # the field's label comes from Odoo's own Spanish (not loaded here)
        self.assertIn(
            " de Ana Mala: «ana@@example.com» no es una dirección de correo válida. "
            "Corríjala o deje el campo vacío.",
            str(caught.exception),
        )
