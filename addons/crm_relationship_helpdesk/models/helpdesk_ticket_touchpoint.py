# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The touchpoint of a ticket: what it says (one description used by live
logging, by the install-time backfill and by every later update), logging it
once, keeping it in step with the ticket."""

from collections import defaultdict

from odoo import SUPERUSER_ID, api, models

# Tickets logged per step of the install-time backfill.
BACKFILL_BATCH = 1000


class HelpdeskTicketTouchpoint(models.AbstractModel):
    """What a ticket logs in its customer's timeline (helpdesk.ticket
    inherits this)."""

    _name = "crm.helpdesk.ticket.touchpoint"
    _description = "Helpdesk Ticket Touchpoint"

    # ------------------------------------------------------------------ description
    def _crm_has_customer(self):
        """A ticket of a customer the ticket's company may work with (a
        customer restricted to another company gets no touchpoint here)."""
        self.ensure_one()
        partner = self.partner_id
        return bool(partner) and all(
            not person.company_id or person.company_id == self.company_id
            for person in partner | partner.commercial_partner_id
        )

    def _crm_ratings(self):
        """{ticket id: satisfaction "1".."5"} from the latest rating the
        customer gave each ticket (one query for the batch)."""
        if not self:
            return {}
        ratings = (
            self.env["rating.rating"]
            .sudo()
            .search_fetch(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("consumed", "=", True),
                    ("rating", ">", 0),
                ],
                ["res_id", "rating"],
                order="write_date, id",
            )
        )
        # Odoo's ratings go from 1 to 5 (the e-mail offers 1, 3 and 5).
        return {
            rating.res_id: str(min(5, max(1, round(rating.rating))))
            for rating in ratings
        }

    def _crm_touchpoint_state(self, ratings, customer=None):
        """The values of the touchpoint that follow the ticket's life: kind,
        channel, resolution, satisfaction and the customer (``customer``: the
        event values of the ticket, when already at hand)."""
        self.ensure_one()
        if customer is None:
            customer = self.env["crm.touchpoint"]._event_values(self, "create")
        user = self.user_id
        state = {
            "partner_id": customer["partner_id"],
            "contact_id": customer.get("contact_id", False),
            "company_id": customer["company_id"],
            "user_id": user.id if self._crm_is_agent(user) else False,
            "kind": "complaint" if self.is_complaint else "support",
            "resolved": self.stage_id.closed,
        }
        # A ticket without a channel keeps the touchpoint's (for instance the
        # visit a complaint ticket was opened from).
        if self.channel_id:
            state["channel"] = self.channel_id.touchpoint_channel or "other"
        if self.id in ratings:
            state["satisfaction"] = ratings[self.id]
        return state

    def _crm_is_agent(self, user):
        """A person who may work for the ticket's company (not OdooBot)."""
        return (
            bool(user)
            and user.id != SUPERUSER_ID
            and self.company_id in user.company_ids
        )

    def _crm_touchpoint_summary(self):
        return self.env._(
            "Ticket %(number)s: %(title)s", number=self.number, title=self.name
        )

    def _crm_touchpoint_values(self, ratings):
        """Everything the ticket's touchpoint says when it is logged."""
        values = self.env["crm.touchpoint"]._event_values(
            self,
            "create",
            channel="other",
            direction="inbound",
            date=self.create_date,
            summary=self._crm_touchpoint_summary(),
            description=self.description,
            # a ticket comes from no sales team
            team_id=False,
            helpdesk_ticket_id=self.id,
        )
        values.update(self._crm_touchpoint_state(ratings, customer=values))
        return values

    # ------------------------------------------------------------------ logging
    def _crm_touchpoints(self):
        return (
            self.env["crm.touchpoint"]
            .sudo()
            .with_context(active_test=False)
            .search([("helpdesk_ticket_id", "in", self.ids)])
        )

    def _crm_log_touchpoints(self):
        """Log one touchpoint per ticket of a customer, once. A ticket opened
        from a complaint touchpoint (context ``crm_complaint_touchpoint_id``)
        takes that touchpoint as its own instead."""
        tickets = self.sudo().filtered(lambda ticket: ticket._crm_has_customer())
        tickets -= tickets._crm_touchpoints().helpdesk_ticket_id
        if not tickets:
            return
        complaint_id = self.env.context.get("crm_complaint_touchpoint_id")
        if complaint_id and len(tickets) == 1:
            complaint = self.env["crm.touchpoint"].sudo().browse(complaint_id).exists()
            if complaint and not complaint.helpdesk_ticket_id:
                link = {"helpdesk_ticket_id": tickets.id}
                if not complaint.res_model:
                    link.update(res_model=tickets._name, res_id=tickets.id)
                complaint.write(link)
                tickets._crm_sync_touchpoints()
                return
        ratings = tickets._crm_ratings()
        self.env["crm.touchpoint"]._log_events(
            [ticket._crm_touchpoint_values(ratings) for ticket in tickets]
        )

    def _crm_sync_touchpoints(self, renamed=False):
        """Bring the tickets' touchpoints in line with the tickets (logging
        those of tickets that just got a customer), one write per set of
        identical changes. A touchpoint whose texts were erased keeps them
        erased: only a new title of the ticket replaces the summary."""
        tickets = self.sudo().with_context(active_test=False)
        touchpoints = tickets._crm_touchpoints()
        (tickets - touchpoints.helpdesk_ticket_id)._crm_log_touchpoints()
        ratings = touchpoints.helpdesk_ticket_id._crm_ratings()
        changes = defaultdict(list)
        for touchpoint in touchpoints:
            ticket = touchpoint.helpdesk_ticket_id
            wanted = ticket._crm_touchpoint_state(ratings)
            if not ticket._crm_has_customer():
                # no customer any more: the touchpoint stays where it is
                for name in ("partner_id", "contact_id", "company_id", "user_id"):
                    wanted.pop(name)
            if renamed and touchpoint.event_ref == f"{ticket._name},{ticket.id},create":
                wanted["summary"] = ticket._crm_touchpoint_summary()
            current = touchpoint._convert_to_write(
                {name: touchpoint[name] for name in wanted}
            )
            diff = {
                name: value
                for name, value in wanted.items()
                if (current[name] or False) != (value or False)
            }
            if diff:
                changes[tuple(sorted(diff.items()))].append(touchpoint.id)
        for diff, ids in changes.items():
            touchpoints.browse(ids).write(dict(diff))

    @api.model
    def _crm_sync_touchpoints_where(self, domain):
        """Resynchronise the touchpoints of the tickets matching ``domain``
        (after a category, tag, channel or stage changed meaning)."""
        tickets = self.sudo().with_context(active_test=False).search(domain)
        tickets._crm_sync_touchpoints()

    @api.model
    def _crm_backfill_touchpoints(self, batch_size=BACKFILL_BATCH):
        """Log the touchpoints of the tickets that have none (on installation),
        in batches with a constant number of queries each, with the same
        description as live logging. Returns the number of tickets looked at;
        running it again adds nothing."""
        Ticket = self.sudo().with_context(active_test=False)
        linked = (
            self.env["crm.touchpoint"]
            .sudo()
            ._search([("helpdesk_ticket_id", "!=", False)])
        )
        ids = Ticket._search(
            [
                ("partner_id", "!=", False),
                ("id", "not in", linked.subselect("helpdesk_ticket_id")),
            ],
            order="id",
        ).get_result_ids()
        for start in range(0, len(ids), batch_size):
            Ticket.browse(ids[start : start + batch_size])._crm_log_touchpoints()
            self.env.flush_all()
            self.env.invalidate_all()
        return len(ids)
