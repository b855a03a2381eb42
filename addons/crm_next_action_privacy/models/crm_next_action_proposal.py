# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import SQL

# The purpose of a proposed contact: a salesperson's call to sell again.
PROPOSAL_PURPOSE = "marketing_call"


class CrmNextActionProposal(models.AbstractModel):
    _inherit = "crm.next.action.proposal"

    @api.model
    def _proposal_allowed_sql(self, alias):
        """No proposed call to a customer who refused marketing calls (they
        or their company), nor, when the purpose needs an explicit consent,
        to one who never accepted them. Their cadence is still computed: the
        next best action on their form stays visible to the salesperson."""
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        refused = Partner._search(Partner._crm_no_consent_domain(PROPOSAL_PURPOSE))
        return SQL(
            "(%s AND %s NOT IN %s)",
            super()._proposal_allowed_sql(alias),
            SQL.identifier(alias, "id"),
            refused.subselect(),
        )
