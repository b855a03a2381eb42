# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The step runner: due steps in batches, each batch in one transaction
(committed by the cron), so that a crash and a rerun send at most one e-mail
and create at most one activity per participant and step."""

import logging
import threading
import time
import traceback
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, sql

from .automation_configuration import MANAGERS
from .automation_record import EXCLUSION_REASONS

_logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
# One cron call works this long, then lets the progress API call it again.
TIME_BUDGET = 240


class AutomationRecordStep(models.Model):
    _inherit = "automation.record.step"

    record_id = fields.Many2one(index=True)
    configuration_step_id = fields.Many2one(index=True)
    exclusion_reason = fields.Selection(
        EXCLUSION_REASONS,
        string="Excluded",
        readonly=True,
        help="The step was skipped because the participant must not be contacted.",
    )

    def init(self):
        # The runner reads the due steps; the unique index makes a second
        # activity for the same step impossible, whatever happens.
        sql.create_index(
            self.env.cr,
            "automation_record_step_due_index",
            self._table,
            ["scheduled_date", "id"],
            where="state = 'scheduled'",
        )
        sql.create_unique_index(
            self.env.cr,
            "mail_activity_automation_record_step_unique",
            "mail_activity",
            ["automation_record_step_id"],
        )

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_automation_steps(self, batch_size=BATCH_SIZE, time_budget=TIME_BUDGET):
        """Run the due steps, batch after batch, committing each batch."""
        if not (self.env.su or self.env.user.has_group(MANAGERS)):
            raise AccessError(
                self.env._("Only CRM relationship administrators can run campaigns.")
            )
        Step = self.sudo()
        # Commit per batch only in the cron's own transaction (never in a
        # test, an install or a button).
        auto_commit = bool(self.env.context.get("ir_cron_progress_id")) and not getattr(
            threading.current_thread(), "testing", False
        )
        started = time.monotonic()
        done = 0
        campaigns = set()
        while True:
            ids = Step._campaign_due_ids(batch_size)
            if not ids:
                break
            batch = Step.browse(ids)
            campaigns.update(batch.mapped("configuration_id").ids)
            batch._campaign_run_batch_safely()
            done += len(ids)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            if time.monotonic() - started > time_budget:
                break
        Step.search(
            [
                ("state", "=", "scheduled"),
                ("expiry_date", "!=", False),
                ("expiry_date", "<=", fields.Datetime.now()),
            ]
        )._expiry()
        self.env["automation.configuration"].sudo().browse(
            campaigns
        )._campaign_update_results()
        remaining = len(Step._campaign_due_ids(None))
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    def _campaign_due_ids(self, limit):
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM automation_record_step
                 WHERE state = 'scheduled' AND scheduled_date <= %s
                   AND NOT COALESCE(is_test, FALSE)
                 ORDER BY scheduled_date, id
                 %s
                """,
                fields.Datetime.now(),
                SQL("LIMIT %s FOR UPDATE SKIP LOCKED", limit) if limit else SQL(),
            )
        )
        return [row[0] for row in rows]

    def _campaign_run_batch_safely(self):
        """One batch in a savepoint; when a participant breaks it, each step
        of the batch again on its own, the broken ones marked as errors."""
        try:
            with self.env.cr.savepoint():
                return self._campaign_run_batch()
        except Exception as error:
            _logger.warning(
                "campaign batch failed (%s), running its steps one by one", error
            )
        self.env.invalidate_all()
        children = self.browse()
        for step in self:
            try:
                with self.env.cr.savepoint():
                    children |= step._campaign_run_batch()
            except Exception:
                self.env.invalidate_all()
                step.write(
                    {
                        "state": "error",
                        "error_trace": traceback.format_exc(),
                        "processed_on": fields.Datetime.now(),
                    }
                )
        return children

    # ------------------------------------------------------------------ automation_oca API
    def run(self, trigger_activity=True):
        self.ensure_one()
        if self.state != "scheduled":
            return self.browse()
        children = self._campaign_run_batch()
        if trigger_activity:
            children._trigger_activities()
        return children

    def _trigger_activities(self):
        now_steps = self.filtered(lambda s: s.do_not_wait and s.state == "scheduled")
        if now_steps:
            now_steps._campaign_run_batch()
        dates = [s.scheduled_date for s in self - now_steps if s.scheduled_date]
        if dates:
            self.env.ref("automation_oca.cron_step_execute").sudo()._trigger(
                at=min(dates)
            )

    def _set_activity_done(self):
        # The verification condition is parsed as a domain, never evaluated.
        campaign = self.configuration_step_id.configuration_id
        domain = campaign._campaign_parse(
            self.configuration_step_id.activity_verification_domain
        )
        record = self.record_id.resource_ref
        if domain and record and not record.filtered_domain(domain):
            raise ValidationError(
                self.env._(
                    "The record does not fulfill the expected domain:\n%(domain)s",
                    domain=self.configuration_step_id.activity_verification_domain_error
                    or "",
                )
            )
        self.write({"activity_done_on": fields.Datetime.now()})
        self.child_ids.filtered(
            lambda r: r.trigger_type == "activity_done"
            and not r.scheduled_date
            and r.state == "scheduled"
        )._activate()
        self.child_ids.filtered(
            lambda r: r.trigger_type == "activity_cancel"
            and not r.scheduled_date
            and r.state == "scheduled"
        )._reject()

    # ------------------------------------------------------------------ batch
    def _campaign_run_batch(self):
        """Run these due steps set-based; returns the children created."""
        self.env.flush_all()
        steps = self.filtered(lambda s: s.state == "scheduled")
        outcome = defaultdict(list)  # state -> step ids
        reasons = {}  # step id -> exclusion reason
        ran = self.browse()
        for config_step in steps.configuration_step_id:
            group = steps.filtered(lambda s, c=config_step: s.configuration_step_id == c)
            runnable = group._campaign_filter(config_step, outcome, reasons)
            if runnable:
                getattr(runnable, f"_campaign_run_{config_step.step_type}")(config_step)
                outcome["done"] += runnable.ids
                ran |= runnable
        orphans = steps.filtered(lambda s: not s.configuration_step_id)
        outcome["rejected"] += orphans.ids
        self._campaign_write_outcome(outcome, reasons)
        ran._campaign_log_touchpoints()
        children = ran._campaign_fill_children()
        self._campaign_refresh_record_states()
        return children

    def _campaign_filter(self, config_step, outcome, reasons):
        """The steps of ``config_step`` that may run now; the others are
        rejected (record gone, out of the target), cancelled (goal reached)
        or skipped with the reason (opt-outs)."""
        campaign = config_step.configuration_id
        Model = campaign._campaign_model().with_context(active_test=False)
        by_res = {step.record_id.res_id: step for step in self}
        res_ids = list(by_res)
        existing = set(Model.browse(res_ids).exists().ids)
        domain = expression.AND(
            [
                [("id", "in", list(existing))],
                campaign._campaign_parse(config_step.applied_domain),
                campaign._campaign_domain(),
            ]
        )
        matching = set(campaign._campaign_model()._search(domain)) if existing else set()
        converted = campaign._campaign_converted_res_ids(res_ids)
        partners = {step.record_id.res_id: step.record_id.partner_id.id for step in self}
        excluded = campaign._campaign_exclusions(
            [r for r in res_ids if r in matching], partners
        )
        runnable = self.browse()
        stopped = self.env["automation.record"]
        for res_id, step in by_res.items():
            if res_id in converted:
                outcome["cancel"].append(step.id)
                stopped |= step.record_id
            elif res_id not in matching or step.record_id.is_holdout:
                outcome["rejected"].append(step.id)
            elif not step._check_to_execute():
                outcome["rejected"].append(step.id)
            elif res_id in excluded:
                outcome["rejected"].append(step.id)
                reasons[step.id] = excluded[res_id]
                stopped |= step.record_id
            else:
                runnable |= step
        if stopped:
            # Reaching the goal, or opting out, stops the whole sequence.
            self.env.execute_query(
                SQL(
                    "UPDATE automation_record_step SET state = 'cancel', "
                    "processed_on = %s WHERE record_id = ANY(%s) AND "
                    "state = 'scheduled' AND id != ALL(%s)",
                    fields.Datetime.now(),
                    stopped.ids,
                    self.ids,
                )
            )
        return runnable

    def _campaign_write_outcome(self, outcome, reasons):
        """The new state of every step of the batch, in one statement."""
        ids = [step_id for step_ids in outcome.values() for step_id in step_ids]
        if ids:
            self.env.execute_query(
                SQL(
                    """
                    UPDATE automation_record_step s
                       SET state = u.state, processed_on = %s,
                           exclusion_reason = u.reason
                      FROM unnest(%s::int[], %s::varchar[], %s::varchar[])
                           AS u(id, state, reason)
                     WHERE s.id = u.id
                    """,
                    fields.Datetime.now(),
                    ids,
                    [state for state, step_ids in outcome.items() for _i in step_ids],
                    [reasons.get(step_id) for step_id in ids],
                )
            )
        self.invalidate_model()

    def _campaign_refresh_record_states(self):
        record_ids = list(set(self.mapped("record_id").ids))
        self.env.execute_query(
            SQL(
                """
                UPDATE automation_record r
                   SET state = CASE WHEN EXISTS (
                           SELECT 1 FROM automation_record_step s
                            WHERE s.record_id = r.id AND s.state = 'scheduled')
                       THEN 'run' ELSE 'done' END
                 WHERE r.id = ANY(%s)
                """,
                record_ids,
            )
        )
        self.env["automation.record"].invalidate_model(["state"])

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
                steps.record_id.filtered(lambda r, m=model: r.model == m).mapped("res_id")
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
            parents = self.filtered(lambda s, c=config_step: s.configuration_step_id == c)
            campaign = config_step.configuration_id
            records = {step.record_id.res_id: step.record_id.id for step in parents}
            parent_of = {step.record_id.res_id: step.id for step in parents}
            for child in config_step.child_ids:
                created |= self.browse(
                    campaign._campaign_insert_steps(child, records, now, parent_of)
                )
        return created
