# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DataQualityCase


@tagged("post_install", "-at_install", "crm_data_quality")
class TestDuplicates(DataQualityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.original = cls._contact(
            "Hierros Cantábricos SL",
            is_company=True,
            email="compras@hierros.example.com",
            phone="942 345 678",
            city="Santander",
        )

    def test_same_email_with_another_case(self):
        twin = self._contact("Compras", email="Compras@HIERROS.example.com")
        self.assertEqual(twin.duplicate_partner_ids, self.original)
        self.assertEqual(twin.duplicate_reason, "Hierros Cantábricos SL (same e-mail)")
        self.assertTrue(twin.possible_duplicate)
        self.assertTrue(self.original.possible_duplicate)

    def test_same_phone_in_two_formats(self):
        # one entered before this module (kept as typed), one now
        legacy = (
            self.env["res.partner"]
            .with_context(crm_data_quality_skip=True)
            .create({"name": "Old Record", "mobile": "0034 (612) 44-55-66"})
        )
        fresh = self._contact("New Record", phone="612 445 566")
        self.assertEqual(fresh.phone, "+34612445566")
        self.assertEqual(fresh.duplicate_partner_ids, legacy)
        self.assertIn("same phone", fresh.duplicate_reason)
        second = self._contact("Another", mobile="+34 942-345-678")
        self.assertEqual(second.duplicate_partner_ids, self.original)

    def test_very_close_names_in_the_same_city(self):
        close = self._contact(
            "Hierros Cantabricos S.L.", is_company=True, city="santander"
        )
        self.assertEqual(close.duplicate_partner_ids, self.original)
        self.assertIn("similar name in the same city", close.duplicate_reason)

    def test_namesakes_in_different_cities_are_not_duplicates(self):
        namesake = self._contact(
            "Hierros Cantábricos SL", is_company=True, city="Sevilla"
        )
        self.assertFalse(namesake.duplicate_partner_ids)
        self.assertFalse(namesake.possible_duplicate)
        other = self._contact("Maderas del Sur SL", is_company=True, city="Santander")
        self.assertFalse(other.duplicate_partner_ids)

    def test_people_of_the_same_company_are_not_duplicates(self):
        buyer = self._contact("Buyer", parent_id=self.original.id, phone="942 345 678")
        self.assertFalse(buyer.duplicate_partner_ids)

    def test_merge_link_preselects_the_duplicates(self):
        twin = self._contact("Compras Hierros", email="compras@hierros.example.com")
        action = twin.action_merge_duplicates()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        wizard = (
            self.env[action["res_model"]].with_context(**action["context"]).create({})
        )
        self.assertEqual(wizard.partner_ids, twin | self.original)
        self.assertEqual(wizard.state, "selection")
        wizard.dst_partner_id = self.original
        wizard.action_merge()
        self.assertFalse(twin.exists())
        self.original.invalidate_recordset()
        self.assertFalse(self.original.possible_duplicate)
        self.assertFalse(self.original.duplicate_partner_ids)

    def test_filter_and_access(self):
        twin = self._contact("Compras", email="compras@hierros.example.com")
        flagged = self.Partner.search(
            [("possible_duplicate", "=", True), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(flagged, twin | self.original)
        with self.assertRaises(AccessError):
            self.env["crm.data.quality.check"].with_user(self.portal_user).create(
                {"partner_ids": [(6, 0, twin.ids)]}
            )

    def test_check_wizard_cleans_legacy_numbers(self):
        legacy = (
            self.env["res.partner"]
            .with_context(crm_data_quality_skip=True)
            .create(
                {
                    "name": "Legacy",
                    "phone": "942 34 56 78",
                    "mobile": "12",
                    "email": "legacy@",
                    "country_id": self.spain.id,
                }
            )
        )
        wizard = (
            self.env["crm.data.quality.check"]
            .with_user(self.salesperson)
            .with_context(active_model="res.partner", active_ids=legacy.ids)
            .create({})
        )
        wizard.action_check()
        self.assertEqual(legacy.phone, "+34942345678")
        self.assertEqual(legacy.mobile, "12")
        self.assertIn("“12” is not a phone number", wizard.summary)
        self.assertIn("legacy@", wizard.summary)
        self.assertTrue(legacy.possible_duplicate)  # same phone as the original
