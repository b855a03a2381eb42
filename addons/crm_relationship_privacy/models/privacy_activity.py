# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

PURPOSES = [
    ("marketing_email", "Marketing e-mails"),
    ("marketing_call", "Marketing calls"),
    ("profiling", "Profiling"),
]


class PrivacyActivity(models.Model):
    """A data processing activity of OCA's privacy addons; the CRM's purposes
    are three of them."""

    _inherit = "privacy.activity"

    crm_purpose = fields.Selection(
        PURPOSES,
        string="CRM Purpose",
        copy=False,
        help="What the CRM does with the consents of this activity. Marketing "
        "e-mails: campaigns send no e-mail to who refused. Marketing calls: "
        "campaigns schedule no call for who refused. Profiling: who refused "
        "(objected) is left out of scoring, segments and campaigns.",
    )

    _sql_constraints = [
        (
            "crm_purpose_unique",
            "UNIQUE(crm_purpose)",
            "Each CRM purpose is one data processing activity.",
        ),
    ]

    @api.constrains("crm_purpose", "default_consent")
    def _check_profiling_is_an_objection(self):
        for activity in self:
            if activity.crm_purpose == "profiling" and not activity.default_consent:
                raise ValidationError(
                    self.env._(
                        "Profiling for marketing rests on the customers' right to "
                        "object (GDPR, article 21): its activity must count every "
                        "customer as accepting until they object (tick “Accepted "
                        "by default”)."
                    )
                )

    @api.model
    def _crm_purpose_activity(self, purpose):
        """The activity of a CRM purpose (empty when it was deleted), as
        superuser: whoever records a decision may not configure activities."""
        return (
            self.sudo()
            .with_context(active_test=False)
            .search([("crm_purpose", "=", purpose)], limit=1)
        )
