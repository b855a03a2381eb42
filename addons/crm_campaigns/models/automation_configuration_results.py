# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Goal, conversions, revenue and uplift of a campaign: recomputed from the
orders and leads every time (never incremented), set-based."""

from odoo import api, fields, models
from odoo.tools import SQL

from ..uplift import uplift

# The figures of a step, in the order of _campaign_step_figures' query.
STEP_FIGURES = (
    "reached",
    "sent",
    "opened",
    "clicked",
    "replied",
    "bounced",
    "activities_done",
    "skipped",
    "converted",
    "revenue",
)


class CrmCampaignResults(models.AbstractModel):
    """The figures of a campaign (automation.configuration inherits this)."""

    _name = "crm.campaign.results"
    _description = "Campaign Results"

    participant_count = fields.Integer(
        string="Participants", compute="_compute_campaign_figures"
    )
    treated_count = fields.Integer(
        string="Treated", compute="_compute_campaign_figures"
    )
    control_count = fields.Integer(
        string="Control Group", compute="_compute_campaign_figures"
    )
    excluded_count = fields.Integer(
        string="Excluded", compute="_compute_campaign_figures"
    )
    converted_count = fields.Integer(
        string="Converted", compute="_compute_campaign_figures"
    )
    campaign_revenue = fields.Float(
        string="Revenue", compute="_compute_campaign_figures", digits=(16, 2)
    )
    treated_conversion = fields.Float(
        string="Conversion (treated, %)", compute="_compute_campaign_figures"
    )
    control_conversion = fields.Float(
        string="Conversion (control, %)", compute="_compute_campaign_figures"
    )
    treated_revenue = fields.Float(
        string="Revenue per Participant (treated)",
        compute="_compute_campaign_figures",
        digits=(16, 2),
    )
    control_revenue = fields.Float(
        string="Revenue per Participant (control)",
        compute="_compute_campaign_figures",
        digits=(16, 2),
    )
    conversion_uplift = fields.Char(
        compute="_compute_campaign_figures",
        help="Treated minus control, in percentage points, with its 95% "
        "confidence interval.",
    )
    revenue_uplift = fields.Char(
        compute="_compute_campaign_figures",
        help="Revenue per participant, treated minus control, with its 95% "
        "confidence interval.",
    )

    # ------------------------------------------------------------------ figures
    def _campaign_group_figures(self):
        """{group: (count, converted, revenue, revenue squared)} for treated,
        control and excluded (one grouped query)."""
        self.ensure_one()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT CASE WHEN exclusion_reason IS NOT NULL THEN 'excluded'
                            WHEN is_holdout THEN 'control' ELSE 'treated' END,
                       count(*), count(converted_on),
                       COALESCE(sum(revenue), 0), COALESCE(sum(revenue * revenue), 0)
                  FROM automation_record
                 WHERE configuration_id = %s AND NOT COALESCE(is_test, FALSE)
                 GROUP BY 1
                """,
                self.id,
            )
        )
        figures = {key: (0, 0, 0.0, 0.0) for key in ("treated", "control", "excluded")}
        for group, count, converted, revenue, squares in rows:
            figures[group] = (count, converted, revenue, squares)
        return figures

    def _campaign_uplifts(self, figures=None):
        """(conversion, revenue) uplift dicts of crm_campaigns.uplift, or None
        without a control group."""
        figures = figures or self._campaign_group_figures()
        treated, control = figures["treated"], figures["control"]
        conversion = uplift(
            (treated[0], treated[1], treated[1]),
            (control[0], control[1], control[1]),
            proportion=True,
        )
        revenue = uplift(
            (treated[0], treated[2], treated[3]), (control[0], control[2], control[3])
        )
        return conversion, revenue

    def _uplift_text(self, result, unit, scale=1.0):
        if result is None:
            return self.env._("No control group")
        uplift_value, low, high = (
            format(result[key] * scale, "+.2f") for key in ("uplift", "low", "high")
        )
        text = self.env._(
            "%(uplift)s %(unit)s (95%% CI %(low)s to %(high)s)",
            uplift=uplift_value,
            unit=unit,
            low=low,
            high=high,
        )
        if not result["significant"]:
            text = self.env._("%(text)s: not significant", text=text)
        return text

    @api.depends_context("lang")
    def _compute_campaign_figures(self):
        for campaign in self:
            if not campaign.id or isinstance(campaign.id, models.NewId):
                campaign.update(
                    {
                        name: 0
                        for name in (
                            "participant_count",
                            "treated_count",
                            "control_count",
                            "excluded_count",
                            "converted_count",
                            "campaign_revenue",
                            "treated_conversion",
                            "control_conversion",
                            "treated_revenue",
                            "control_revenue",
                        )
                    }
                )
                campaign.conversion_uplift = campaign.revenue_uplift = False
                continue
            figures = campaign._campaign_group_figures()
            treated, control = figures["treated"], figures["control"]
            conversion, revenue = campaign._campaign_uplifts(figures)
            campaign.treated_count = treated[0]
            campaign.control_count = control[0]
            campaign.participant_count = treated[0] + control[0]
            campaign.excluded_count = figures["excluded"][0]
            campaign.converted_count = treated[1] + control[1]
            campaign.campaign_revenue = treated[2] + control[2]
            campaign.treated_conversion = (
                100.0 * treated[1] / treated[0] if treated[0] else 0
            )
            campaign.control_conversion = (
                100.0 * control[1] / control[0] if control[0] else 0
            )
            campaign.treated_revenue = treated[2] / treated[0] if treated[0] else 0
            campaign.control_revenue = control[2] / control[0] if control[0] else 0
            campaign.conversion_uplift = campaign._uplift_text(
                conversion, self.env._("points"), 100.0
            )
            campaign.revenue_uplift = campaign._uplift_text(
                revenue, (campaign.company_id or self.env.company).currency_id.name
            )

    def _campaign_step_figures(self):
        """Per step: reached, e-mails sent / opened / clicked / replied /
        bounced, activities done, skipped for an opt-out, and the conversions
        and revenue of the participants it reached."""
        self.ensure_one()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT s.configuration_step_id,
                       count(*) FILTER (WHERE s.state = 'done'),
                       count(*) FILTER (WHERE s.mail_status IS NOT NULL),
                       count(*) FILTER (WHERE s.mail_status IN ('open', 'reply')
                                           OR s.mail_clicked_on IS NOT NULL),
                       count(*) FILTER (WHERE s.mail_clicked_on IS NOT NULL),
                       count(*) FILTER (WHERE s.mail_status = 'reply'),
                       count(*) FILTER (WHERE s.mail_status = 'bounce'),
                       count(*) FILTER (WHERE s.activity_done_on IS NOT NULL),
                       count(*) FILTER (WHERE s.exclusion_reason IS NOT NULL),
                       count(*) FILTER (WHERE s.state = 'done'
                                          AND r.converted_on IS NOT NULL),
                       COALESCE(sum(r.revenue) FILTER (WHERE s.state = 'done'), 0)
                  FROM automation_record_step s
                  JOIN automation_record r ON r.id = s.record_id
                 WHERE s.configuration_id = %s AND NOT COALESCE(s.is_test, FALSE)
                 GROUP BY s.configuration_step_id
                """,
                self.id,
            )
        )
        return {row[0]: dict(zip(STEP_FIGURES, row[1:], strict=True)) for row in rows}

    # ------------------------------------------------------------------ conversions
    def _campaign_participants_sql(self, res_ids=None):
        return SQL(
            """
            SELECT r.id, r.res_id, r.converted_on, r.create_date AS since,
                   r.create_date + make_interval(days => %s) AS until,
                   COALESCE(partner.commercial_partner_id, partner.id) AS customer
              FROM automation_record r
              LEFT JOIN res_partner partner ON partner.id = r.partner_id
             WHERE r.configuration_id = %s AND NOT COALESCE(r.is_test, FALSE)
               AND r.exclusion_reason IS NULL %s
            """,
            self.attribution_days,
            self.id,
            SQL("AND r.res_id = ANY(%s)", list(res_ids))
            if res_ids is not None
            else SQL(),
        )

    def _campaign_conversions(self, res_ids=None):
        """{automation.record id: date of conversion} by the campaign's goal."""
        self.ensure_one()
        if self.goal_type == "none":
            return {}
        participants = self._campaign_participants_sql(res_ids)
        is_lead = self.model_id.model == "crm.lead"
        leads = (
            SQL("JOIN crm_lead l ON l.id = p.res_id")
            if is_lead
            else SQL(
                "JOIN res_partner lp ON lp.commercial_partner_id = p.customer "
                "JOIN crm_lead l ON l.partner_id = lp.id"
            )
        )
        if self.goal_type == "order":
            query = SQL(
                """
                SELECT p.id, min(so.date_order) FROM (%s) p
                  JOIN res_partner sp ON sp.commercial_partner_id = p.customer
                  JOIN sale_order so ON so.partner_id = sp.id
                 WHERE so.state = 'sale' AND so.company_id = %s
                   AND so.date_order >= p.since AND so.date_order < p.until
                 GROUP BY p.id
                """,
                participants,
                self.company_id.id,
            )
        elif self.goal_type == "won":
            query = SQL(
                """
                SELECT p.id, min(COALESCE(l.date_closed, l.write_date)) FROM (%s) p
                  %s JOIN crm_stage s ON s.id = l.stage_id
                 WHERE l.active AND s.is_won
                   AND COALESCE(l.date_closed, l.write_date) >= p.since
                   AND COALESCE(l.date_closed, l.write_date) < p.until
                 GROUP BY p.id
                """,
                participants,
                leads,
            )
        elif self.goal_type == "stage":
            query = SQL(
                """
                SELECT p.id, min(l.date_last_stage_update) FROM (%s) p
                  %s JOIN crm_stage s ON s.id = l.stage_id
                 WHERE l.active AND s.sequence >= %s
                   AND l.date_last_stage_update >= p.since
                   AND l.date_last_stage_update < p.until
                 GROUP BY p.id
                """,
                participants,
                leads,
                self.goal_stage_id.sequence,
            )
        else:
            return self._campaign_domain_conversions(participants)
        return dict(self.env.execute_query(query))

    def _campaign_domain_conversions(self, participants):
        rows = self.env.execute_query(participants)
        if not rows:
            return {}
        Model = self._campaign_model().with_context(active_test=False)
        goal = self._campaign_parse(self.goal_domain)
        if not goal:
            return {}
        met = set(Model._search([("id", "in", [row[1] for row in rows])] + goal))
        now = fields.Datetime.now()
        return {
            row[0]: row[2] or now
            for row in rows
            if row[1] in met and (row[2] or now) < row[4]
        }

    def _campaign_converted_res_ids(self, res_ids):
        """The records among ``res_ids`` whose participant reached the goal."""
        conversions = self._campaign_conversions(res_ids)
        if not conversions:
            return set()
        rows = self.env.execute_query(
            SQL(
                "SELECT res_id FROM automation_record WHERE id = ANY(%s)",
                list(conversions),
            )
        )
        return {row[0] for row in rows}

    def _campaign_revenue(self):
        """{automation.record id: untaxed amount of the customer's confirmed
        orders in the attribution window}."""
        self.ensure_one()
        query = SQL(
            """
            SELECT p.id, sum(so.amount_untaxed) FROM (%s) p
              JOIN res_partner sp ON sp.commercial_partner_id = p.customer
              JOIN sale_order so ON so.partner_id = sp.id
             WHERE so.state = 'sale' AND so.company_id = %s
               AND so.date_order >= p.since AND so.date_order < p.until
             GROUP BY p.id
            """,
            self._campaign_participants_sql(),
            self.company_id.id,
        )
        return dict(self.env.execute_query(query))

    def _campaign_update_results(self):
        """Recompute every participant's conversion and revenue from the
        orders and leads (a rerun gives the same figures)."""
        self.env.flush_all()
        for campaign in self.filtered("company_id"):
            conversions = campaign._campaign_conversions()
            revenue = campaign._campaign_revenue()
            ids = sorted(set(conversions) | set(revenue))
            self.env.execute_query(
                SQL(
                    """
                    UPDATE automation_record
                       SET converted_on = NULL, revenue = 0
                     WHERE configuration_id = %s
                       AND (converted_on IS NOT NULL OR revenue != 0);
                    UPDATE automation_record r
                       SET converted_on = u.converted_on, revenue = u.revenue
                      FROM unnest(%s::int[], %s::timestamp[], %s::float8[])
                           AS u(id, converted_on, revenue)
                     WHERE r.id = u.id
                    """,
                    campaign.id,
                    ids,
                    [conversions.get(i) for i in ids],
                    [revenue.get(i, 0.0) for i in ids],
                )
            )
            if conversions:
                # Reaching the goal stops the participant's sequence.
                self.env.execute_query(
                    SQL(
                        """
                        UPDATE automation_record_step
                           SET state = 'cancel', processed_on = %s
                         WHERE record_id = ANY(%s) AND state = 'scheduled';
                        UPDATE automation_record SET state = 'done'
                         WHERE id = ANY(%s)
                        """,
                        fields.Datetime.now(),
                        list(conversions),
                        list(conversions),
                    )
                )
        self.env["automation.record"].invalidate_model()
        self.env["automation.record.step"].invalidate_model()

    @api.model
    def _cron_update_results(self):
        """Nightly: the figures of the campaigns still within their window."""
        self._check_campaign_manager()
        self.sudo().search([("state", "!=", "draft")])._campaign_update_results()

    def action_update_results(self):
        self.check_access("read")
        self.sudo()._campaign_update_results()
        return True
