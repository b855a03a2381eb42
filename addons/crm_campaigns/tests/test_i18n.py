# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_relationship.tests.i18n_case import SpanishTermsMixin


@tagged("post_install", "-at_install", "crm_campaigns")
class TestSpanish(SpanishTermsMixin, TransactionCase):
    MODULE = "crm_campaigns"
    SAME_IN_SPANISH = frozenset({"Control", "Error", "ID", "Total"})

    def test_spanish_user_sees_spanish_labels_and_demo(self):
        self._load_spanish()
        Campaign = self.env["automation.configuration"].with_context(lang="es_ES")
        description = Campaign.fields_get(["holdout_percent"])["holdout_percent"]
        self.assertEqual(description["string"], "Grupo de control (%)")
        demo = self.env.ref("crm_campaigns.campaign_forms_not_returned").with_context(
            lang="es_ES"
        )
        self.assertEqual(demo.name, "Formularios no devueltos")
        template = self.env.ref("crm_campaigns.mail_template_forms_help").with_context(
            lang="es_ES"
        )
        self.assertEqual(template.subject, "¿Necesita ayuda con los formularios?")
        self.assertIn("Hace unos días", template.body_html)
        stage = self.env.ref("crm_campaigns.stage_forms_received").with_context(
            lang="es_ES"
        )
        self.assertEqual(stage.name, "Formularios recibidos")
