# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import trans_export

from odoo.addons.crm_relationship.tests.i18n_case import SpanishTermsMixin

# Terms that Spanish writes as English does: po-pretty-format (OCA) wants
# their msgstr empty, which Odoo shows as the term itself.
SAME_IN_SPANISH = {
    "ID",
    "SLA",
    "Ticket",
    "Ticket %(number)s: %(title)s",
    '<span class="o_stat_text">Ticket</span>',
}


@tagged("post_install", "-at_install", "crm_relationship_helpdesk")
class TestSpanish(SpanishTermsMixin, TransactionCase):
    MODULE = "crm_relationship_helpdesk"

    def test_every_term_of_the_module_has_a_spanish_translation(self):
        buffer = io.BytesIO()
        trans_export(None, [self.MODULE], buffer, "po", self.env.cr)
        current = {entry.msgid for entry in polib.pofile(buffer.getvalue().decode())}
        spanish = {
            entry.msgid: entry.msgstr
            for entry in polib.pofile(file_path(f"{self.MODULE}/i18n/es.po"))
        }
        missing = sorted(
            term
            for term in current - SAME_IN_SPANISH
            if not spanish.get(term, "").strip()
        )
        self.assertFalse(missing, f"terms without a Spanish translation: {missing}")
        self.assertFalse(SAME_IN_SPANISH - set(spanish), "listed in es.po")

    def test_spanish_user_sees_spanish_labels(self):
        self._load_spanish()
        Report = self.env["crm.complaint.report"].with_context(lang="es_ES")
        self.assertEqual(
            self.env["ir.model"].with_context(lang="es_ES")._get(Report._name).name,
            "KPI de quejas",
        )
        description = Report.fields_get(["resolution_hours", "customer_type"])
        self.assertEqual(
            description["resolution_hours"]["string"],
            "Mediana del tiempo de resolución (horas)",
        )
        # the customer types come translated from crm_relationship
        self.env["ir.module.module"]._load_module_terms(
            ["crm_relationship"], ["es_ES"], overwrite=True
        )
        self.assertIn(
            ("distributor", "Distribuidor / franquiciado"),
            Report.fields_get(["customer_type"])["customer_type"]["selection"],
        )
        tag = self.env.ref("crm_relationship_helpdesk.helpdesk_ticket_tag_complaint")
        self.assertEqual(tag.with_context(lang="es_ES").name, "Queja")
