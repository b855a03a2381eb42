# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a step does for a batch of participants: the activity, the e-mail
or the server action, the touchpoint on the customer, the next steps."""

from odoo import fields, models
from odoo.tools import SQL


class CrmCampaignStepKinds(models.AbstractModel):
    """What each kind of step does (automation.record.step inherits this)."""

    _name = "crm.campaign.step.kinds"
    _description = "Campaign Step Kinds"

    # ------------------------------------------------------------------ step kinds
    def _campaign_run_activity(self, config_step):
        """One activity per participant and step, inserted set-based: the
        unique index on the step makes a second one impossible (a rerun after
        a crash inserts nothing for the steps that already have theirs)."""
        campaign = config_step.configuration_id
        Model = campaign._campaign_model().with_context(active_test=False)
        records = Model.browse(self.record_id.mapped("res_id"))
        deadline = fields.Date.context_today(self)
        if config_step.activity_date_deadline_range > 0:
            deadline = fields.Date.add(
                deadline,
                **{
                    config_step.activity_date_deadline_range_type: (
                        config_step.activity_date_deadline_range
                    )
                },
            )
        default_user = self.env.user
        if config_step.activity_user_type == "specific":
            default_user = config_step.activity_user_id or default_user
        users = {}
        if config_step.activity_user_type == "generic":
            name = config_step.activity_user_field_id.name
            users = {record.id: record[name].id for record in records}
        if "complete_name" in Model._fields and Model._fields["complete_name"].store:
            names = {record.id: record.complete_name for record in records}
        else:
            names = {record.id: record.display_name for record in records}
        res_ids = [step.record_id.res_id for step in self]
        user_ids = [users.get(res_id) or default_user.id for res_id in res_ids]
        now = fields.Datetime.now()
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                """
                INSERT INTO mail_activity
                    (res_model_id, res_model, res_id, res_name, activity_type_id,
                     summary, note, date_deadline, user_id, automated, active,
                     automation_record_step_id, create_uid, create_date,
                     write_uid, write_date)
                SELECT %(model_id)s, %(model)s, u.res_id, u.res_name, %(type)s,
                       %(summary)s, %(note)s, %(deadline)s, u.user_id, TRUE, TRUE,
                       u.step_id, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(res_ids)s::int[], %(names)s::varchar[],
                              %(users)s::int[], %(steps)s::int[])
                       AS u(res_id, res_name, user_id, step_id)
                ON CONFLICT (automation_record_step_id) DO NOTHING
                """,
                model_id=self.env["ir.model"]._get_id(Model._name),
                model=Model._name,
                type=config_step.activity_type_id.id,
                summary=config_step.activity_summary or None,
                note=config_step.activity_note or None,
                deadline=deadline,
                uid=self.env.uid,
                now=now,
                res_ids=res_ids,
                names=[names.get(res_id) for res_id in res_ids],
                users=user_ids,
                steps=self.ids,
            )
        )
        self.env["mail.activity"].invalidate_model()
        for user in self.env["res.users"].browse(set(user_ids)):
            user._bus_send("mail.activity/updated", {"activity_created": True})

    def _campaign_run_mail(self, config_step):
        """Queue the e-mails of the batch (mail.mail, sent later by the mail
        queue): steps that already queued theirs get no second one. Returns
        {step id: Message-Id of the e-mail queued now, or None}: the steps'
        outcome records it (and the status "sent") in the same statement."""
        sent = dict.fromkeys(self.ids)
        todo = self.filtered(lambda s: not s.message_id and not s.is_test)
        if todo:
            res_ids = todo.record_id.mapped("res_id")
            campaign = config_step.configuration_id
            values = {
                "record_name": False,
                "model": campaign.model_id.model,
                "composition_mode": "mass_mail",
                "template_id": config_step.mail_template_id.id,
                "force_send": False,
            }
            if config_step.mail_author_id:
                values["author_id"] = config_step.mail_author_id.id
                values["email_from"] = config_step.mail_author_id.email_formatted
            steps_of = {step.record_id.res_id: step.id for step in todo}
            composer = (
                self.env["mail.compose.message"]
                .with_company(campaign.company_id or self.env.company)
                .with_context(active_ids=res_ids, crm_campaign_steps=steps_of)
                .create(values)
            )
            mails, _messages = composer._action_send_mail(auto_commit=False)
            for mail in mails:
                if mail.res_id in steps_of:
                    sent[steps_of[mail.res_id]] = mail.message_id
        return sent

    def _campaign_run_action(self, config_step):
        for step in self:
            step._run_action()

    # ------------------------------------------------------------------ after a step
    def _campaign_log_touchpoints(self):
        """A touchpoint on the customer for every step run, once (keyed by
        the step), through crm_relationship's event API (set-based)."""
        steps = self.filtered(lambda s: s.step_type in ("mail", "activity"))
        if not steps:
            return
        Touchpoint = self.env["crm.touchpoint"]
        now = fields.Datetime.now()
        vals_list = []
        for config_step in steps.configuration_step_id:
            group = steps.filtered(
                lambda s, c=config_step: s.configuration_step_id == c
            )
            # What the step says, once for its participants.
            if config_step.step_type == "mail":
                channel, kind = "email", "marketing"
            else:
                category = config_step.activity_type_id.category
                channel = "phone" if category == "phonecall" else "other"
                kind = "follow_up"
            summary = self.env._(
                "Campaign “%(campaign)s”: %(step)s",
                campaign=config_step.configuration_id.name,
                step=config_step.name,
            )
            # One recordset per model, so that reading a record prefetches all.
            records = self.env[config_step.configuration_id.model_id.model].browse(
                group.record_id.mapped("res_id")
            )
            by_id = {record.id: record for record in records}
            vals_list += [
                Touchpoint._event_values(
                    by_id[step.record_id.res_id],
                    f"campaign-step-{step.id}",
                    channel=channel,
                    kind=kind,
                    direction="outbound",
                    summary=summary,
                    date=now,
                )
                for step in group
            ]
        Touchpoint._log_events(vals_list)

    def _campaign_fill_children(self):
        """The next steps of the steps just run (set-based)."""
        created = self.browse()
        now = fields.Datetime.now()
        for config_step in self.configuration_step_id:
            if not config_step.child_ids:
                continue
            parents = self.filtered(
                lambda s, c=config_step: s.configuration_step_id == c
            )
            campaign = config_step.configuration_id
            records = {step.record_id.res_id: step.record_id.id for step in parents}
            parent_of = {step.record_id.res_id: step.id for step in parents}
            for child in config_step.child_ids:
                created |= self.browse(
                    campaign._campaign_insert_steps(child, records, now, parent_of)
                )
        return created
