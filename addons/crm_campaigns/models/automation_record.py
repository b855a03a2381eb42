# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# Why a participant is left alone; a consent model adds its reason with
# selection_add and res.partner._crm_campaign_exclusion_domains().
EXCLUSION_REASONS = [
    ("blacklist", "Blacklisted address"),
    ("opt_out", "Opted out of campaigns"),
    ("bounced", "Bounced e-mail"),
    ("profiling", "Objects to profiling"),
    ("no_consent", "No marketing consent"),
]


class AutomationRecord(models.Model):
    """A participant of a campaign."""

    _inherit = "automation.record"

    configuration_id = fields.Many2one(index=True, ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The contact the campaign reaches: the record itself for contacts, "
        "its customer for leads.",
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    is_holdout = fields.Boolean(
        string="Control Group",
        readonly=True,
        help="Drawn at random into the control group: enrolled, given no step, "
        "to measure the campaign's uplift.",
    )
    exclusion_reason = fields.Selection(
        EXCLUSION_REASONS,
        string="Excluded",
        readonly=True,
        help="Why the campaign leaves this participant alone.",
    )
    converted_on = fields.Datetime(
        readonly=True, help="When the participant reached the campaign's goal."
    )
    revenue = fields.Float(
        readonly=True,
        digits=(16, 2),
        help="Untaxed amount of the customer's confirmed orders in the "
        "attribution window.",
    )
    group = fields.Selection(
        [("treated", "Treated"), ("control", "Control"), ("excluded", "Excluded")],
        compute="_compute_group",
    )

    @api.depends("is_holdout", "exclusion_reason")
    def _compute_group(self):
        for record in self:
            if record.exclusion_reason:
                record.group = "excluded"
            elif record.is_holdout:
                record.group = "control"
            else:
                record.group = "treated"

    def _compute_name(self):
        # Participants whose record is gone (or not readable) keep a name.
        for record in self:
            if (
                record.is_orphan_record
                or not record.model
                or record.model not in self.env
            ):
                record.name = self.env._("Orphan Record")
                continue
            target = self.env[record.model].browse(record.res_id).exists()
            record.name = target.display_name if target else self.env._("(deleted)")
