# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CampaignCase


class WorkerKilled(BaseException):
    """What a killed worker looks like from inside: not an error the runner
    may handle, the transaction of the batch is simply lost."""


@tagged("post_install", "-at_install", "crm_campaigns")
class TestIdempotency(CampaignCase):
    """A crash in the middle of a batch and a rerun: at most one e-mail and
    one activity per participant and step (QUALITY 12, 13)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls._customers(25, "Batch")
        cls.campaign = cls._campaign(
            [cls._mail_step(name="Offer"), cls._call_step(name="Call", follows=True)]
        )

    def _assert_once_each(self):
        for customer in self.customers:
            self.assertEqual(
                len(self._mails(self.campaign, customer)), 1, customer.name
            )
            self.assertEqual(
                len(self._activities(self.campaign, customer)), 1, customer.name
            )
        self.assertEqual(len(self._touchpoints(self.campaign)), 50)

    def test_crash_in_the_middle_of_a_batch_then_rerun(self):
        self.campaign.start_automation()
        Step = type(self.env["automation.record.step"])
        original = Step._campaign_log_touchpoints
        calls = []

        def crash_on_third_batch(steps):
            calls.append(len(steps))
            original(steps)  # the e-mails or calls of the batch exist now...
            if len(calls) == 3:
                raise WorkerKilled()  # ...and the worker dies before the end

        killed = False
        with patch.object(Step, "_campaign_log_touchpoints", crash_on_third_batch):
            try:
                self.env["automation.record.step"]._cron_automation_steps(batch_size=10)
            except WorkerKilled:
                killed = True
        self.assertTrue(killed)
        self.env.invalidate_all()
        # Batches 1 and 2 are kept (committed), batch 3 is lost as a whole.
        self.assertEqual(len(self._mails(self.campaign)), 20)
        lost = self.env["automation.record.step"].search(
            [("configuration_id", "=", self.campaign.id), ("state", "=", "scheduled")]
        )
        self.assertTrue(lost)
        # The rerun finishes the work and repeats none of it.
        self.env["automation.record.step"]._cron_automation_steps(batch_size=10)
        self._assert_once_each()
        self.env["automation.record.step"]._cron_automation_steps(batch_size=10)
        self._assert_once_each()

    def test_one_broken_participant_does_not_block_the_others(self):
        self.campaign.start_automation()
        broken = self.customers[4]
        Step = type(self.env["automation.record.step"])
        original = Step._campaign_run_mail

        def fail_for_one(steps, config_step):
            if broken.id in steps.record_id.mapped("res_id"):
                raise ValueError("mail server refused the address")
            return original(steps, config_step)

        with (
            patch.object(Step, "_campaign_run_mail", fail_for_one),
            mute_logger("odoo.addons.crm_campaigns.models.automation_record_step"),
        ):
            self.env["automation.record.step"]._cron_automation_steps(batch_size=10)
        broken_step = self.env["automation.record.step"].search(
            [
                ("configuration_id", "=", self.campaign.id),
                ("record_id.res_id", "=", broken.id),
            ]
        )
        self.assertEqual(broken_step.state, "error")
        self.assertIn("mail server refused", broken_step.error_trace)
        self.assertEqual(len(self._mails(self.campaign)), 24)
        # Retried once the problem is gone: the others are not sent twice.
        broken_step.retry()
        self.env["automation.record.step"]._cron_automation_steps(batch_size=10)
        self._assert_once_each()

    def test_a_second_activity_for_the_same_step_is_impossible(self):
        self.campaign.start_automation()
        self._run_steps()
        step = self.env["automation.record.step"].search(
            [
                ("configuration_id", "=", self.campaign.id),
                ("step_type", "=", "activity"),
            ],
            limit=1,
        )
        # Even forced to run again, the step adds no activity.
        step._campaign_run_activity(step.configuration_step_id)
        self.assertEqual(
            len(
                self._activities(
                    self.campaign, self.env["res.partner"].browse(step.record_id.res_id)
                )
            ),
            1,
        )
