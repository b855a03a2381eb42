# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Enrolment of a campaign's target: set-based (a handful of statements for
any number of participants) instead of one ORM create per record."""

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import SQL

from ..uplift import draw_holdout

# automation_oca's trigger types that wait for an event (no date until then).
# Unlike automation_oca, "mail not replied" counts from the sending, not from
# the opening: most mail clients block the tracking image, and "2 days
# without an answer" must not depend on it.
WAITING_TRIGGERS = (
    "mail_open",
    "mail_bounce",
    "mail_click",
    "mail_not_clicked",
    "mail_reply",
    "activity_done",
    "activity_cancel",
)
INSERT_CHUNK = 50_000


class CrmCampaignEnrolment(models.AbstractModel):
    """Who a campaign enrols, set-based (automation.configuration inherits
    this)."""

    _name = "crm.campaign.enrolment"
    _description = "Campaign Enrolment"

    # ------------------------------------------------------------------ enrolment
    def _campaign_new_ids(self):
        """Ids of the target's records not enrolled yet (one query)."""
        self.ensure_one()
        Model = self._campaign_model()
        query = Model._search(self._campaign_domain())
        rows = self.env.execute_query(
            SQL(
                """
                SELECT t.id FROM (%s) t
                 WHERE NOT EXISTS (
                       SELECT 1 FROM automation_record r
                        WHERE r.configuration_id = %s AND r.model = %s
                          AND r.res_id = t.id AND NOT COALESCE(r.is_test, FALSE))
                 ORDER BY t.id
                """,
                query.subselect(),
                self.id,
                Model._name,
            )
        )
        ids = [row[0] for row in rows]
        if self.field_id and ids:
            ids = self._campaign_unique_by_field(ids)
        return ids

    def _campaign_unique_by_field(self, ids):
        """automation_oca's "unicity based on" field: one record per value,
        and none whose value is already enrolled."""
        Model = self._campaign_model().with_context(active_test=False)
        name = self.field_id.name
        enrolled = self.env.execute_query(
            SQL(
                "SELECT res_id FROM automation_record WHERE configuration_id = %s "
                "AND NOT COALESCE(is_test, FALSE)",
                self.id,
            )
        )
        taken = {
            record[name]
            for record in Model.browse([row[0] for row in enrolled]).read([name])
        }
        chosen = {}
        for record in Model.browse(ids).read([name]):
            value = record[name]
            if isinstance(value, tuple):
                value = value[0]
            if value in taken or (isinstance(value, tuple) and value[0] in taken):
                continue
            chosen.setdefault(value, record["id"])
        return sorted(chosen.values())

    def _campaign_partners(self, res_ids):
        """{record id: customer (partner) id} of records of the campaign's model."""
        if self.model_id.model == "res.partner":
            return {res_id: res_id for res_id in res_ids}
        if not res_ids:
            return {}
        Model = self._campaign_model()
        rows = self.env.execute_query(
            SQL(
                "SELECT id, partner_id FROM %s WHERE id = ANY(%s)",
                SQL.identifier(Model._table),
                list(res_ids),
            )
        )
        return {res_id: partner_id for res_id, partner_id in rows}

    def _campaign_exclusions(self, res_ids, partners=None):
        """{record id: reason} of the records that must not be contacted:
        blacklisted address, opted out, bounced, objecting to profiling, or
        any reason a consent model adds (res.partner's
        ``_crm_campaign_exclusion_domains``). The first reason found wins."""
        self.ensure_one()
        if not res_ids:
            return {}
        partners = (
            partners if partners is not None else self._campaign_partners(res_ids)
        )
        Model = self._campaign_model().with_context(active_test=False)
        reasons = {}
        if "is_blacklisted" in Model._fields and Model._name != "res.partner":
            for record_id in Model._search(
                [("id", "in", list(res_ids)), ("is_blacklisted", "=", True)]
            ):
                reasons.setdefault(record_id, "blacklist")
        by_partner = {}
        for res_id, partner_id in partners.items():
            if partner_id:
                by_partner.setdefault(partner_id, []).append(res_id)
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        for reason, domain in Partner._crm_campaign_exclusion_domains():
            pending = [p for p in by_partner if by_partner[p][0] not in reasons]
            if not pending:
                break
            for partner_id in Partner._search([("id", "in", pending)] + domain):
                for res_id in by_partner[partner_id]:
                    reasons.setdefault(res_id, reason)
        return reasons

    def _campaign_enrol(self):
        """Enrol the target's new records: participants, the control group
        drawn at random (recorded seed), the excluded with their reason, and
        the first steps of the treated. Returns the number enrolled."""
        self.ensure_one()
        self.env.flush_all()
        res_ids = self._campaign_new_ids()
        if not res_ids:
            return 0
        partners = self._campaign_partners(res_ids)
        excluded = self._campaign_exclusions(res_ids, partners)
        eligible = [res_id for res_id in res_ids if res_id not in excluded]
        controls = draw_holdout(eligible, self.holdout_percent, self.holdout_seed)
        steps = self.automation_direct_step_ids
        company = self.company_id or self.env.company
        now = fields.Datetime.now()
        for start in range(0, len(res_ids), INSERT_CHUNK):
            chunk = res_ids[start : start + INSERT_CHUNK]
            treated = {
                res_id
                for res_id in chunk
                if res_id not in excluded and res_id not in controls
            }
            rows = self.env.execute_query(
                SQL(
                    """
                    INSERT INTO automation_record
                        (configuration_id, model, res_id, partner_id, company_id,
                         is_holdout, exclusion_reason, state, is_test,
                         is_orphan_record, create_uid, create_date, write_uid,
                         write_date)
                    SELECT %(campaign)s, %(model)s, u.res_id, u.partner_id,
                           %(company)s, u.holdout, u.reason,
                           CASE WHEN u.treated THEN 'run' ELSE 'done' END,
                           FALSE, FALSE, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM unnest(%(res_ids)s::int[], %(partners)s::int[],
                                  %(holdouts)s::bool[], %(reasons)s::varchar[],
                                  %(treated)s::bool[])
                           AS u(res_id, partner_id, holdout, reason, treated)
                    RETURNING id, res_id
                    """,
                    campaign=self.id,
                    model=self.model_id.model,
                    company=company.id,
                    uid=self.env.uid,
                    now=now,
                    res_ids=chunk,
                    partners=[partners.get(res_id) for res_id in chunk],
                    holdouts=[res_id in controls for res_id in chunk],
                    reasons=[excluded.get(res_id) for res_id in chunk],
                    treated=[bool(steps) and res_id in treated for res_id in chunk],
                )
            )
            record_of = {res_id: record_id for record_id, res_id in rows}
            for step in steps:
                self._campaign_insert_steps(
                    step, {res_id: record_of[res_id] for res_id in sorted(treated)}, now
                )
        self.env["automation.record"].invalidate_model()
        self.env["automation.record.step"].invalidate_model()
        self._campaign_trigger_cron(now)
        return len(res_ids)

    def _campaign_insert_steps(self, step, records, now, parents=None):
        """Record steps of ``step`` for ``records`` ({res_id: record id}),
        scheduled by automation_oca's rules; ``parents`` ({res_id: parent
        record step id}) for the steps that follow another. Returns their ids."""
        if not records:
            return []
        res_ids = list(records)
        dates = self._campaign_step_dates(step, res_ids, now)
        expiry = step._get_expiry_date()
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO automation_record_step
                    (record_id, parent_id, configuration_step_id, configuration_id,
                     name, step_type, trigger_type, scheduled_date, do_not_wait,
                     expiry_date, state, parent_position, is_test, create_uid,
                     create_date, write_uid, write_date)
                SELECT u.record_id, u.parent_id, %(step)s, %(campaign)s, %(name)s,
                       %(type)s, %(trigger)s, u.scheduled, u.scheduled <= %(now)s,
                       %(expiry)s, 'scheduled', %(position)s, FALSE, %(uid)s,
                       %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(records)s::int[], %(parents)s::int[],
                              %(dates)s::timestamp[])
                       AS u(record_id, parent_id, scheduled)
                RETURNING id
                """,
                step=step.id,
                campaign=self.id,
                name=step.name,
                type=step.step_type,
                trigger=step.trigger_type,
                now=now,
                expiry=expiry or None,
                position=step.parent_position,
                uid=self.env.uid,
                records=[records[res_id] for res_id in res_ids],
                parents=[(parents or {}).get(res_id) for res_id in res_ids],
                dates=dates,
            )
        )
        return [row[0] for row in rows]

    def _campaign_step_dates(self, step, res_ids, now):
        """Scheduled date of ``step`` for each record, as automation_oca's
        ``_get_record_activity_scheduled_date`` decides it, read in bulk."""
        if step.trigger_type in WAITING_TRIGGERS:
            return [None] * len(res_ids)
        delta = relativedelta(**{step.trigger_interval_type: step.trigger_interval})
        if step.trigger_date_kind != "date" or not step.trigger_date_field_id:
            return [now + delta] * len(res_ids)
        Model = self._campaign_model().with_context(active_test=False)
        name = step.trigger_date_field_id.name
        values = {
            record["id"]: record[name]
            for record in Model.browse(res_ids).read([name], load=False)
        }
        return [
            fields.Datetime.to_datetime(values[res_id]) + delta
            if values.get(res_id)
            else now + delta
            for res_id in res_ids
        ]

    def _campaign_trigger_cron(self, now):
        """Wake the step runner when the first new step is due."""
        first = self.env.execute_query(
            SQL(
                "SELECT min(scheduled_date) FROM automation_record_step "
                "WHERE configuration_id = %s AND state = 'scheduled'",
                self.id,
            )
        )[0][0]
        if first:
            self.env.ref("automation_oca.cron_step_execute").sudo()._trigger(
                at=max(first, now)
            )
