# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Likely duplicates: the same normalised e-mail, the same phone number
(whatever its format), or a very close name in the same city. Found with one
SQL statement for a whole batch of contacts (an import, a list edit), served
by indexes; contacts of the same company are never duplicates of each other."""

from collections import defaultdict

import phonenumbers

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# pg_trgm similarity of two lower-cased names from which two contacts of the
# same city are likely the same ("Construcciones Ibéricas SL" and
# "Construcciones Ibericas S.L.").
NAME_SIMILARITY = 0.6
# The merge wizard merges at most three contacts at a time.
MERGE_LIMIT = 3


def _digits(column):
    return SQL("regexp_replace(%s, '[^0-9]', '', 'g')", column)


def phone_keys(number):
    """The digit strings under which a number may be stored: international
    (34612345678), with 00 (0034612345678), national (612345678) and with a
    trunk 0 (0612345678). Plain Python (phonenumbers)."""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        digits = "".join(c for c in number or "" if c.isdigit())
        return {digits} if len(digits) >= 6 else set()
    national = str(parsed.national_number)
    country = str(parsed.country_code)
    return {country + national, "00" + country + national, national, "0" + national}


class CrmDataQualityDuplicates(models.AbstractModel):
    """Likely duplicates of contacts (res.partner inherits it)."""

    _name = "crm.data.quality.duplicates"
    _description = "Likely Duplicate Contacts"

    possible_duplicate = fields.Boolean(
        readonly=True,
        copy=False,
        help="Set when the contact was entered or changed: another contact has the "
        "same e-mail or phone, or a very close name in the same city.",
    )
    duplicate_partner_ids = fields.Many2many(
        "res.partner",
        string="Likely Duplicates",
        compute="_compute_duplicate_partner_ids",
    )
    duplicate_reason = fields.Char(
        string="Why a Duplicate", compute="_compute_duplicate_partner_ids"
    )

    # ------------------------------------------------------------------ detection
    def _dq_duplicate_pairs(self):
        """[(partner id, duplicate id, reason)] for the partners of ``self``
        (saved), in one statement; reasons: email, phone, name."""
        partners = self.filtered("id")
        if not partners:
            return []
        self.flush_model(
            [
                "name",
                "email_normalized",
                "phone",
                "mobile",
                "city",
                "active",
                "commercial_partner_id",
            ]
        )
        key_partner, keys = [], []
        for partner in partners:
            for number in {partner.phone, partner.mobile} - {False, ""}:
                for key in phone_keys(number):
                    key_partner.append(partner.id)
                    keys.append(key)
        return self.env.execute_query(
            SQL(
                """
                WITH new AS (
                    SELECT id, commercial_partner_id, email_normalized,
                           lower(name) AS name, lower(city) AS city
                      FROM res_partner WHERE id = ANY(%(ids)s)
                ),
                keys AS (
                    SELECT * FROM unnest(%(key_partner)s::int[], %(keys)s::text[])
                        AS k(partner_id, key)
                ),
                found AS (
                    SELECT new.id, other.id AS other_id, 'email' AS reason,
                           new.commercial_partner_id AS new_commercial,
                           other.commercial_partner_id AS other_commercial
                      FROM new
                      JOIN res_partner other
                        ON other.email_normalized = new.email_normalized
                    UNION ALL
                    SELECT new.id, other.id, 'phone', new.commercial_partner_id,
                           other.commercial_partner_id
                      FROM keys
                      JOIN new ON new.id = keys.partner_id
                      JOIN res_partner other
                        ON %(phone)s = keys.key OR %(mobile)s = keys.key
                    UNION ALL
                    SELECT new.id, other.id, 'name', new.commercial_partner_id,
                           other.commercial_partner_id
                      FROM new
                      JOIN res_partner other ON lower(other.city) = new.city
                     WHERE similarity(lower(other.name), new.name) >= %(similarity)s
                )
                SELECT DISTINCT found.id, found.other_id, found.reason
                  FROM found
                  JOIN res_partner other ON other.id = found.other_id
                 WHERE found.other_id <> found.id
                   AND other.active
                   AND found.new_commercial IS DISTINCT FROM found.other_commercial
                 ORDER BY 1, 2
                """,
                ids=partners.ids,
                key_partner=key_partner,
                keys=keys,
                phone=_digits(SQL("other.phone")),
                mobile=_digits(SQL("other.mobile")),
                similarity=NAME_SIMILARITY,
            )
        )

    def _dq_duplicate_map(self):
        """{partner id: {duplicate id: [reasons]}}"""
        result = defaultdict(lambda: defaultdict(list))
        for partner_id, other_id, reason in self._dq_duplicate_pairs():
            result[partner_id][other_id].append(reason)
        return result

    def _dq_flag_duplicates(self):
        """Set the flag of these partners (and of the duplicates they have)
        from the contacts as they are now."""
        partners = self.filtered("id")
        if not partners:
            return
        pairs = partners._dq_duplicate_pairs()
        flagged = {pid for pid, _other, _r in pairs} | {o for _p, o, _r in pairs}
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner SET possible_duplicate = (id = ANY(%(flagged)s))
                 WHERE (id = ANY(%(ids)s) OR id = ANY(%(flagged)s))
                   AND possible_duplicate IS DISTINCT FROM (id = ANY(%(flagged)s))
                """,
                flagged=list(flagged),
                ids=partners.ids,
            )
        )
        self.invalidate_model(["possible_duplicate"])

    @api.depends("name", "email", "phone", "mobile", "city")
    def _compute_duplicate_partner_ids(self):
        labels = {
            "email": self.env._("same e-mail"),
            "phone": self.env._("same phone"),
            "name": self.env._("similar name in the same city"),
        }
        found = self._dq_duplicate_map()
        readable = self.browse(
            {other for dups in found.values() for other in dups}
        )._filtered_access("read")
        for partner in self:
            duplicates = {
                other: reasons
                for other, reasons in found.get(partner.id, {}).items()
                if other in readable.ids
            }
            partner.duplicate_partner_ids = list(duplicates)
            partner.duplicate_reason = (
                "; ".join(
                    # punctuation, the same in every language
                    "{} ({})".format(
                        self.browse(other).display_name,
                        ", ".join(labels[r] for r in reasons),
                    )
                    for other, reasons in duplicates.items()
                )
                or False
            )

    # ------------------------------------------------------------------ merge
    def action_merge_duplicates(self):
        """Odoo's merge wizard with this contact and its likely duplicates
        preselected (the wizard merges up to three at a time)."""
        self.ensure_one()
        self.check_access("write")
        duplicates = self.duplicate_partner_ids
        if not duplicates:
            raise UserError(self.env._("No likely duplicate of this contact."))
        partners = (self | duplicates)[:MERGE_LIMIT]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge Contacts"),
            "res_model": "base.partner.merge.automatic.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "active_model": "res.partner",
                "active_ids": partners.ids,
                "active_test": False,
            },
        }
