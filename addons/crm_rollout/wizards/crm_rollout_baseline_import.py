# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii
import datetime
import json
import math

from odoo import fields, models
from odoo.exceptions import UserError

# crm-insight analyze prints a summary of a few kilobytes.
MAX_BYTES = 1024 * 1024
# Summary key -> objective KPI (the summary gives ratios, objectives percent).
IMPORTED_KPIS = {"churn_rate": "churn_rate", "retention_rate": "retention_rate"}


class CrmRolloutBaselineImport(models.TransientModel):
    """Baselines from the old system: the JSON summary that
    ``crm-insight analyze`` prints for a sales export (churn and retention of
    its last 12 months)."""

    _name = "crm.rollout.baseline.import"
    _description = "Import Baselines from a crm-insight Analysis"

    plan_id = fields.Many2one("crm.rollout.plan", required=True, ondelete="cascade")
    file = fields.Binary(string="Analysis (JSON)", required=True)
    filename = fields.Char()

    def _summary(self):
        """The parsed summary; a clear error for anything else."""
        try:
            raw = base64.b64decode(self.file or b"", validate=True)
        except (binascii.Error, ValueError):
            raw = None
        if not raw:
            raise UserError(self.env._("The file is empty."))
        if len(raw) > MAX_BYTES:
            raise UserError(
                self.env._(
                    "The file is %(size)s MB: an analysis summary is a few "
                    "kilobytes. Choose the JSON that crm-insight analyze printed.",
                    size=round(len(raw) / 1024 / 1024, 1),
                )
            )
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except json.JSONDecodeError as error:
            raise UserError(
                self.env._(
                    "The file is not JSON (line %(line)s, column %(column)s). "
                    "Choose the JSON that crm-insight analyze printed.",
                    line=error.lineno,
                    column=error.colno,
                )
            ) from None
        except (UnicodeDecodeError, ValueError):
            raise UserError(
                self.env._(
                    "The file is not JSON text. Choose the JSON that "
                    "crm-insight analyze printed."
                )
            ) from None
        if not isinstance(data, dict) or not set(IMPORTED_KPIS) & set(data):
            raise UserError(
                self.env._(
                    "This JSON is not a crm-insight analysis: it has neither "
                    "churn_rate nor retention_rate."
                )
            )
        return data

    def _as_of(self, data):
        try:
            return datetime.date.fromisoformat(str(data.get("as_of")))
        except ValueError:
            raise UserError(
                self.env._(
                    "The analysis has no valid date (as_of: %(value)s).",
                    value=str(data.get("as_of"))[:40],
                )
            ) from None

    def action_import(self):
        self.ensure_one()
        self.plan_id.check_access("write")
        data = self._summary()
        as_of = self._as_of(data)
        if as_of > fields.Date.context_today(self):
            raise UserError(
                self.env._("The analysis is dated %(date)s, in the future.", date=as_of)
            )
        updates = {}
        for key, kpi in IMPORTED_KPIS.items():
            value = data.get(key)
            if value is None:
                continue
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not math.isfinite(value)
                or not 0 <= value <= 1
            ):
                raise UserError(
                    self.env._(
                        "%(key)s must be a share between 0 and 1, not %(value)s.",
                        key=key,
                        value=str(value)[:40],
                    )
                )
            updates[kpi] = 100.0 * value
        objectives = self.plan_id.objective_ids.filtered(lambda o: o.kpi in updates)
        if not objectives:
            raise UserError(
                self.env._(
                    "The plan has no churn rate or retention rate objective to "
                    "give a baseline to."
                )
            )
        note = self.env._(
            "crm-insight analysis of %(customers)s customers, as of %(date)s",
            customers=data.get("customers", "?"),
            date=as_of,
        )
        for objective in objectives:
            objective.sudo().write(
                {
                    "baseline": updates[objective.kpi],
                    "has_baseline": True,
                    "baseline_source": "imported",
                    "baseline_date": as_of,
                    "baseline_note": note,
                }
            )
        self.plan_id.message_post(
            body=self.env._(
                "Baselines imported (%(objectives)s): %(note)s.",
                objectives=", ".join(objectives.mapped("name")),
                note=note,
            )
        )
        return {"type": "ir.actions.act_window_close"}
