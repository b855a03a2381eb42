# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import csv
import io

from odoo.tests import tagged
from odoo.tools.misc import file_open

from .common import CrmRelationshipCase

HEADER = (
    "External Reference",
    "Customer",
    "Date",
    "Channel",
    "Direction",
    "Kind",
    "Summary",
    "Satisfaction",
    "Description",
)
FIELDS = (
    "ref",
    "partner_id",
    "date",
    "channel",
    "direction",
    "kind",
    "summary",
    "satisfaction",
    "description",
)
OPTIONS = {
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
    "encoding": "utf-8",
    "separator": ",",
    "quoting": '"',
    "date_format": "%Y-%m-%d",
    "datetime_format": "%Y-%m-%d %H:%M:%S",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "advanced": True,
    "has_headers": True,
    "keep_matches": False,
    "limit": 2000,
    "skip": 0,
}


def _csv(rows, header=HEADER):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


@tagged("post_install", "-at_install", "crm_relationship")
class TestImport(CrmRelationshipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.ref = "ACME-01"
        cls.rows = [
            [
                "T-1",
                "ACME-01",
                "2026-01-15 10:30:00",
                "phone",
                "inbound",
                "inquiry",
                "Prices",
                "4",
                "",
            ],
            [
                "T-2",
                "lola@example.com",
                "2026-01-16 09:00:00",
                "email",
                "inbound",
                "complaint",
                "Late",
                "2",
                "<p>Box was <b>late</b></p>",
            ],
            [
                "T-3",
                "ADA@acme.example.com",
                "2026-01-17 09:00:00",
                "visit",
                "outbound",
                "follow_up",
                "Visit",
                "",
                "",
            ],
            [
                "T-4",
                "Lola Consumer",
                "2026-01-18 09:00:00",
                "Chat",
                "Inbound",
                "Suggestion",
                "Weekend hours",
                "5",
                "",
            ],
        ]

    def _import(
        self, content, fields=FIELDS, header=HEADER, file_type="text/csv", dryrun=False
    ):
        wizard = self.env["base_import.import"].create(
            {"res_model": "crm.touchpoint", "file": content, "file_type": file_type}
        )
        return wizard.execute_import(
            list(fields), list(header), dict(OPTIONS), dryrun=dryrun
        )

    def _imported(self):
        return self.env["crm.touchpoint"].search([("ref", "like", "T-")], order="ref")

    def test_templates_are_offered_and_map_to_fields(self):
        templates = self.env["crm.touchpoint"].get_import_templates()
        self.assertEqual(len(templates), 2)
        for template, file_type in zip(
            templates,
            (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "text/csv",
            ),
            strict=True,
        ):
            path = template["template"].lstrip("/")
            with file_open(path, "rb") as handle:
                content = handle.read()
            wizard = self.env["base_import.import"].create(
                {"res_model": "crm.touchpoint", "file": content, "file_type": file_type}
            )
            preview = wizard.parse_preview(dict(OPTIONS, has_headers=True))
            self.assertFalse(preview.get("error"), preview.get("error"))
            matched = ["/".join(m) for m in preview["matches"].values()]
            self.assertEqual(matched, list(FIELDS), template["label"])

    def test_template_file_imports_against_the_demo_customers(self):
        if not self.env.ref(
            "crm_relationship.partner_consumer_01", raise_if_not_found=False
        ):
            self.skipTest("needs the demo customers")
        with file_open(
            "crm_relationship/static/xls/crm_touchpoint_import.csv", "rb"
        ) as handle:
            result = self._import(handle.read())
        self.assertEqual(result["messages"], [])
        self.assertEqual(len(result["ids"]), 3)

    def test_import_matches_by_reference_email_and_name(self):
        result = self._import(_csv(self.rows))
        self.assertEqual(result["messages"], [])
        touchpoints = self._imported()
        self.assertEqual(touchpoints.mapped("ref"), ["T-1", "T-2", "T-3", "T-4"])
        self.assertEqual(
            touchpoints.mapped("partner_id").ids,
            [self.customer.id, self.consumer.id],
            "T-1 by reference, T-3 by a contact's e-mail; T-2 by e-mail, T-4 by name",
        )
        self.assertEqual(touchpoints[0].partner_id, self.customer)
        self.assertEqual(touchpoints[2].partner_id, self.customer)
        self.assertEqual(touchpoints[2].contact_id, self.customer_contact)
        self.assertFalse(touchpoints[0].contact_id)
        self.assertEqual(touchpoints[1].partner_id, self.consumer)
        self.assertEqual(touchpoints[3].partner_id, self.consumer)
        self.assertEqual(touchpoints.mapped("satisfaction"), ["4", "2", False, "5"])
        self.assertEqual(
            (touchpoints[3].channel, touchpoints[3].kind), ("chat", "suggestion")
        )
        self.assertIn("<b>late</b>", touchpoints[1].description)

    def test_importing_the_same_file_twice_creates_no_duplicates(self):
        content = _csv(self.rows)
        self._import(content)
        first = self._imported()
        changed = [list(r) for r in self.rows]
        changed[0][6] = "Prices (corrected)"
        result = self._import(_csv(changed))
        self.assertEqual(result["messages"], [])
        second = self._imported()
        self.assertEqual(second, first)
        self.assertEqual(second[0].summary, "Prices (corrected)")

    def test_reference_of_a_touchpoint_typed_by_hand_is_updated_not_duplicated(self):
        manual = self._new_touchpoint(ref="T-1", summary="Typed by hand")
        result = self._import(_csv(self.rows[:1]))
        self.assertEqual(result["messages"], [])
        self.assertEqual(self._imported(), manual)
        self.assertEqual(manual.summary, "Prices")

    def test_bad_row_is_reported_and_nothing_is_imported(self):
        rows = [list(r) for r in self.rows]
        rows[2][1] = "nobody@nowhere.example.com"
        result = self._import(_csv(rows))
        self.assertFalse(result["ids"])
        self.assertEqual(len(result["messages"]), 1)
        message = result["messages"][0]
        self.assertEqual(message["type"], "error")
        self.assertEqual(message["rows"], {"from": 2, "to": 2})
        self.assertIn("nobody@nowhere.example.com", message["message"])
        self.assertFalse(self._imported())

    def test_unknown_channel_and_future_date_are_reported(self):
        rows = [list(r) for r in self.rows]
        rows[1][3] = "carrier pigeon"
        result = self._import(_csv(rows))
        self.assertFalse(result["ids"])
        self.assertTrue(
            any("carrier pigeon" in m["message"] for m in result["messages"])
        )
        self.assertFalse(self._imported())

        rows = [list(r) for r in self.rows]
        rows[3][2] = "2099-01-01 00:00:00"
        result = self._import(_csv(rows))
        self.assertFalse(result["ids"])
        self.assertTrue(
            any("in the future" in m["message"] for m in result["messages"])
        )
        self.assertFalse(self._imported())

    def test_bad_values_are_reported_on_their_row_only(self):
        for column, value, reason in (
            (2, "2099-01-01 00:00:00", "in the future"),
            (6, "x" * 10000, "characters long"),
            (6, "   ", "needs a summary"),
        ):
            with self.subTest(reason=reason):
                rows = [list(r) for r in self.rows]
                rows[2][column] = value
                result = self._import(_csv(rows))
                self.assertFalse(result["ids"])
                self.assertEqual(
                    [(m["rows"], m["type"]) for m in result["messages"]],
                    [({"from": 2, "to": 2}, "error")],
                )
                self.assertIn(reason, result["messages"][0]["message"])
                self.assertFalse(self._imported())

    def test_ambiguous_name_is_reported(self):
        self._new_partner(name="Lola Consumer", email="other.lola@example.com")
        result = self._import(_csv(self.rows[3:]))
        self.assertFalse(result["ids"])
        self.assertIn("matches 2 customers", result["messages"][0]["message"])

    def test_empty_file(self):
        result = self._import(_csv([]))
        self.assertFalse(self._imported())
        self.assertFalse(result.get("ids"))

    def test_xlsx_with_formula_like_text_stays_text(self):
        import xlsxwriter

        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False})
        sheet = book.add_worksheet()
        for col, title in enumerate(HEADER):
            sheet.write_string(0, col, title)
        row = [
            "T-9",
            "ACME-01",
            "2026-01-15 10:30:00",
            "phone",
            "inbound",
            "inquiry",
            '=HYPERLINK("x")',
            "3",
            "",
        ]
        for col, value in enumerate(row):
            sheet.write_string(1, col, value)
        book.close()
        result = self._import(
            buffer.getvalue(),
            file_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        self.assertEqual(result["messages"], [])
        self.assertEqual(
            self.env["crm.touchpoint"].browse(result["ids"]).summary, '=HYPERLINK("x")'
        )
