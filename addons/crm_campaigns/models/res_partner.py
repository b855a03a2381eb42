# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import urlencode

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression

from odoo.addons.crm_relationship.domains import DomainError, parse_domain

# A contact with this many bounced e-mails counts as bounced.
BOUNCE_LIMIT = 1


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_campaign_opt_out = fields.Boolean(
        string="Opted Out of Campaigns",
        tracking=True,
        copy=False,
        help="The contact asked not to receive campaign e-mails or marketing "
        "calls (by the unsubscribe link of an e-mail, or told us).",
    )
    crm_campaign_participation_ids = fields.One2many(
        "automation.record", "partner_id", string="Campaigns"
    )
    crm_campaign_count = fields.Integer(
        string="Campaign Count", compute="_compute_crm_campaign_count"
    )
    crosssell_rule_ids = fields.Many2many(
        "crm.crosssell.rule",
        string="Likely to Buy",
        compute="_compute_crosssell_rule_ids",
        help="Products that customers who bought what this customer bought also "
        "bought (switched-on cross-sell rules), strongest lift first.",
    )

    # ------------------------------------------------------------------ opt-outs
    @api.model
    def _crm_campaign_exclusion_domains(self):
        """(reason, domain on res.partner) of the contacts no campaign may
        e-mail nor give a marketing activity, first reason first.

        The hook for consent: a model that records consent per purpose adds
        ``("no_consent", [...contacts without marketing consent...])``.
        """
        return [
            ("blacklist", [("is_blacklisted", "=", True)]),
            ("opt_out", [("crm_campaign_opt_out", "=", True)]),
            ("bounced", [("message_bounce", ">=", BOUNCE_LIMIT)]),
            (
                "profiling",
                [
                    "|",
                    ("profiling_objection", "=", True),
                    ("commercial_partner_id.profiling_objection", "=", True),
                ],
            ),
        ]

    @api.model
    def _crm_campaign_reachable_domain(self):
        """Contacts that none of the exclusion reasons applies to."""
        return expression.AND(
            [
                ["!", *expression.normalize_domain(domain)]
                for _reason, domain in self._crm_campaign_exclusion_domains()
            ]
        )

    def _crm_campaign_unsubscribe_token(self):
        self.ensure_one()
        return tools.hmac(
            self.env(su=True),
            "crm_campaigns-unsubscribe",
            (self.id, self.email_normalized or ""),
        )

    def _crm_campaign_unsubscribe_url(self):
        """Link that opts this contact out, without login, signed for its id
        and e-mail address (it cannot be turned into another's)."""
        self.ensure_one()
        query = urlencode(
            {"partner": self.id, "token": self._crm_campaign_unsubscribe_token()}
        )
        return f"{self.get_base_url()}/crm_campaigns/unsubscribe?{query}"

    def _crm_campaign_opt_out(self):
        """Opt the contact out (and every contact with the same address)."""
        self.ensure_one()
        contacts = self
        if self.email_normalized:
            contacts |= self.search([("email_normalized", "=", self.email_normalized)])
        contacts.write({"crm_campaign_opt_out": True})
        return contacts

    # ------------------------------------------------------------------ campaigns
    def _compute_crm_campaign_count(self):
        counts = {
            partner.id: count
            for partner, count in self.env["automation.record"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        }
        for partner in self:
            partner.crm_campaign_count = counts.get(partner.id, 0)

    def action_view_crm_campaigns(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Campaigns of %(name)s", name=self.display_name),
            "res_model": "automation.record",
            "view_mode": "list,form",
            "views": [
                (self.env.ref("crm_campaigns.automation_record_view_list").id, "list"),
                (False, "form"),
            ],
            "domain": [("partner_id", "=", self.id)],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------ mailings
    def action_crm_campaign_mailing(self):
        """Contact list action: a mass mailing aimed at the selection."""
        self.check_access("read")
        return self._crm_campaign_mailing_action([("id", "in", self.ids)])

    @api.model
    def action_crm_campaign_mailing_for_domain(self, domain):
        """Dashboard entry point: a mass mailing (Odoo's Email Marketing)
        aimed at the contacts of ``domain`` (a list, or its text), the
        opted-out left out. Returns the action opening the draft mailing."""
        try:
            domain = parse_domain(domain)
        except DomainError:
            raise UserError(
                self.env._("The list of customers to e-mail is not a valid filter.")
            ) from None
        return self._crm_campaign_mailing_action(domain)

    @api.model
    def _crm_campaign_mailing_action(self, domain):
        self.check_access("read")
        domain = expression.AND([domain, self._crm_campaign_reachable_domain()])
        count = self.search_count(domain)
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": self.env._("News for you"),
                "mailing_type": "mail",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr(domain),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mailing to %(count)s customers", count=count),
            "res_model": "mailing.mailing",
            "res_id": mailing.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------------ cross-sell
    @api.depends_context("company")
    def _compute_crosssell_rule_ids(self):
        Rule = self.env["crm.crosssell.rule"]
        for partner in self:
            commercial = partner.commercial_partner_id._origin
            partner.crosssell_rule_ids = (
                Rule._suggestions_for_customer(commercial) if commercial else Rule
            )
