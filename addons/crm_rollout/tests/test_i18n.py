# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path

from odoo.addons.crm_relationship.tests.i18n_case import SpanishTermsMixin


@tagged("post_install", "-at_install", "crm_rollout")
class TestSpanish(SpanishTermsMixin, TransactionCase):
    MODULE = "crm_rollout"

    def test_spanish_user_sees_spanish_labels(self):
        self._load_spanish()
        Objective = self.env["crm.rollout.objective"].with_context(lang="es_ES")
        kpis = dict(Objective.fields_get(["kpi"])["kpi"]["selection"])
        self.assertEqual(kpis["churn_rate"], "Tasa de deserción de clientes")
        template = self.env.ref("crm_rollout.template_gradual").with_context(
            lang="es_ES"
        )
        self.assertEqual(template.phase_ids[0].name, "Planeación")
        self.assertEqual(
            template.name, "Implantación por etapas (piloto y después todos)"
        )

    def test_the_training_filter_label_matches_crm_rfm(self):
        """The "customers at risk" tour finds crm_rfm's filter by its label:
        both translations must say the same."""
        msgid = "At Risk or Cannot Lose"
        ours = polib.pofile(file_path("crm_rollout/i18n/es.po")).find(msgid)
        theirs = polib.pofile(file_path("crm_rfm/i18n/es.po")).find(msgid)
        self.assertTrue(ours and theirs)
        self.assertEqual(ours.msgstr, theirs.msgstr)
