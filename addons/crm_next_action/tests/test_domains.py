# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import BaseCase, tagged

from odoo.addons.crm_relationship.domains import DomainError, parse_domain


@tagged("post_install", "-at_install", "crm_next_action")
class TestParseDomain(BaseCase):
    """The domain parser is plain Python: no database."""

    def test_literals_only(self):
        self.assertEqual(parse_domain(""), [])
        self.assertEqual(
            parse_domain("['|', ('a', '=', 1), ('b', 'in', (1, 2))]"),
            ["|", ("a", "=", 1), ("b", "in", [1, 2])],
        )
        for text in (
            "[('name', '=', __import__('os').getcwd())]",
            "[('date', '>', context_today())]",
            "[('x', '=', uid)]",
            "{'a': 1}",
            "[('a', '=')]",
            "['&&', ('a', '=', 1)]",
            "[" * 200,
        ):
            with self.assertRaises(DomainError, msg=text):
                parse_domain(text)
