# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

import phonenumbers

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL, sql

from odoo.addons.phone_validation.tools import phone_validation

# An address a customer can be written to: something@domain.tld
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
PHONE_FIELDS = ("phone", "mobile")
# Customer types whose record needs a postal address to be complete.
ADDRESS_TYPES = ("b2b", "distributor")
# What the completeness criteria read (_completeness_checks).
COMPLETENESS_DEPENDS = (
    "customer_type",
    "email",
    "phone",
    "mobile",
    "user_id",
    "commercial_partner_id.user_id",
    "street",
    "city",
    "country_id",
)


class ResPartner(models.Model):
    _name = "res.partner"
    # One job per file: this one checks e-mails and phones and scores
    # completeness; the mixins come first so that their overrides (import)
    # run before those of the modules below.
    _inherit = [
        "crm.data.quality.duplicates",  # likely duplicates, the merge wizard
        "crm.data.quality.import",  # imports checked row by row, templates
        "res.partner",
    ]

    completeness_score = fields.Integer(
        compute="_compute_completeness_score",
        store=True,
        aggregator="avg",
        help="0 to 100: customer type, a way to reach them (e-mail or phone), a "
        "salesperson and, for businesses and distributors, a postal address.",
    )
    completeness_missing = fields.Char(
        string="Missing Data", compute="_compute_completeness_missing"
    )
    phone_warning = fields.Char(compute="_compute_phone_warning")

    def _auto_init(self):
        # On a database with many contacts, fill the new column in one
        # statement (the same rules as _compute_completeness_score, checked
        # by a test) rather than record by record.
        cr = self.env.cr
        if not sql.column_exists(cr, "res_partner", "completeness_score"):
            sql.create_column(cr, "res_partner", "completeness_score", "int4")
            cr.execute(self._completeness_sql())
        return super()._auto_init()

    def init(self):
        # the indexes of the duplicate search (crm.data.quality.duplicates)
        res = super().init()
        cr = self.env.cr
        for fname in ("phone", "mobile"):
            sql.create_index(
                cr,
                f"res_partner_{fname}_digits_index",
                self._table,
                [f"regexp_replace({fname}, '[^0-9]', '', 'g')"],
                where=f"{fname} IS NOT NULL",
            )
        sql.create_index(
            cr,
            "res_partner_email_normalized_index",
            self._table,
            ["email_normalized"],
            where="email_normalized IS NOT NULL",
        )
        sql.create_index(
            cr,
            "res_partner_lower_city_index",
            self._table,
            ["lower(city)"],
            where="city IS NOT NULL",
        )
        return res

    # ------------------------------------------------------------------ completeness
    @api.model
    def _completeness_sql(self):
        """The completeness of every partner, in SQL (used once, at install)."""
        return SQL(
            """
            UPDATE res_partner partner
               SET completeness_score = ROUND(100.0 * (
                       (partner.customer_type IS NOT NULL)::int
                     + (COALESCE(partner.email, '') <> ''
                        OR COALESCE(partner.phone, '') <> ''
                        OR COALESCE(partner.mobile, '') <> '')::int
                     + (COALESCE(partner.user_id, commercial.user_id) IS NOT NULL)::int
                     + CASE WHEN partner.customer_type IN %(address_types)s
                            THEN (COALESCE(partner.street, '') <> ''
                                  AND COALESCE(partner.city, '') <> ''
                                  AND partner.country_id IS NOT NULL)::int
                            ELSE 0 END)
                   / CASE WHEN partner.customer_type IN %(address_types)s
                          THEN 4 ELSE 3 END)
              FROM res_partner commercial
             WHERE commercial.id = COALESCE(partner.commercial_partner_id, partner.id)
            """,
            address_types=ADDRESS_TYPES,
        )

    def _completeness_checks(self):
        """[(label, met)] of the criteria that apply to this partner."""
        self.ensure_one()
        _ = self.env._
        checks = [
            (_("customer type"), bool(self.customer_type)),
            (
                _("e-mail or phone"),
                bool(self.email or self.phone or self.mobile),
            ),
            (
                _("salesperson"),
                bool(self.user_id or self.commercial_partner_id.user_id),
            ),
        ]
        if self.customer_type in ADDRESS_TYPES:
            parts = [
                label
                for label, value in (
                    (_("street"), self.street),
                    (_("city"), self.city),
                    (_("country"), self.country_id),
                )
                if not value
            ]
            checks.append(
                (
                    _("address (%(missing)s)", missing=", ".join(parts)),
                    not parts,
                )
            )
        return checks

    @api.depends(*COMPLETENESS_DEPENDS)
    def _compute_completeness_score(self):
        for partner in self:
            checks = partner._completeness_checks()
            met = sum(1 for _label, ok in checks if ok)
            partner.completeness_score = round(100.0 * met / len(checks))

    @api.depends(*COMPLETENESS_DEPENDS)
    def _compute_completeness_missing(self):
        for partner in self:
            missing = [label for label, ok in partner._completeness_checks() if not ok]
            partner.completeness_missing = ", ".join(missing) if missing else False

    # ------------------------------------------------------------------ phones
    @api.depends("phone", "mobile", "country_id")
    def _compute_phone_warning(self):
        """Numbers kept as typed because they could not be verified, and, on
        a form not saved yet, numbers that will be refused."""
        _ = self.env._
        for partner in self:
            country = partner._dq_country()
            unverified, refused = [], []
            for fname in PHONE_FIELDS:
                number = partner[fname]
                if not number:
                    continue
                try:
                    if partner._dq_phone(number, country)[1]:
                        unverified.append(number)
                except ValueError:
                    refused.append(number)
            warnings = []
            if refused:
                warnings.append(
                    _(
                        "Not a phone number, it will be refused when you save: "
                        "%(numbers)s",
                        numbers=", ".join(refused),
                    )
                )
            if unverified:
                warnings.append(
                    _(
                        "Not a known number for %(country)s, kept as typed: "
                        "%(numbers)s",
                        country=country.name or "?",
                        numbers=", ".join(unverified),
                    )
                )
            partner.phone_warning = ". ".join(warnings) or False

    def _dq_country(self, vals=None):
        """The country the numbers of this partner are read in."""
        vals = vals or {}
        if vals.get("country_id"):
            return self.env["res.country"].browse(vals["country_id"])
        if vals.get("parent_id"):
            parent = self.browse(vals["parent_id"])
            if parent.country_id:
                return parent.country_id
        if self and "country_id" not in vals:
            if self.country_id:
                return self.country_id
            if self.parent_id.country_id:
                return self.parent_id.country_id
        return self.env.company.country_id

    @api.model
    def _dq_phone(self, number, country):
        """(number in E.164, False) when it is a known number of the country
        (or of the international prefix it starts with); (number as typed,
        True) when it is plausible but could not be verified; raises
        ValueError when it cannot be a phone number."""
        text = (number or "").strip()
        try:
            parsed = phonenumbers.parse(text, country.code or None)
        except phonenumbers.NumberParseException as error:
            if not country and not text.startswith("+"):
                return text, True  # no country to read it in: nothing to say
            raise ValueError(str(error)) from None
        if not phonenumbers.is_possible_number(parsed):
            raise ValueError("impossible")
        formatted = phone_validation.phone_format(
            text,
            country.code,
            country.phone_code,
            force_format="E164",
            raise_exception=False,
        )
        if formatted and phonenumbers.is_valid_number(parsed):
            return formatted, False
        return text, True

    # ------------------------------------------------------------------ validation
    def _dq_field_label(self, fname):
        return self._fields[fname]._description_string(self.env)

    def _dq_clean_vals(self, vals):
        """E-mail checked, phones in E.164: the cleaned values, or a
        ValidationError naming the field and the contact."""
        vals = dict(vals)
        contact = vals.get("name") or self.display_name or self.env._("the contact")
        if vals.get("email"):
            vals["email"] = self._dq_clean_email(vals["email"], contact)
        country = None
        for fname in PHONE_FIELDS:
            if not vals.get(fname):
                continue
            country = country or self._dq_country(vals)
            try:
                vals[fname] = self._dq_phone(vals[fname], country)[0]
            except ValueError:
                raise ValidationError(
                    self.env._(
                        "%(field)s of %(contact)s: “%(number)s” is not a phone "
                        "number%(where)s. Fix it or leave the field empty.",
                        field=self._dq_field_label(fname),
                        contact=contact,
                        number=vals[fname],
                        where=self.env._(" in %(country)s", country=country.name)
                        if country
                        else "",
                    )
                ) from None
        return vals

    def _dq_clean_email(self, value, contact):
        text = value.strip()
        parts = [part.strip() for part in re.split(r"[,;]", text) if part.strip()]
        for part in parts:
            normalized = tools.email_normalize(part, strict=True)
            if not normalized or not EMAIL_RE.match(normalized):
                raise ValidationError(
                    self.env._(
                        "%(field)s of %(contact)s: “%(email)s” is not a valid e-mail "
                        "address. Fix it or leave the field empty.",
                        field=self._dq_field_label("email"),
                        contact=contact,
                        email=part[:100],
                    )
                )
        return text

    def _dq_skip(self):
        # Module data files (other modules' demo contacts: an import sets
        # install_mode too, but not install_filename) and explicit system paths.
        return self.env.context.get("install_filename") or self.env.context.get(
            "crm_data_quality_skip"
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._dq_skip():
            vals_list = [self._dq_clean_vals(vals) for vals in vals_list]
        partners = super().create(vals_list)
        if not self._dq_skip():
            partners._dq_flag_duplicates()
        return partners

    def write(self, vals):
        watched = {"name", "email", "phone", "mobile", "city", "active"}
        if self._dq_skip() or not watched.intersection(vals):
            return super().write(vals)
        before = self._dq_duplicate_map()
        if any(vals.get(f) for f in PHONE_FIELDS) and len(self) > 1:
            # numbers are read in each partner's own country
            for partner in self:
                super(ResPartner, partner).write(partner._dq_clean_vals(vals))
            result = True
        else:
            result = super().write(self[:1]._dq_clean_vals(vals) if self else vals)
        previous = self.browse({d for dups in before.values() for d in dups})
        (self | previous)._dq_flag_duplicates()
        return result

    @api.onchange("phone", "country_id", "company_id")
    def _onchange_phone_validation(self):
        self._dq_onchange_number("phone")

    @api.onchange("mobile", "country_id", "company_id")
    def _onchange_mobile_validation(self):
        self._dq_onchange_number("mobile")

    def _dq_onchange_number(self, fname):
        if not self[fname]:
            return
        try:
            self[fname] = self._dq_phone(self[fname], self._dq_country())[0]
        except ValueError:
            return {
                "warning": {
                    "title": self.env._("Check the number"),
                    "message": self.env._(
                        "%(field)s: “%(number)s” is not a phone number; it will be "
                        "refused when you save.",
                        field=self._dq_field_label(fname),
                        number=self[fname],
                    ),
                }
            }
