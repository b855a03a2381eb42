# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import trans_export

MODULE = "crm_relationship"


@tagged("post_install", "-at_install", MODULE)
class TestSpanish(TransactionCase):
    def test_every_term_of_the_module_has_a_spanish_translation(self):
        buffer = io.BytesIO()
        trans_export(None, [MODULE], buffer, "po", self.env.cr)
        current = {entry.msgid for entry in polib.pofile(buffer.getvalue().decode())}
        spanish = polib.pofile(file_path(f"{MODULE}/i18n/es.po"))
        translated = {entry.msgid for entry in spanish if entry.msgstr.strip()}
        missing = sorted(current - translated)
        self.assertFalse(missing, f"terms without a Spanish translation: {missing}")

    def test_spanish_user_sees_spanish_labels(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            [MODULE], ["es_ES"], overwrite=True
        )
        Partner = self.env["res.partner"].with_context(lang="es_ES")
        description = Partner.fields_get(["customer_type"])["customer_type"]
        self.assertEqual(description["string"], "Tipo de cliente")
        self.assertIn(
            ("distributor", "Distribuidor / franquiciado"), description["selection"]
        )
        Touchpoint = self.env["crm.touchpoint"].with_context(lang="es_ES")
        self.assertEqual(Touchpoint._description, "Customer Touchpoint")
        self.assertEqual(
            self.env["ir.model"].with_context(lang="es_ES")._get("crm.touchpoint").name,
            "Punto de contacto con el cliente",
        )
