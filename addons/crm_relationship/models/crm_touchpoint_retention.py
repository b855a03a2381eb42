# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression

# Batch size of the retention purge: one cron call deletes at most this many.
PURGE_BATCH = 5000


class CrmTouchpointRetention(models.AbstractModel):
    _name = "crm.touchpoint.retention.purge"
    _description = "Touchpoint Retention Purge"

    @api.model
    def _cron_purge_expired(self, batch_size=PURGE_BATCH):
        """Delete touchpoints older than their company's retention period.

        One batch per call; the progress API reschedules the cron at once while
        rows remain, so a killed run simply continues where it stopped.
        """
        if not (
            self.env.is_superuser()
            or self.env.user.has_group(
                "crm_relationship.group_crm_relationship_manager"
            )
        ):
            raise AccessError(
                self.env._(
                    "Only CRM relationship administrators can purge touchpoints."
                )
            )
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("touchpoint_retention_days", ">", 0)])
        )
        if not companies:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return
        now = fields.Datetime.now()
        domain = self._purge_domain(companies, now)
        Touchpoint = self.env["crm.touchpoint"].sudo().with_context(active_test=False)
        batch = Touchpoint.search(domain, limit=batch_size, order="id")
        done = len(batch)
        batch.unlink()
        remaining = Touchpoint.search_count(domain) if done == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _purge_domain(self, companies, now):
        domains = [
            [
                ("company_id", "=", company.id),
                ("date", "<", now - timedelta(days=company.touchpoint_retention_days)),
            ]
            for company in companies
        ]
        return expression.OR(domains)
