# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shared check of the addons' Spanish translation (used by every addon of
the repository: ``class TestSpanish(SpanishTermsMixin, TransactionCase)``)."""

import io

import polib

from odoo.tools.misc import file_path
from odoo.tools.translate import trans_export


class SpanishTermsMixin:
    MODULE = None

    def test_every_term_of_the_module_has_a_spanish_translation(self):
        buffer = io.BytesIO()
        trans_export(None, [self.MODULE], buffer, "po", self.env.cr)
        current = {entry.msgid for entry in polib.pofile(buffer.getvalue().decode())}
        spanish = polib.pofile(file_path(f"{self.MODULE}/i18n/es.po"))
        translated = {entry.msgid for entry in spanish if entry.msgstr.strip()}
        missing = sorted(current - translated)
        self.assertFalse(missing, f"terms without a Spanish translation: {missing}")

    def _load_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            [self.MODULE], ["es_ES"], overwrite=True
        )
