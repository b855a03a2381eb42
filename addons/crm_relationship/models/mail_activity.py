# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import fields, models

# Activity category -> touchpoint channel.
ACTIVITY_CHANNELS = {"phonecall": "phone", "meeting": "meeting"}


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        # Before super(): done activities are deleted (or archived) there.
        self._crm_log_done_contacts(feedback)
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    def _crm_log_done_contacts(self, feedback):
        Touchpoint = self.env["crm.touchpoint"]
        vals_list = []
        for activity in self:
            channel = ACTIVITY_CHANNELS.get(activity.activity_type_id.category)
            if not channel or activity.res_model not in self.env:
                continue
            record = self.env[activity.res_model].browse(activity.res_id).sudo()
            if not hasattr(record, "_crm_touchpoint_partner") or not record.exists():
                continue
            description = activity.note or ""
            if feedback:
                description = Markup("%s<p>%s</p>") % (description, feedback)
            vals = Touchpoint._event_values(
                record,
                f"activity-{activity.id}",
                channel=channel,
                direction="outbound",
                kind="follow_up",
                date=fields.Datetime.now(),
                summary=(activity.summary or "").strip()
                or activity.activity_type_id.name,
                description=description,
            )
            if activity.user_id:
                vals["user_id"] = activity.user_id.id
            vals_list.append(vals)
        Touchpoint._log_events(vals_list)
