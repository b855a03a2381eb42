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
        queue): steps that already queued theirs get no second one."""
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
            composer._action_send_mail(auto_commit=False)
        self.env.execute_query(
            SQL(
                "UPDATE automation_record_step SET mail_status = 'sent' "
                "WHERE id = ANY(%s)",
                self.ids,
            )
        )

    def _campaign_run_action(self, config_step):
        for step in self:
            step._run_action()

    # ------------------------------------------------------------------ after a step
    def _campaign_log_touchpoints(self):
        """A touchpoint on the customer for every step run, once (keyed by
        the step), through crm_relationship's event API."""
        if not self:
            return
        Touchpoint = self.env["crm.touchpoint"]
        steps = self.filtered(lambda s: s.step_type in ("mail", "activity"))
        # One recordset per model, so that reading a record prefetches all.
        targets = {}
        for model in set(steps.record_id.mapped("model")):
            records = self.env[model].browse(
                steps.record_id.filtered(lambda r, m=model: r.model == m).mapped(
                    "res_id"
                )
            )
            targets.update({(model, record.id): record for record in records})
        vals_list = []
        for step in steps:
            config_step = step.configuration_step_id
            campaign = config_step.configuration_id
            record = targets[(step.record_id.model, step.record_id.res_id)]
            if step.step_type == "mail":
                channel, kind = "email", "marketing"
            else:
                category = config_step.activity_type_id.category
                channel = "phone" if category == "phonecall" else "other"
                kind = "follow_up"
            summary = self.env._(
                "Campaign “%(campaign)s”: %(step)s",
                campaign=campaign.name,
                step=config_step.name,
            )
            vals_list.append(
                Touchpoint._event_values(
                    record,
                    f"campaign-step-{step.id}",
                    channel=channel,
                    kind=kind,
                    direction="outbound",
                    summary=summary,
                    date=fields.Datetime.now(),
                )
            )
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
