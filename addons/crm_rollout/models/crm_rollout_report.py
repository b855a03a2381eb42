# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

try:
    from crm_insight.report import XlsxExporter
except ImportError:  # pragma: no cover - reported by external_dependencies
    XlsxExporter = None

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CrmRolloutPlanReport(models.AbstractModel):
    _name = "crm.rollout.plan.report.mixin"
    _description = "Rollout Plan: Steering Report"

    def action_steering_report(self):
        """The steering committee's workbook of the plan (XLSX)."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": f"/crm_rollout/report/{self.id}",
            "target": "download",
        }

    def _labels(self, model, field):
        return dict(self.env[model]._fields[field]._description_selection(self.env))

    def _steering_report(self):
        """(bytes, file name) of the steering committee's workbook, written by
        crm_insight's text-safe exporter: a plan, objective or user name that
        starts with = + - @ stays text."""
        self.ensure_one()
        _ = self.env._
        with XlsxExporter() as exporter:
            self._report_summary(exporter)
            self._report_objectives(exporter)
            self._report_evaluation(exporter)
            self._report_readiness(exporter)
            self._report_waves(exporter)
            self._report_rfm(exporter)
        stamp = fields.Date.to_string(fields.Date.context_today(self))
        return exporter.getvalue(), _("steering_report_%(date)s.xlsx", date=stamp)

    def _report_summary(self, exporter):
        _ = self.env._
        sheet = exporter.sheet(_("Summary"))
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, 3, 24)
        exporter.write(sheet, 0, 0, self.name, "title")
        rows = [
            (_("Company"), self.company_id.name),
            (
                _("Methodology"),
                self._labels(self._name, "methodology")[self.methodology],
            ),
            (_("Phase"), self._labels(self._name, "phase").get(self.phase)),
            (_("Start"), self.start_date),
            (_("Go-live"), self.go_live_date),
            (_("Project leader"), self.leader_id.name),
            (
                _("Readiness"),
                self._labels(self._name, "readiness_state")[self.readiness_state],
            ),
            (
                _("Objectives reached"),
                f"{self.objective_reached_count} / {self.objective_count}",
            ),
        ]
        for i, (label, value) in enumerate(rows):
            exporter.write(sheet, 2 + i, 0, label, "bold")
            exporter.write(sheet, 2 + i, 1, value or None)
        states = self._labels("crm.rollout.phase", "state")
        exporter.table(
            sheet,
            len(rows) + 4,
            0,
            [_("Phase"), _("Checklist"), _("Gate"), _("Approved by"), _("Approved on")],
            [
                (
                    phase.name,
                    f"{phase.checklist_done} / {phase.checklist_total}",
                    states[phase.state],
                    phase.approved_by_id.name,
                    phase.approved_on,
                )
                for phase in self.phase_ids
            ],
        )
        team = self._labels("crm.rollout.member", "role")
        exporter.table(
            sheet,
            len(rows) + 6 + len(self.phase_ids) + 1,
            0,
            [_("Team"), _("Role")],
            [(member.user_id.name, team[member.role]) for member in self.member_ids],
        )

    def _report_objectives(self, exporter):
        _ = self.env._
        statuses = self._labels("crm.rollout.objective", "status")
        sources = self._labels("crm.rollout.objective", "baseline_source")
        exporter.table(
            exporter.sheet(_("Objectives")),
            0,
            0,
            [
                _("Objective"),
                _("Unit"),
                _("Baseline"),
                _("Baseline from"),
                _("Target"),
                _("Deadline"),
                _("Current value"),
                _("Progress (%)"),
                _("Status"),
            ],
            [
                (
                    o.name,
                    o.unit,
                    o.baseline,
                    sources.get(o.baseline_source),
                    o.target,
                    o.deadline,
                    o.current_value if o.has_value else None,
                    o.progress if o.has_value else None,
                    statuses.get(o.status),
                )
                for o in self.objective_ids
            ],
            formats=[
                None,
                None,
                "number",
                None,
                "number",
                "date",
                "number",
                "number",
                None,
            ],
            widths=[44, 18, 12, 22, 12, 12, 14, 12, 12],
        )

    def _report_evaluation(self, exporter):
        _ = self.env._
        objectives = self.objective_ids
        months = sorted(set(self.measure_ids.mapped("month")))
        values = {(m.objective_id.id, m.month): m for m in self.measure_ids}
        rows = [(_("Baseline"),) + tuple(objectives.mapped("baseline"))]
        rows.append((_("Target"),) + tuple(objectives.mapped("target")))
        for month in months:
            row = [month]
            for objective in objectives:
                measure = values.get((objective.id, month))
                row.append(measure.value if measure and measure.has_value else None)
            rows.append(tuple(row))
        exporter.table(
            exporter.sheet(_("Evaluation")),
            0,
            0,
            [_("Month")] + objectives.mapped("name"),
            rows,
            formats=["date"] + ["number"] * len(objectives),
            widths=[12] + [22] * len(objectives),
        )

    def _report_readiness(self, exporter):
        _ = self.env._
        checks = self._labels("crm.rollout.readiness.item", "code")
        exporter.table(
            exporter.sheet(_("Readiness")),
            0,
            0,
            [_("Check"), _("Measured"), _("Required"), _("Passed"), _("Failing items")],
            [
                (checks[i.code], i.value, i.threshold, i.passed, i.detail)
                for i in self.readiness_item_ids
            ],
            widths=[44, 22, 36, 8, 60],
        )

    def _report_waves(self, exporter):
        _ = self.env._
        sheet = exporter.sheet(_("Waves"))
        states = self._labels("crm.rollout.wave", "state")
        end = exporter.table(
            sheet,
            0,
            0,
            [
                _("Wave"),
                _("People"),
                _("Capabilities"),
                _("From"),
                _("State"),
                _("Activated on"),
                _("Rolled back on"),
            ],
            [
                (
                    w.name,
                    w.user_count,
                    ", ".join(w.capability_ids.mapped("name")),
                    w.date_start,
                    states[w.state],
                    w.activated_on,
                    w.rolled_back_on,
                )
                for w in self.wave_ids
            ],
            widths=[24, 10, 40, 12, 14, 18, 18],
        )
        grant_states = self._labels("crm.rollout.grant", "state")
        exporter.table(
            sheet,
            end + 2,
            0,
            [
                _("Person"),
                _("Group"),
                _("Given by"),
                _("State"),
                _("Given on"),
                _("Taken back on"),
            ],
            [
                (
                    g.user_id.name,
                    g.group_id.full_name,
                    g.source,
                    grant_states[g.state],
                    g.granted_on,
                    g.revoked_on,
                )
                for g in self.sudo().grant_ids
            ],
        )

    def _report_rfm(self, exporter):
        _ = self.env._
        sheet = exporter.sheet(_("RFM grid"))
        moments = self._labels("crm.rollout.rfm.cell", "moment")
        column = 0
        for moment in ("golive", "today"):
            cells = {
                (c.r_score, c.f_score): c.customers
                for c in self.rfm_cell_ids
                if c.moment == moment
            }
            exporter.write(sheet, 0, column, moments[moment], "title")
            exporter.write(sheet, 1, column, "R \\ F", "header")
            for f in range(1, 6):
                exporter.write(sheet, 1, column + f, f"F = {f}", "header")
            for i, r in enumerate(range(5, 0, -1)):
                exporter.write(sheet, 2 + i, column, f"R = {r}", "header")
                for f in range(1, 6):
                    exporter.write(
                        sheet, 2 + i, column + f, cells.get((r, f)), "integer"
                    )
            column += 7
