# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import csv
import io

import openpyxl

from odoo.tests import tagged
from odoo.tools.misc import file_open

from .common import DataQualityCase

HEADER = ("Reference", "Name", "Customer Type", "Email", "Phone", "City", "Country")


@tagged("post_install", "-at_install", "crm_data_quality")
class TestImport(DataQualityCase):
    def _import(
        self, rows, header=HEADER, dryrun=False, file_type="text/csv", content=None
    ):
        if content is None:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(header)
            writer.writerows(rows)
            content = buffer.getvalue().encode()
        wizard = (
            self.env["base_import.import"]
            .with_user(self.salesperson)
            .create(
                {"res_model": "res.partner", "file": content, "file_type": file_type}
            )
        )
        options = {
            "has_headers": True,
            "quoting": '"',
            "separator": ",",
            "sheet": "Contacts",
        }
        preview = wizard.parse_preview(options)
        self.assertFalse(preview.get("error"), preview.get("error"))
        fields = [
            (match or [None])[0] if not isinstance(match, str) else match
            for match in (
                preview["matches"].get(index, [None])
                for index in range(len(preview["headers"]))
            )
        ]
        return wizard.execute_import(fields, preview["headers"], options, dryrun=dryrun)

    def test_bad_emails_are_reported_row_by_row_and_nothing_imported(self):
        before = self.env["res.partner"].search_count([])
        result = self._import(
            [
                [
                    "C-1",
                    "Ana Molina",
                    "Consumer",
                    "ana@example.com",
                    "612345678",
                    "Madrid",
                    "Spain",
                ],
                [
                    "C-2",
                    "Bad Mail",
                    "Consumer",
                    "bad@@example.com",
                    "",
                    "Madrid",
                    "Spain",
                ],
                [
                    "C-3",
                    "Good Too",
                    "Consumer",
                    "good@example.com",
                    "",
                    "Madrid",
                    "Spain",
                ],
                [
                    "C-4",
                    "No Domain",
                    "Consumer",
                    "nodomain@example",
                    "",
                    "Madrid",
                    "Spain",
                ],
            ]
        )
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual([m["record"] for m in errors], [1, 3])
        self.assertIn("bad@@example.com", errors[0]["message"])
        self.assertIn("Email", errors[0]["message"])
        self.assertIn("nodomain@example", errors[1]["message"])
        self.assertFalse(result["ids"])
        self.assertEqual(self.env["res.partner"].search_count([]), before)

    def test_a_second_import_of_the_same_file_creates_no_duplicates(self):
        rows = [
            [
                "C-10",
                "Elena Rubio",
                "Consumer",
                "elena@example.com",
                "612 000 111",
                "Bilbao",
                "Spain",
            ],
            [
                "C-11",
                "Hugo Delgado",
                "Consumer",
                "hugo@example.com",
                "",
                "Bilbao",
                "Spain",
            ],
        ]
        first = self._import(rows)
        self.assertFalse(first["messages"], first["messages"])
        imported = self.env["res.partner"].browse(first["ids"])
        self.assertEqual(imported.mapped("phone"), ["+34612000111", False])
        rows[1][3] = "hugo.delgado@example.com"
        second = self._import(rows)
        self.assertFalse(second["messages"])
        self.assertEqual(sorted(second["ids"]), sorted(first["ids"]))
        self.assertEqual(
            self.env["res.partner"].search_count([("ref", "in", ["C-10", "C-11"])]), 2
        )
        self.assertEqual(imported[1].email, "hugo.delgado@example.com")

    def test_templates_are_offered_and_import_cleanly(self):
        templates = self.env["res.partner"].get_import_templates()
        paths = [t["template"] for t in templates]
        for kind in ("consumer", "b2b", "distributor", "internal"):
            self.assertIn(f"/crm_data_quality/static/xls/contacts_{kind}.xlsx", paths)
        self.assertIn("/crm_data_quality/static/xls/contacts.csv", paths)
        expected_types = {
            "consumer": {"consumer"},
            "b2b": {"b2b"},
            "distributor": {"distributor"},
            "internal": {"internal"},
        }
        for kind, types in expected_types.items():
            with file_open(
                f"crm_data_quality/static/xls/contacts_{kind}.xlsx", "rb"
            ) as f:
                content = f.read()
            book = openpyxl.load_workbook(io.BytesIO(content))
            self.assertEqual(book.sheetnames, ["Contacts", "Columns"])
            explained = {row[0].value for row in book["Columns"].iter_rows(min_row=5)}
            header = [cell.value for cell in book["Contacts"][1]]
            self.assertEqual(set(header), explained - {None})
            result = self._import(
                [],
                content=content,
                file_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            self.assertFalse(result["messages"], (kind, result["messages"]))
            contacts = self.env["res.partner"].browse(result["ids"])
            self.assertTrue(contacts)
            self.assertEqual(set(contacts.mapped("customer_type")), types)
            for contact in contacts:
                self.assertTrue(
                    all(
                        (n or "").startswith("+")
                        for n in (contact.phone, contact.mobile)
                        if n
                    )
                )
        with file_open("crm_data_quality/static/xls/contacts.csv", "rb") as f:
            result = self._import([], content=f.read())
        self.assertFalse(result["messages"])
        self.assertEqual(len(result["ids"]), 6)
