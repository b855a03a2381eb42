# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models

SOURCES = [
    ("form", "Recorded by a user"),
    ("phone", "Phone call"),
    ("email", "E-mail"),
    ("paper", "Paper form"),
    ("web", "Web form"),
    ("link", "Consent e-mail link"),
    ("import", "Import"),
    ("migration", "Before consents were recorded"),
]
# Set while a consent and the partner's profiling objection follow each other.
SYNC_KEY = "crm_privacy_sync"


class PrivacyConsent(models.Model):
    """A customer's decision for one purpose: OCA's consent, with when, how and
    who recorded it (all tracked in its chatter, as the acceptance is)."""

    _name = "privacy.consent"
    # The migration of the profiling objections is a job of its own.
    _inherit = ["privacy.consent", "crm.privacy.consent.migration"]

    crm_purpose = fields.Selection(
        related="activity_id.crm_purpose", store=True, string="CRM Purpose"
    )
    crm_source = fields.Selection(
        SOURCES,
        string="Source",
        tracking=True,
        help="How the customer gave or refused their consent.",
    )
    crm_decision_date = fields.Datetime(
        string="Decision Date",
        tracking=True,
        help="When the customer gave or refused their consent.",
    )
    crm_recorded_by_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        tracking=True,
        ondelete="set null",
        help="Who recorded the decision; empty when the customer answered "
        "themselves, through the link of the consent e-mail.",
    )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state") == "answered":
                self._crm_decision_values(vals)
        consents = super().create(vals_list)
        consents._crm_sync_profiling_objection()
        return consents

    def write(self, vals):
        if "accepted" in vals:
            # changing the acceptance records a decision of the customer
            vals = self._crm_decision_values(dict(vals, state="answered"))
        result = super().write(vals)
        if "accepted" in vals or "partner_id" in vals:
            self._crm_sync_profiling_objection()
        return result

    def _crm_decision_values(self, vals):
        """When, how and by whom a decision was recorded, unless given: now,
        by the current user in the form (or the source the context names), or
        by the customer through the consent e-mail's link."""
        answering = self.env.context.get("subject_answering")
        source = self.env.context.get("crm_consent_source", "form")
        vals.setdefault("crm_decision_date", fields.Datetime.now())
        vals.setdefault("crm_source", "link" if answering else source)
        vals.setdefault("crm_recorded_by_id", False if answering else self.env.uid)
        return vals

    def _run_action(self):
        # The activity's action (for marketing e-mails: the address put on or
        # taken off the blacklist) follows a change the user was allowed to
        # make; it runs as superuser, as it does when the customer answers.
        return super(PrivacyConsent, self.sudo())._run_action()

    def _crm_sync_profiling_objection(self):
        """A refused profiling consent is the partner's objection to
        profiling (the flag scoring and campaigns read), and back."""
        if self.env.context.get(SYNC_KEY):
            return
        profiling = self.filtered(lambda c: c.crm_purpose == "profiling")
        for objection in (True, False):
            partners = profiling.filtered(
                lambda c, o=objection: (
                    c.accepted != o and c.partner_id.profiling_objection != o
                )
            ).partner_id
            # as superuser: the user could record the consent, and the flag
            # only follows it (who changed it is still the user)
            partners.sudo().with_context(**{SYNC_KEY: True}).write(
                {"profiling_objection": objection}
            )

    # ------------------------------------------------------------------ merge
    @api.model
    def _crm_merge_partners(self, src_partners, dst_partner):
        """Before Odoo points the merged contacts' consents at the survivor
        (one consent per contact and activity): the consents of one activity
        become one. A refusal on any of them stands (merging duplicates never
        turns a refusal into a consent), with its date, source and who;
        otherwise the latest decision. The other consents' history moves into
        the kept one's chatter, and a note says what was merged."""
        Consent = self.sudo().with_context(active_test=False, **{SYNC_KEY: True})
        consents = Consent.search(
            [("partner_id", "in", (src_partners | dst_partner).ids)], order="id"
        )
        groups = [
            consents.filtered(lambda c, a=activity: c.activity_id == a)
            for activity in consents.activity_id
        ]
        for group in groups:
            if len(group) < 2:
                continue
            kept = group.filtered(lambda c: c.partner_id == dst_partner)[:1]
            kept = kept or group[:1]
            others = group - kept
            refused = group.filtered(lambda c: not c.accepted)
            deciding = (refused or group).sorted(
                lambda c: (c.crm_decision_date or c.write_date, c.id)
            )[-1]
            note = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Consents of merged contacts, their history below:"),
                Markup().join(
                    Markup("<li>%s</li>") % consent._crm_decision_text()
                    for consent in others
                ),
            )
            self.env["mail.message"].sudo().search(
                [("model", "=", self._name), ("res_id", "in", others.ids)]
            ).write({"res_id": kept.id})
            if deciding != kept:
                kept.write(
                    {
                        "accepted": deciding.accepted,
                        "active": True,
                        "last_metadata": deciding.last_metadata,
                        "crm_source": deciding.crm_source,
                        "crm_decision_date": deciding.crm_decision_date,
                        "crm_recorded_by_id": deciding.crm_recorded_by_id.id,
                    }
                )
            kept._message_log(body=note)
            others.unlink()

    def _crm_decision_text(self):
        self.ensure_one()
        return self.env._(
            "%(partner)s: %(decision)s on %(date)s (%(origin)s)",
            partner=self.partner_id.display_name,
            decision=self.env._("accepted") if self.accepted else self.env._("refused"),
            date=fields.Datetime.to_string(self.crm_decision_date or self.write_date),
            origin=dict(
                self._fields["crm_source"]._description_selection(self.env)
            ).get(self.crm_source)
            or "-",
        )
