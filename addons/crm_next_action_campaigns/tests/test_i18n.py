# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_relationship.tests.i18n_case import SpanishTermsMixin

from .common import CampaignsCase


@tagged("post_install", "-at_install", "crm_next_action_campaigns")
class TestSpanish(SpanishTermsMixin, CampaignsCase):
    MODULE = "crm_next_action_campaigns"

    def test_spanish_salesperson_reads_why_nothing_was_enrolled(self):
        self._load_spanish()
        self.env["ir.module.module"]._load_module_terms(
            ["crm_campaigns"], ["es_ES"], overwrite=True
        )
        self.salesperson.lang = "es_ES"
        campaign = self._campaign("Recuperar")
        customer = self._customer("Cliente Perdido SL", crm_campaign_opt_out=True)
        self._history(customer, [200, 260, 320])
        self._rule(
            "Recuperarlos",
            [("id", "=", customer.id)],
            action_type="campaign",
            campaign_id=campaign.id,
        )
        self._recompute()
        with self.assertRaises(UserError) as caught:
            customer.with_user(self.salesperson).with_context(
                lang="es_ES"
            ).action_do_next_action()
        self.assertIn(
            "Cliente Perdido SL no se puede inscribir en «Recuperar»",
            str(caught.exception),
        )
        labels = dict(
            self.Rule.with_context(lang="es_ES")
            ._fields["action_type"]
            ._description_selection(self.env(context={"lang": "es_ES"}))
        )
        self.assertEqual(labels["campaign"], "Inscribir en una campaña")
