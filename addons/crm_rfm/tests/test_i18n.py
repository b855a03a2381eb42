# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import trans_export

from odoo.addons.crm_relationship.tests.i18n_case import SpanishTermsMixin

# Terms Spanish writes as English does. OCA's po-pretty-format leaves their
# msgstr empty (a msgstr equal to its msgid is cleared) and Odoo then shows the
# term itself, which is right: "ID" is Odoo's label of every model's id.
SAME_IN_SPANISH = {"ID"}


@tagged("post_install", "-at_install", "crm_rfm")
class TestSpanish(SpanishTermsMixin, TransactionCase):
    MODULE = "crm_rfm"

    def test_every_term_of_the_module_has_a_spanish_translation(self):
        buffer = io.BytesIO()
        trans_export(None, [self.MODULE], buffer, "po", self.env.cr)
        current = {entry.msgid for entry in polib.pofile(buffer.getvalue().decode())}
        spanish = polib.pofile(file_path(f"{self.MODULE}/i18n/es.po"))
        translated = {entry.msgid for entry in spanish if entry.msgstr.strip()}
        missing = sorted(current - translated - SAME_IN_SPANISH - {""})
        self.assertFalse(missing, f"terms without a Spanish translation: {missing}")

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
