# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools.misc import formatLang

ITEMS = [
    ("reachable", "Customers with a type and a valid e-mail or phone"),
    ("duplicates", "Duplicate customer candidates"),
    ("pilot_activity", "Pilot users logging touchpoints"),
    ("training", "Pilot users trained"),
    ("orders", "Confirmed orders in the window (real data)"),
    ("touchpoints", "Touchpoints in the window (real data)"),
]


class CrmRolloutReadinessItem(models.Model):
    """One line of the pre-go-live test. It keeps the figures measured (and
    the thresholds they were held against); its texts are written in the
    language of whoever reads them."""

    _name = "crm.rollout.readiness.item"
    _description = "Rollout Readiness Item"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        "crm.rollout.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    sequence = fields.Integer()
    code = fields.Selection(ITEMS, string="Check", required=True)
    passed = fields.Boolean()
    figures = fields.Json(help="What was measured, and the thresholds used.")
    failing = fields.Json(help="Who or what fails, with their figures.")
    record_model = fields.Char()
    record_domain = fields.Json(help="The records behind the figure.")
    value = fields.Char(string="Measured", compute="_compute_texts")
    # Text: the list shows it whole, on several lines if needed
    threshold = fields.Text(string="Required", compute="_compute_texts")
    detail = fields.Text(string="Failing Items", compute="_compute_texts")

    @api.depends("code", "figures", "failing")
    @api.depends_context("lang")
    def _compute_texts(self):
        for item in self:
            texts = item._texts(item.figures or {}, item.failing or [])
            item.value, item.threshold, item.detail = texts

    def _texts(self, data, failing):
        """(value, threshold, detail) of the item in the user's language."""
        _ = self.env._
        code = self.code
        if code in ("reachable", "training"):
            total = data.get("total", 0)
            share = 100.0 * data.get("ok", 0) / total if total else 0.0
            value = _(
                "%(share)s%% (%(ok)s of %(total)s)",
                share=formatLang(self.env, share, digits=1),
                ok=data.get("ok", 0),
                total=total,
            )
            threshold = _(
                "at least %(share)s%%",
                share=formatLang(self.env, data.get("min", 0.0), digits=1),
            )
        elif code == "pilot_activity":
            value = _(
                "%(ok)s of %(total)s pilot users",
                ok=data.get("ok", 0),
                total=data.get("total", 0),
            )
            threshold = _(
                "each at least %(count)s touchpoints logged in %(days)s days",
                count=data.get("min", 0),
                days=data.get("days", 0),
            )
        elif code == "duplicates":
            value = str(data.get("count", 0))
            threshold = _("at most %(count)s", count=data.get("max", 0))
        else:
            value = str(data.get("count", 0))
            threshold = _(
                "at least %(count)s in %(days)s days",
                count=data.get("min", 0),
                days=data.get("days", 0),
            )
        return value, threshold, self._detail(data, failing) or False

    def _detail(self, data, failing):
        _ = self.env._
        code = self.code
        if code in ("pilot_activity", "training") and not data.get("total"):
            return _("The plan has no pilot users.")
        if self.passed:
            return None
        if code == "reachable":
            if not data.get("total"):
                return _("No customers yet.")
            return _(
                "%(count)s customers have no type or no way to reach them.",
                count=data["total"] - data.get("ok", 0),
            )
        if code == "duplicates":
            return _(
                "Customers sharing an e-mail, a phone or a tax ID: merge them "
                "(Contacts, Action > Merge)."
            )
        if code == "pilot_activity":
            return "\n".join(
                _("%(user)s: %(count)s logged", user=name, count=count)
                for name, count in failing
            )
        if code == "training":
            tours = self.env["web_tour.tour"].sudo()
            return "\n".join(
                _(
                    "%(user)s has not done: %(tours)s",
                    user=name,
                    tours="; ".join(tours.browse(ids).exists().mapped("display_name")),
                )
                for name, ids in failing
            )
        return _("Load the real data before going live.")

    def action_open_records(self):
        """The records behind the figure."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": dict(self._fields["code"]._description_selection(self.env))[
                self.code
            ],
            "res_model": self.record_model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": self.record_domain or [("id", "=", 0)],
        }
