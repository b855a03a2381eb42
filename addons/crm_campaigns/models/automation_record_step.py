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
    _name = "automation.record.step"
    _inherit = ["automation.record.step", "crm.campaign.step.kinds"]

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
        except Exception as error:  # noqa: BLE001 - any failure: retry one by one
            _logger.warning(
                "campaign batch failed (%s), running its steps one by one", error
            )
        self.env.invalidate_all()
        children = self.browse()
        for step in self:
            try:
                with self.env.cr.savepoint():
                    children |= step._campaign_run_batch()
            except Exception:  # noqa: BLE001 - recorded on the step, as automation_oca
                self.env.invalidate_all()
                step.write(
                    {
                        "state": "error",
                        "error_trace": traceback.format_exc(),
                        "processed_on": fields.Datetime.now(),
                    }
                )
        return children

    # ------------------------------------------------------------------ engine API
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
            lambda r: (
                r.trigger_type == "activity_done"
                and not r.scheduled_date
                and r.state == "scheduled"
            )
        )._activate()
        self.child_ids.filtered(
            lambda r: (
                r.trigger_type == "activity_cancel"
                and not r.scheduled_date
                and r.state == "scheduled"
            )
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
            group = steps.filtered(
                lambda s, c=config_step: s.configuration_step_id == c
            )
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
        matching = (
            set(campaign._campaign_model()._search(domain)) if existing else set()
        )
        converted = campaign._campaign_converted_res_ids(res_ids)
        partners = {
            step.record_id.res_id: step.record_id.partner_id.id for step in self
        }
        excluded = campaign._campaign_exclusions(
            [r for r in res_ids if r in matching], partners
        )
        runnable = self.browse()
        stopped = self.env["automation.record"]
        for res_id, step in by_res.items():
            if res_id in converted:
                outcome["cancel"].append(step.id)
                stopped |= step.record_id
            elif (
                res_id not in matching
                or step.record_id.is_holdout
                or not step._check_to_execute()
            ):
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
