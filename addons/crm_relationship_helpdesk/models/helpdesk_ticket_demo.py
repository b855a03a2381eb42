# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models

DEMO_MODULE = "crm_relationship_helpdesk"
DEMO_CHANNELS = {
    "email": "helpdesk_mgmt.helpdesk_ticket_channel_email",
    "phone": "helpdesk_mgmt.helpdesk_ticket_channel_phone",
    "web": "helpdesk_mgmt.helpdesk_ticket_channel_web",
}


class HelpdeskTicketDemo(models.AbstractModel):
    """The demo tickets (helpdesk.ticket inherits this)."""

    _name = "crm.helpdesk.ticket.demo"
    _description = "Helpdesk Ticket Demo Data"

    @api.model
    def _crm_demo_populate(self, rows):
        """Demo data: tickets of the CRM demo customers, some of them
        complaints, some closed and rated, dated back from today, each created
        once (an external ID per ticket: loading the demo again adds nothing).

        ``rows``: (customer xmlid, category, tagged complaint, channel, days
        ago, hours to resolve or None if still open, rating or None, title).
        The opening date is only settable while the module is being installed
        (as superuser, registry not ready), which is when demo data loads.
        """
        IrModelData = self.env["ir.model.data"]
        Ticket = self.env["helpdesk.ticket"].with_context(
            tracking_disable=True, mail_notrack=True
        )
        team = self.env.ref(f"{DEMO_MODULE}.demo_team_customer_care")
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        in_progress = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        tag = self.env.ref(f"{DEMO_MODULE}.helpdesk_ticket_tag_complaint")
        agents = self.env.ref("base.user_admin") | self.env.ref("base.user_demo")
        now = fields.Datetime.now().replace(microsecond=0)
        for index, row in enumerate(rows, start=1):
            xmlid = f"demo_ticket_{index:02d}"
            if IrModelData._xmlid_to_res_id(f"{DEMO_MODULE}.{xmlid}"):
                continue
            partner_ref, category, tagged, channel, days, hours, rating, title = row
            partner = self.env.ref(partner_ref)
            opened = now - timedelta(days=days, hours=3 + index % 7)
            ticket = Ticket.create(
                {
                    "name": title,
                    "description": Markup("<p>%s</p>") % title,
                    "partner_id": partner.id,
                    "partner_name": partner.name,
                    "partner_email": partner.email,
                    "team_id": team.id,
                    "user_id": agents[index % len(agents)].id,
                    "category_id": self.env.ref(
                        f"{DEMO_MODULE}.demo_category_{category}"
                    ).id,
                    "tag_ids": [fields.Command.set(tag.ids if tagged else [])],
                    "channel_id": self.env.ref(DEMO_CHANNELS[channel]).id,
                    "create_date": opened,
                }
            )
            IrModelData._update_xmlids(
                [
                    {
                        "xml_id": f"{DEMO_MODULE}.{xmlid}",
                        "record": ticket,
                        "noupdate": True,
                    }
                ]
            )
            if hours is None:
                if days > 1:
                    ticket.stage_id = in_progress
                    ticket.last_stage_update = opened + timedelta(hours=2)
                continue
            ticket.stage_id = done
            closed = opened + timedelta(hours=hours)
            ticket.write({"closed_date": closed, "last_stage_update": closed})
            # the SLA as it stood when the ticket was closed
            for line in ticket.ticket_sla_ids:
                met = line.deadline and ticket.closed_date <= line.deadline
                line.state = "accomplished" if met else "expired"
            if rating:
                token = ticket._rating_get_access_token()
                ticket.rating_apply(rating, token=token)
        return True
