# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import CrmRelationshipCase

# What a touchpoint says about its event; the backfill and the live logging
# must agree on every one of these.
DESCRIPTION = (
    "partner_id",
    "contact_id",
    "date",
    "channel",
    "direction",
    "kind",
    "summary",
    "description",
    "satisfaction",
    "user_id",
    "team_id",
    "company_id",
    "event_ref",
)


@tagged("post_install", "-at_install", "crm_relationship")
class TestEventDescription(CrmRelationshipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.medium_email = cls.env.ref("utm.utm_medium_email")
        cls.medium_website = cls.env.ref("utm.utm_medium_website")
        cls.source_newsletter = cls.env.ref("utm.utm_source_newsletter")
        cls.source_search = cls.env.ref("utm.utm_source_search_engine")
        cls.phone_team = cls.env["crm.team"].create(
            {"name": "Telesales", "touchpoint_channel": "phone"}
        )
        cls.plain_team = cls.env["crm.team"].create({"name": "Field sales"})

    def _order(self, partner=None, **vals):
        vals.setdefault("team_id", self.plain_team.id)
        return self._new_order(partner or self.customer_contact, **vals)

    def _description(self, touchpoints):
        return [
            {name: touchpoint[name] for name in DESCRIPTION}
            for touchpoint in touchpoints
        ]

    def _relog_from_history(self, *records):
        """The description the install-time backfill gives the same events."""
        Touchpoint = self.env["crm.touchpoint"]
        for record in records:
            self._logged(record).unlink()
        Touchpoint._backfill_from_history()
        return [self._logged(record) for record in records]

    def _scores_in_database(self, touchpoints):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT satisfaction, satisfaction_score FROM crm_touchpoint "
            "WHERE id IN %s",
            [tuple(touchpoints.ids)],
        )
        return set(self.env.cr.fetchall())

    def test_backfill_and_live_logging_describe_an_order_alike(self):
        order = self._order(medium_id=self.medium_email.id)
        order.action_confirm()
        live = self._logged(order)
        self.assertEqual(len(live), 1)
        described = self._description(live)
        self.assertEqual(live.channel, "email")
        self.assertIn(order.currency_id.format(order.amount_total), live.summary)
        self.assertEqual(self._scores_in_database(live), {(None, None)})

        (backfilled,) = self._relog_from_history(order)
        self.assertEqual(self._description(backfilled), described)
        self.assertEqual(self._scores_in_database(backfilled), {(None, None)})

    def test_backfill_and_live_logging_describe_a_lead_alike(self):
        won = self.env["crm.lead"].create(
            {
                "name": "20 chairs",
                "type": "opportunity",
                "partner_id": self.customer_contact.id,
                "user_id": self.salesperson.id,
                "source_id": self.source_search.id,
                "description": "<p>Needs them by March</p>",
            }
        )
        won.action_set_won()
        reason = self.env["crm.lost.reason"].create({"name": "Too expensive"})
        lost = self.env["crm.lead"].create(
            {
                "name": "Desk lamps",
                "type": "opportunity",
                "partner_id": self.consumer.id,
                "team_id": self.phone_team.id,
            }
        )
        lost.action_set_lost(lost_reason_id=reason.id)
        live = self._logged(won) | self._logged(lost)
        self.assertEqual(len(live), 4, "created and won, created and lost")
        self.assertEqual(set(self._logged(won).mapped("channel")), {"web"})
        self.assertEqual(set(self._logged(lost).mapped("channel")), {"phone"})
        self.assertIn("Too expensive", self._logged(lost)[1].summary)
        described = self._description(self._logged(won)) + self._description(
            self._logged(lost)
        )
        self.assertEqual(self._scores_in_database(live), {(None, None)})

        backfilled = self._relog_from_history(won, lost)
        self.assertEqual(
            self._description(backfilled[0]) + self._description(backfilled[1]),
            described,
        )
        self.assertEqual(
            self._scores_in_database(backfilled[0] | backfilled[1]), {(None, None)}
        )

    def test_order_channel_from_medium_source_then_team(self):
        website_team = self.env.ref("sales_team.salesteam_website_sales")
        cases = [
            ({"medium_id": self.medium_email.id}, "email"),
            ({"medium_id": self.medium_website.id}, "web"),
            ({"source_id": self.source_newsletter.id}, "email"),
            ({"source_id": self.source_search.id}, "web"),
            # the medium says more than the team
            ({"medium_id": self.medium_email.id, "team_id": website_team.id}, "email"),
            ({"team_id": website_team.id}, "web"),
            ({"team_id": self.phone_team.id}, "phone"),
            ({}, "other"),
        ]
        orders = self.env["sale.order"]
        for vals, _channel in cases:
            orders |= self._order(**vals)
        orders.action_confirm()
        for order, (vals, channel) in zip(orders, cases, strict=True):
            self.assertEqual(self._logged(order).channel, channel, vals)

    def test_channel_from_the_names_of_media_and_sources_users_create(self):
        medium = self.env["utm.medium"].create({"name": "WhatsApp Chat"})
        source = self.env["utm.source"].create({"name": "Correo de primavera"})
        by_medium = self._order(medium_id=medium.id)
        by_source = self._order(source_id=source.id)
        (by_medium | by_source).action_confirm()
        self.assertEqual(self._logged(by_medium).channel, "chat")
        self.assertEqual(self._logged(by_source).channel, "email")

    def test_the_customers_website_does_not_make_a_lead_a_web_lead(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Visit of the showroom",
                "partner_id": self.customer.id,
                "website": "https://acme.example.com",
                "team_id": self.plain_team.id,
            }
        )
        self.assertEqual(self._logged(lead).channel, "other")

    def test_lost_reason_set_later_keeps_one_description(self):
        lead = self.env["crm.lead"].create(
            {"name": "Sofa", "type": "opportunity", "partner_id": self.consumer.id}
        )
        lead.action_set_lost()
        reason = self.env["crm.lost.reason"].create({"name": "Chose a rival"})
        lead.lost_reason_id = reason
        lost = self._logged(lead).filtered(lambda t: t.event_ref.endswith("lost"))
        summary = lost.summary
        self.assertIn("Chose a rival", summary)
        (backfilled,) = self._relog_from_history(lead)
        self.assertEqual(
            backfilled.filtered(lambda t: t.event_ref.endswith("lost")).summary,
            summary,
        )

    def test_demo_customer_has_a_real_preferred_channel(self):
        gemini = self.env.ref("base.res_partner_3", raise_if_not_found=False)
        if not gemini or not self._logged_from_history(gemini):
            self.skipTest("needs Odoo's demo orders")
        self.assertNotEqual(gemini.preferred_channel, "other")
        self.assertEqual(gemini.preferred_channel, "email")

    def _logged_from_history(self, partner):
        return self.env["crm.touchpoint"].search(
            [("partner_id", "=", partner.id), ("res_model", "=", "sale.order")]
        )
