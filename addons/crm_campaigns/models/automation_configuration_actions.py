# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class CrmCampaignActions(models.AbstractModel):
    """The buttons of a campaign that open its results and export them
    (automation.configuration inherits this)."""

    _name = "crm.campaign.actions"
    _description = "Campaign Result Actions"

    # ------------------------------------------------------------------ actions
    def _campaign_report_action(self, xmlid, name, context=None):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["display_name"] = name
        action["domain"] = [("configuration_id", "=", self.id)]
        action["context"] = dict(context or {}, create=False)
        return action

    def action_view_results(self):
        """Participants of the campaign: treated vs control, conversions and
        revenue (pivot, graph, list)."""
        return self._campaign_report_action(
            "crm_campaigns.crm_campaign_report_action",
            self.env._("Results of %(campaign)s", campaign=self.name),
            {"search_default_group_group": 1},
        )

    def action_view_step_results(self):
        return self._campaign_report_action(
            "crm_campaigns.crm_campaign_step_report_action",
            self.env._("Results per step of %(campaign)s", campaign=self.name),
            {"search_default_group_step": 1},
        )

    def action_view_excluded(self):
        """Everyone the campaign left alone, with the reason: excluded at
        enrolment, or whose steps stopped at an opt-out."""
        action = self._campaign_report_action(
            "crm_campaigns.crm_campaign_report_action",
            self.env._("Excluded from %(campaign)s", campaign=self.name),
        )
        action["domain"] = [
            ("configuration_id", "=", self.id),
            ("exclusion_reason", "!=", False),
        ]
        action["view_mode"] = "list"
        action["views"] = [
            (self.env.ref("crm_campaigns.crm_campaign_report_view_list").id, "list")
        ]
        return action

    def action_export_figures(self):
        """The run's figures as a spreadsheet (crm_insight's text-safe
        exporter)."""
        self.ensure_one()
        self.check_access("read")
        export = self.env["crm.campaign.export"].create({"configuration_id": self.id})
        return export.action_download()
