# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_relationship.tests.i18n_case import SpanishTermsMixin

# Terms that Spanish writes as English does: po-pretty-format (OCA) wants
# their msgstr empty, which Odoo shows as the term itself.
SAME_IN_SPANISH = frozenset(
    {
        "ID",
        "SLA",
        "Ticket",
        "Ticket %(number)s: %(title)s",
        '<span class="o_stat_text">Ticket</span>',
    }
)


@tagged("post_install", "-at_install", "crm_relationship_helpdesk")
class TestSpanish(SpanishTermsMixin, TransactionCase):
    MODULE = "crm_relationship_helpdesk"
    SAME_IN_SPANISH = SAME_IN_SPANISH

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
