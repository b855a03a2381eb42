# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.crm_next_action.tests.common import NextActionCase


class CampaignsCase(NextActionCase):
    """NextActionCase with a running campaign on contacts."""

    @classmethod
    def _campaign(cls, name="Win back", model="res.partner", start=True):
        campaign = cls.env["automation.configuration"].create(
            {
                "name": name,
                "model_id": cls.env["ir.model"]._get_id(model),
                "editable_domain": "[('id', '=', 0)]",
                "company_id": cls.company.id,
            }
        )
        if start:
            campaign.start_automation()
        return campaign

    def _enrolments(self, campaign, partner):
        return self.env["automation.record"].search(
            [("configuration_id", "=", campaign.id), ("res_id", "=", partner.id)]
        )
