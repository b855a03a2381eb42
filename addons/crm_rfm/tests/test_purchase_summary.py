# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The purchase summary (crm.purchase.summary) against the orders it
summarises: its rows are recomputed here in Python from the orders and
compared, after each way an order can change."""

from collections import defaultdict
from datetime import timedelta

from odoo.tests import tagged

from ..models.crm_purchase_summary import ACTIVE_DAYS
from .common import CrmRfmCase


@tagged("post_install", "-at_install", "crm_rfm")
class TestPurchaseSummary(CrmRfmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Summary = cls.env["crm.purchase.summary"]
        cls.alpha = cls._customer("Alpha")
        # two orders on one day, a refund-free history over two years
        cls._history(cls.alpha, [700, 400, 400, 100, 10], 50.0)
        cls.zero = cls._customer("Zero")  # orders of nothing: no purchase
        cls._history(cls.zero, [30], 0.0)
        cls.company_b = cls._customer("Bravo Ltd")
        cls.contact_b = cls.env["res.partner"].create(
            {"name": "Bea", "parent_id": cls.company_b.id}
        )
        cls._history(cls.contact_b, [200, 20], 80.0)
        cls.company_c = cls._customer("Charlie Ltd")
        cls.both = cls._customer("Delta")  # a customer of both companies
        cls._history(cls.both, [50], 30.0)
        cls._history(cls.both, [60, 5], 40.0, company=cls.other_company)

    # ------------------------------------------------------------------ helpers
    def _expected(self):
        """{(company, customer): row} recomputed from the confirmed orders."""
        self.env.flush_all()
        days = defaultdict(lambda: defaultdict(list))
        orders = self.env["sale.order"].search([("state", "=", "sale")])
        for order in orders:
            key = (order.company_id.id, order.partner_id.commercial_partner_id.id)
            days[key][order.date_order.date()].append(order.amount_untaxed)
        rows = {}
        for key, amounts in days.items():
            purchases = sorted(day for day, vals in amounts.items() if sum(vals) > 0)
            periods = []
            for day in purchases:
                end = day + timedelta(days=ACTIVE_DAYS)
                if periods and day <= periods[-1][1]:
                    periods[-1][1] = max(periods[-1][1], end)
                else:
                    periods.append([day, end])
            rows[key] = (
                min(amounts),  # the first day
                purchases[0] if purchases else None,
                "{" + ",".join(f"[{a},{b})" for a, b in periods) + "}",
                sorted(day for day, values in amounts.items() if max(values) >= 0),
            )
        return rows

    def _stored(self):
        self.env.cr.execute(
            """
            SELECT company_id, partner_id, first_order_date, first_purchase_date,
                   active_periods::text, purchase_days
              FROM crm_purchase_summary
            """
        )
        rows = self.env.cr.fetchall()
        return {
            (company, partner): (first, purchase, active, list(days))
            for company, partner, first, purchase, active, days in rows
        }

    def _assert_summary(self):
        expected = self._expected()
        stored = self._stored()
        self.assertEqual(
            {key: stored.get(key) for key in expected},
            expected,
        )
        # and nothing else: no row of a customer without a confirmed order
        self.assertEqual(set(stored), set(expected))

    # ------------------------------------------------------------------ tests
    def test_rows_summarise_the_confirmed_orders(self):
        self.Summary._rebuild()
        self._assert_summary()
        stored = self._stored()
        alpha = stored[(self.company.id, self.alpha.id)]
        self.assertEqual(alpha[0], (self.now - timedelta(days=700)).date())
        self.assertEqual(len(alpha[3]), 4, "two orders of one day: one day")
        zero = stored[(self.company.id, self.zero.id)]
        self.assertIsNone(zero[1], "a day of orders of nothing is no purchase")
        self.assertEqual(zero[2], "{}")
        self.assertEqual(len(zero[3]), 1, "but counts for the scoring")
        self.assertIn((self.company.id, self.company_b.id), stored)
        self.assertNotIn((self.company.id, self.contact_b.id), stored)
        self.assertIn((self.other_company.id, self.both.id), stored)

    def test_refresh_follows_the_orders(self):
        self.Summary._refresh()  # first use: everything
        new = self._order(self.company_c, 3, 25.0)
        self.Summary._refresh()
        self._assert_summary()
        self.assertIn((self.company.id, self.company_c.id), self._stored())
        # the amount changes (a stored computed field): the day stops counting
        new.order_line.price_unit = 0.0
        self.Summary._refresh()
        self._assert_summary()
        # another date
        self.alpha.sale_order_ids[:1].date_order = self.now - timedelta(days=900)
        self.Summary._refresh()
        self._assert_summary()
        # cancelled: the customer loses the row
        new._action_cancel()
        self.Summary._refresh()
        self._assert_summary()
        self.assertNotIn((self.company.id, self.company_c.id), self._stored())

    def test_refresh_reads_only_the_changed_customers(self):
        self.Summary._refresh()
        # orders written in the last hour are read again (see OVERLAP): the
        # orders of the test are made older than that, as if of yesterday
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET write_date = write_date - INTERVAL '1 day'"
        )
        self.env.cr.execute(
            "UPDATE crm_purchase_summary_state "
            "SET refreshed_at = refreshed_at - INTERVAL '2 hours'"
        )
        self.assertEqual(self.Summary._refresh(), 0)
        self._order(self.company_c, 3, 25.0)
        self.assertEqual(self.Summary._refresh(), 1)

    def test_orders_that_move_refresh_the_former_customer(self):
        self.Summary._refresh()
        # an order given to another customer
        order = self.alpha.sale_order_ids.sorted("date_order")[-1]
        order.partner_id = self.company_c
        self.Summary._refresh()
        self._assert_summary()
        # a contact given another company takes its orders along
        self.contact_b.parent_id = self.company_c
        self.Summary._refresh()
        self._assert_summary()
        self.assertNotIn((self.company.id, self.company_b.id), self._stored())
        # a cancelled order deleted before any refresh
        order._action_cancel()
        order.unlink()
        self.Summary._refresh()
        self._assert_summary()

    def test_an_order_back_to_quotation_then_deleted_or_moved(self):
        """Confirmed, summarised, cancelled, set back to quotation: deleting
        it or giving it to another customer leaves no trace in the former
        customer's row."""
        for move in ("unlink", "partner"):
            with self.subTest(move=move):
                order = self._order(self.company_c, 4, 90.0)
                self.Summary._refresh()
                order._action_cancel()
                order.action_draft()
                if move == "unlink":
                    order.unlink()
                else:
                    order.partner_id = self.alpha
                self.Summary._refresh()
                self._assert_summary()
                self.assertNotIn((self.company.id, self.company_c.id), self._stored())

    def test_the_orders_of_addresses_and_contacts_move_with_them(self):
        """A person whose delivery address ordered joins a company; a company
        whose contact ordered becomes a person of a group: the former
        commercial partner keeps no row of those orders."""
        person = self._customer("Pablo", is_company=False)
        address = self.env["res.partner"].create(
            {"name": "Pablo (delivery)", "parent_id": person.id, "type": "delivery"}
        )
        self._order(address, 8, 60.0)
        self.Summary._refresh()
        self.assertIn((self.company.id, person.id), self._stored())
        person.parent_id = self.company_c
        self.Summary._refresh()
        self._assert_summary()
        self.assertNotIn((self.company.id, person.id), self._stored())
        # a company (with an ordering contact) becomes a person of a group
        group = self._customer("Group Holding")
        self.company_b.parent_id = group
        self.company_b.is_company = False
        self.Summary._refresh()
        self._assert_summary()
        self.assertNotIn((self.company.id, self.company_b.id), self._stored())

    def test_merged_customers_are_summarised_on_the_survivor(self):
        self.Summary._refresh()
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((self.zero | self.alpha).ids, self.alpha)
        self.Summary._refresh()
        self._assert_summary()
        self.assertFalse(self.zero.exists())

    def test_an_incremental_summary_equals_a_rebuild(self):
        self.Summary._refresh()
        self._order(self.company_c, 15, 70.0)
        self.both.sale_order_ids[:1]._action_cancel()
        self.contact_b.parent_id = self.company_c
        self.Summary._refresh()
        incremental = self._stored()
        self.Summary._rebuild()
        self.assertEqual(self._stored(), incremental)
