# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.tests import tagged

from ..models.crm_next_action_inputs import ROW_COLUMNS
from .common import NextActionCase


@tagged("post_install", "-at_install", "crm_next_action")
class TestCadence(NextActionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # regular: every 30 days, the last 10 days ago
        cls.regular = cls._customer("Regular Buyer")
        cls._history(cls.regular, [10, 40, 70, 100, 130])
        # irregular: intervals of 10, 50, 20 and 90 days (median 35)
        cls.irregular = cls._customer("Irregular Buyer")
        cls._history(cls.irregular, [5, 15, 65, 85, 175])
        # single purchase, in a segment whose members buy every 30 days
        cls.single = cls._customer("Single Buyer")
        cls._order(cls.single, 20)
        # no purchase at all: three calls, every 15 days
        cls.caller = cls._customer("Only Calls")
        for days in (5, 20, 35):
            cls._touchpoint(cls.caller, days)
        for partner in (cls.regular, cls.single):
            cls._score(partner, rfm_segment="loyal")
        cls._score(cls.irregular, rfm_segment="at_risk")

    def test_regular_history_gives_its_own_interval(self):
        self._recompute()
        row = self._row(self.regular)
        self.assertEqual(row.purchase_count, 5)
        self.assertEqual(
            (row.purchase_interval_days, row.purchase_interval_source), (30, "own")
        )
        self.assertEqual(row.last_purchase_date, self.today - timedelta(days=10))
        # due again 30 days after the last purchase: in 20 days
        self.assertEqual(row.next_contact_date, self.today + timedelta(days=20))
        self.assertEqual(row.next_contact_basis, "purchase")
        self.assertEqual(self.regular.purchase_interval_days, 30)

    def test_irregular_history_gives_the_median_interval(self):
        self._recompute()
        row = self._row(self.irregular)
        self.assertEqual(
            (row.purchase_interval_days, row.purchase_interval_source), (35, "own")
        )

    def test_single_purchase_takes_its_segment_interval(self):
        self._recompute()
        row = self._row(self.single)
        self.assertEqual(row.purchase_count, 1)
        # the only "loyal" customer with enough history buys every 30 days
        self.assertEqual(
            (row.purchase_interval_days, row.purchase_interval_source),
            (30, "segment"),
        )
        segment = self.env["crm.next.action.segment"].search(
            [("company_id", "=", self.company.id), ("segment", "=", "loyal")]
        )
        self.assertEqual(
            (segment.purchase_interval_days, segment.customer_count), (30, 2)
        )
        # last purchase 20 days ago, usually every 30: due in 10 days
        self.assertEqual(self.single.next_contact_date, self.today + timedelta(days=10))

    def test_no_purchase_uses_the_contact_history(self):
        self._recompute()
        row = self._row(self.caller)
        self.assertEqual((row.purchase_count, row.purchase_interval_days), (0, 0))
        self.assertFalse(row.purchase_interval_source)
        self.assertEqual(
            (row.contact_count, row.contact_interval_days, row.contact_interval_source),
            (3, 15, "own"),
        )
        self.assertEqual(row.next_contact_date, self.today + timedelta(days=10))
        self.assertEqual(row.next_contact_basis, "contact")

    def test_without_history_or_segment_the_company_default_applies(self):
        self.company.next_action_default_interval_days = 60
        newcomer = self._customer("Newcomer")
        self._touchpoint(newcomer, 3)
        self._recompute()
        row = self._row(newcomer)
        self.assertEqual(
            (row.contact_interval_days, row.contact_interval_source), (60, "default")
        )
        self.assertEqual(row.next_contact_date, self.today + timedelta(days=57))

    def test_overdue_contact_filter_replaces_the_fixed_list(self):
        late = self._customer("Late Customer")
        self._history(late, [100, 130, 160])  # every 30 days, due 70 days ago
        self._recompute()
        Partner = self.env["res.partner"].with_user(self.salesperson)
        overdue = Partner.search([("contact_overdue_days", ">", 0)])
        self.assertIn(late, overdue)
        self.assertNotIn(self.regular, overdue)
        self.assertEqual(late.with_user(self.salesperson).contact_overdue_days, 70)
        # "Customers to Contact" now opens the overdue customers
        menu = self.env.ref("crm_relationship.res_partner_no_contact_menu")
        self.assertEqual(
            menu.action,
            self.env.ref("crm_next_action.crm_next_action_action_to_contact"),
        )

    def test_a_contact_moves_the_next_contact_date_at_once(self):
        late = self._customer("Late Customer")
        self._history(late, [100, 130, 160])
        self._recompute()
        self.assertTrue(self._row(late).overdue_days)
        self._touchpoint(late, 0, kind="follow_up")
        row = self._row(late)
        self.assertEqual(row.last_contact_date, self.today)
        self.assertFalse(row.overdue_days)

    def test_objecting_customers_get_no_cadence(self):
        self.regular.profiling_objection = True
        self._recompute()
        self.assertFalse(self._row(self.regular))
        self.assertFalse(self.regular.next_contact_date)

    def test_recompute_is_idempotent(self):
        self._recompute()
        fields = ["next_contact_date", "purchase_interval_days", "rule_id"]
        before = self._row(self.regular).read(fields)
        self._recompute()
        self.assertEqual(self._row(self.regular).read(fields), before)
        self.assertEqual(
            self.NextAction.sudo().search_count([("company_id", "=", self.company.id)]),
            4,
        )

    def test_full_run_from_the_purchase_summary_equals_a_run_per_customer(self):
        """A full run reads crm_rfm's purchase summary, a recompute of a few
        customers their orders: both give the same rows, whatever the history
        (same-day orders, a refund-only day, orders outside the window, a
        contact's orders, a cancelled order)."""
        odd = self._customer("Odd Buyer")
        self._history(odd, [3, 3, 9, 200, 1000])  # two orders on one day
        self._order(odd, 50, amount=-20.0)  # a refund only: no purchase day
        self._order(odd, 60, amount=0.0)  # an order of nothing still counts
        contact = self.env["res.partner"].create(
            {"name": "Odd's buyer", "parent_id": odd.id}
        )
        self._order(contact, 25)
        self._order(odd, 12)._action_cancel()
        columns = ["partner_id", "rule_id", *ROW_COLUMNS]
        self._recompute()
        rows = self.NextAction.sudo().search([("company_id", "=", self.company.id)])
        full = sorted(rows.read(columns, load=False), key=lambda r: r["partner_id"])
        self.assertEqual(self._row(odd).purchase_count, 5)
        rows.unlink()
        partners = self.env["res.partner"].browse([row["partner_id"] for row in full])
        self.NextAction.sudo()._recompute(self.company, partners.ids)
        rows = self.NextAction.sudo().search([("company_id", "=", self.company.id)])
        each = sorted(rows.read(columns, load=False), key=lambda r: r["partner_id"])
        for row in full + each:
            row.pop("id")
        self.assertEqual(each, full)

    def test_calendar_view_of_recommended_contacts(self):
        self._recompute()
        NextAction = self.NextAction.with_user(self.salesperson)
        views = NextAction.get_views([(False, "calendar"), (False, "list")])
        self.assertIn("calendar", views["views"])
        # what the calendar asks for the month of April 2031
        april = NextAction.search_read(
            [
                ("next_contact_date", ">=", "2031-04-01"),
                ("next_contact_date", "<", "2031-05-01"),
            ],
            ["partner_id", "next_contact_date"],
        )
        # every 30 days, the last 10 days ago: due on 6 April; a median of 35
        # days, the last 5 days ago: on 16 April
        self.assertEqual(
            sorted(
                ((r["partner_id"][0], str(r["next_contact_date"])) for r in april),
                key=lambda row: row[1],
            ),
            [(self.regular.id, "2031-04-06"), (self.irregular.id, "2031-04-16")],
        )

    def test_a_merge_recomputes_the_survivor_from_the_whole_history(self):
        first = self._customer("Merged Twin SL")
        second = self._customer("Merged Twin S.L.")
        self._history(first, [10, 40])
        self._history(second, [70, 100])
        self._recompute()
        self.assertEqual(self._row(first).purchase_count, 2)
        self.env["base.partner.merge.automatic.wizard"]._merge(
            (first | second).ids, first, extra_checks=False
        )
        self.assertFalse(second.exists())
        row = self._row(first)
        self.assertEqual(row.purchase_count, 4)
        self.assertEqual(row.purchase_interval_days, 30)
        self.assertEqual(row.purchase_interval_source, "own")
