# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools import split_every

# Documents described per batch by the install-time backfill.
HISTORY_BATCH = 1000


class CrmTouchpoint(models.Model):
    _inherit = "crm.touchpoint"

    @api.model
    def _backfill_from_history(self, batch_size=HISTORY_BATCH):
        """Log the events that happened before the module was installed:
        confirmed orders, leads with a customer (created), won and lost
        opportunities.

        Each event is described by the same function as the live logging
        (same channel, summary, date, ...) and has the same event key, so
        running this again, or after the live logging, adds nothing. Batches
        keep the memory bounded on a large history.
        """
        customer = ("partner_id", "!=", False)
        history = (
            ("sale.order", [("state", "=", "sale")], "_crm_touchpoint_values_confirm"),
            ("crm.lead", [customer], "_crm_touchpoint_values_create"),
            (
                "crm.lead",
                [customer, ("active", "=", True), ("stage_id.is_won", "=", True)],
                "_crm_touchpoint_values_outcome",
            ),
            (
                "crm.lead",
                [customer, ("active", "=", False), ("probability", "=", 0)],
                "_crm_touchpoint_values_outcome",
            ),
        )
        for model, domain, describe in history:
            Documents = self.env[model].with_context(active_test=False)
            ids = Documents.search(domain, order="id").ids
            for batch in split_every(batch_size, ids):
                documents = Documents.browse(batch)
                self._log_events(getattr(documents, describe)())
                self.env.flush_all()
                self.env.invalidate_all()
