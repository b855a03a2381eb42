# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The daily contact proposals: when a customer's recommended contact date
has passed, their salesperson gets a call activity, once per contact cycle,
never for customers who object, at most N a day each (most value first)."""

from odoo import api, fields, models
from odoo.tools import SQL

PROPOSAL_BATCH = 500


class CrmNextActionProposal(models.AbstractModel):
    _name = "crm.next.action.proposal"
    _description = "Next Best Action Contact Proposals"

    @api.model
    def _propose_contacts(self, company, batch_size=PROPOSAL_BATCH):
        """Create the day's proposals of ``company``; returns how many.

        A proposal is an activity: the salesperson does it or cancels it; it
        is never re-proposed for the same next-contact date (the row keeps the
        date it was proposed for), so a killed and rerun job proposes nothing
        twice (each batch commits its activities with their marks)."""
        per_user = company.next_action_daily_proposals
        if per_user <= 0:
            return 0
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("mail.mail_activity_data_call")
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM (
                    SELECT row.id,
                           ROW_NUMBER() OVER (PARTITION BY partner.user_id
                                              ORDER BY row.value_at_stake DESC,
                                                       row.next_contact_date,
                                                       row.id) AS rank
                      FROM crm_next_action row
                      JOIN res_partner partner ON partner.id = row.partner_id
                      JOIN res_users salesperson ON salesperson.id = partner.user_id
                     WHERE row.company_id = %(company)s
                       AND row.next_contact_date < %(today)s
                       AND row.proposed_for_date IS DISTINCT FROM row.next_contact_date
                       AND salesperson.active
                       AND partner.active
                       AND %(allowed)s
                       AND NOT EXISTS (
                           SELECT 1 FROM mail_activity activity
                            WHERE activity.res_model = 'res.partner'
                              AND activity.res_id = row.partner_id
                              AND activity.activity_type_id = %(type)s)
                ) ranked
                 WHERE rank <= %(per_user)s
                 ORDER BY id
                """,
                company=company.id,
                today=today,
                allowed=self._proposal_allowed_sql("partner"),
                type=activity_type.id,
                per_user=per_user,
            )
        )
        ids = [row_id for (row_id,) in rows]
        for start in range(0, len(ids), batch_size):
            self.browse(ids[start : start + batch_size])._propose_batch(activity_type)
            self._commit()
        return len(ids)

    @api.model
    def _proposal_allowed_sql(self, alias):
        """The customers who may be proposed for a call: those who get a
        cadence (``_allowed_partner_sql``); the consent per purpose narrows
        it (crm_next_action_privacy)."""
        return self._allowed_partner_sql(alias)

    def _propose_batch(self, activity_type):
        """One activity per row, created together; the rows remember it."""
        model = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        vals_list = []
        for row in self:
            partner = row.partner_id
            vals_list.append(
                {
                    "res_model_id": model,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "user_id": partner.user_id.id,
                    "date_deadline": today,
                    "summary": row.with_context(
                        lang=partner.user_id.lang
                    )._proposal_summary(),
                }
            )
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(vals_list)
        self.env.execute_query(
            SQL(
                "UPDATE crm_next_action SET proposed_for_date = next_contact_date "
                "WHERE id = ANY(%s)",
                self.ids,
            )
        )
        self.invalidate_recordset(["proposed_for_date"])

    def _proposal_summary(self):
        """The activity's one line, in the salesperson's language."""
        _ = self.env._
        interval = self._interval_text("contact")
        if self.last_contact_date:
            return _(
                "Proposed contact: last contact %(when)s, %(interval)s",
                when=self._days_ago(self.last_contact_date),
                interval=interval,
            )
        return _("Proposed contact: %(interval)s", interval=interval)
