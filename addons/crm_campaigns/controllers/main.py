# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request
from odoo.tools import consteq


class CrmCampaignsController(http.Controller):
    @http.route(
        "/crm_campaigns/unsubscribe",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=False,
        csrf=False,
    )
    def unsubscribe(self, partner=None, token=None, **kwargs):
        """Opt a contact out of campaigns, without login. The token signs the
        contact's id and e-mail address: it cannot opt out anybody else."""
        try:
            partner_id = int(partner or 0)
        except ValueError:
            partner_id = 0
        contact = request.env["res.partner"].sudo().browse(partner_id).exists()
        valid = bool(
            contact
            and token
            and consteq(str(token), contact._crm_campaign_unsubscribe_token())
        )
        # A link scanner opening the e-mail only GETs: the page asks to
        # confirm, the opt-out happens on the POST of its button.
        done = valid and request.httprequest.method == "POST"
        if done:
            contact._crm_campaign_opt_out()
        return request.render(
            "crm_campaigns.unsubscribe_page",
            {
                "valid": valid,
                "done": done,
                "partner": partner_id,
                "token": token if valid else "",
                "email": contact.email if valid else "",
            },
            status=200 if valid else 403,
        )
