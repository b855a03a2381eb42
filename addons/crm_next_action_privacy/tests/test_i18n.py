# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_relationship.tests.i18n_case import SpanishTermsMixin


@tagged("post_install", "-at_install", "crm_next_action_privacy")
class TestSpanish(SpanishTermsMixin, TransactionCase):
    MODULE = "crm_next_action_privacy"
