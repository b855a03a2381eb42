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
    # Terms that Spanish writes as English does ("ID", "SLA"): OCA's
    # po-pretty-format wants their msgstr empty, which Odoo shows as the term.
    SAME_IN_SPANISH = frozenset()
    # Odoo's loader runs only the test methods a class defines itself, unless
    # it sets this: without it the check below would never run.
    allow_inherited_tests_method = True

    def test_every_term_of_the_module_has_a_spanish_translation(self):
        buffer = io.BytesIO()
        trans_export(None, [self.MODULE], buffer, "po", self.env.cr)
        current = {entry.msgid for entry in polib.pofile(buffer.getvalue().decode())}
        spanish = {
            entry.msgid: entry.msgstr
            for entry in polib.pofile(file_path(f"{self.MODULE}/i18n/es.po"))
        }
        missing = sorted(
            term
            for term in current - self.SAME_IN_SPANISH
            if not spanish.get(term, "").strip()
        )
        self.assertFalse(missing, f"terms without a Spanish translation: {missing}")
        self.assertFalse(self.SAME_IN_SPANISH - set(spanish), "listed in es.po")

    def _load_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(
            [self.MODULE], ["es_ES"], overwrite=True
        )
