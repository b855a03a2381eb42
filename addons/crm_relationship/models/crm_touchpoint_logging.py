# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Automatic logging: the touchpoint of a business event, exactly once.

Each kind of event has one function that describes it (``sale.order.
_crm_touchpoint_values_confirm``, ``crm.lead._crm_touchpoint_values_create``,
``crm.lead._crm_touchpoint_values_outcome``, ...); the live logging and the
install-time backfill both call it, so an event reads the same whichever
logged it.
"""

import re

from odoo import api, models
from odoo.models import LOG_ACCESS_COLUMNS, NewId
from odoo.tools import SQL

# Odoo's own utm media and sources -> touchpoint channel.
UTM_CHANNELS = {
    "utm.utm_medium_email": "email",
    "utm.utm_medium_phone": "phone",
    "utm.utm_medium_website": "web",
    "utm.utm_medium_banner": "web",
    "utm.utm_medium_google_adwords": "web",
    "utm.utm_medium_direct": "visit",
    "utm.utm_medium_twitter": "social",
    "utm.utm_medium_facebook": "social",
    "utm.utm_medium_linkedin": "social",
    "utm.utm_source_search_engine": "web",
    "utm.utm_source_mailing": "email",
    "utm.utm_source_newsletter": "email",
    "utm.utm_source_facebook": "social",
    "utm.utm_source_twitter": "social",
    "utm.utm_source_linkedin": "social",
}
# Media and sources created by users: a word of their name that says the
# channel (English and Spanish), e.g. "Spring newsletter", "Llamadas".
UTM_WORDS = {
    "email": "email",
    "mail": "email",
    "mailing": "email",
    "newsletter": "email",
    "correo": "email",
    "phone": "phone",
    "call": "phone",
    "calls": "phone",
    "telephone": "phone",
    "telesales": "phone",
    "telefono": "phone",
    "teléfono": "phone",
    "llamada": "phone",
    "llamadas": "phone",
    "web": "web",
    "website": "web",
    "online": "web",
    "ecommerce": "web",
    "chat": "chat",
    "livechat": "chat",
    "whatsapp": "chat",
    "sms": "sms",
    "fax": "fax",
    "social": "social",
    "facebook": "social",
    "instagram": "social",
    "linkedin": "social",
    "twitter": "social",
    "tiktok": "social",
    "visit": "visit",
    "visita": "visit",
    "store": "visit",
    "shop": "visit",
    "tienda": "visit",
}


# Column types one typed array of a set-based INSERT carries as they are.
INSERTABLE_TYPES = (
    "int4",
    "varchar",
    "text",
    "bool",
    "date",
    "timestamp",
    "numeric",
    "float8",
)

# A summary is one line: typed or imported longer ones are refused (the rest
# belongs in the description); Odoo shortens what it logs from longer texts.
SUMMARY_SIZE = 200


def channel_from_name(name):
    """The channel a utm medium or source name says, or None."""
    words = re.findall(r"\w+", (name or "").lower().replace("e-mail", "email"))
    for word in words:
        if word in UTM_WORDS:
            return UTM_WORDS[word]
    return None


def one_line(text, size=SUMMARY_SIZE):
    """``text`` on one line of at most ``size`` characters (cut with "…"): what
    Odoo logs from longer texts (e-mail subjects, lead names), the full text
    staying in the source document."""
    text = re.sub(r"\s*[\r\n\t\v\f]+\s*", " ", text or "").strip()
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


class CrmTouchpointLogging(models.AbstractModel):
    _name = "crm.touchpoint.logging"
    _description = "Touchpoint Logging of Business Events"

    @api.model
    def _log_events(self, vals_list):
        """Log touchpoints for business events, exactly once per event.

        Each dict carries an ``event_ref`` (for instance ``sale.order,7,confirm``)
        that identifies the event; events already logged are skipped, so a
        repeated confirmation, a replayed e-mail or a rerun job adds nothing.
        Logging is a side effect of an action the user was allowed to perform,
        hence sudo; the company and salesperson come from the source document.
        The touchpoints are written set-based (``_insert_events``).
        """
        Touchpoint = self.env["crm.touchpoint"].sudo().with_context(active_test=False)
        vals_list = [vals for vals in vals_list if vals.get("partner_id")]
        if not vals_list:
            return Touchpoint.browse()
        refs = [vals["event_ref"] for vals in vals_list]
        done = {
            row[0]
            for row in self.env.execute_query(
                SQL(
                    "SELECT event_ref FROM crm_touchpoint WHERE event_ref = ANY(%s)",
                    refs,
                )
            )
        }
        todo, seen = [], set()
        for vals in vals_list:
            if vals["event_ref"] in done or vals["event_ref"] in seen:
                continue
            seen.add(vals["event_ref"])
            todo.append(vals)
        return Touchpoint._insert_events(todo) if todo else Touchpoint.browse()

    @api.model
    def _insert_events(self, vals_list):
        """Create the touchpoints of ``vals_list`` as the ORM's ``create``
        would (same checks, defaults, normalised customer, default teams,
        computed fields, constraints and company checks), in one ``INSERT ...
        SELECT FROM unnest(...)`` for the whole batch instead of the ORM's
        per-record work. Values the statement cannot carry (relations given
        as commands, translated or binary fields) go through ``create``.

        An event logged meanwhile by another transaction is skipped (``ON
        CONFLICT``), as the event key is unique."""
        Touchpoint = self.env["crm.touchpoint"].sudo().with_context(active_test=False)
        if not vals_list:
            return Touchpoint.browse()
        vals_list = [dict(vals) for vals in vals_list]
        Touchpoint._check_user_values(vals_list)
        Touchpoint._normalise_partner_vals(vals_list)
        Touchpoint._fill_default_teams(vals_list)
        model_fields = Touchpoint._fields
        missing = [
            name
            for name in model_fields
            if name not in LOG_ACCESS_COLUMNS
            and any(name not in vals for vals in vals_list)
        ]
        defaults = Touchpoint.default_get(missing) if missing else {}
        vals_list = [dict(defaults, **vals) for vals in vals_list]
        self._precompute_events(Touchpoint, vals_list)
        names = sorted(set().union(*vals_list) - {"id", *LOG_ACCESS_COLUMNS})
        refs = [vals.get("event_ref") for vals in vals_list]
        if len(set(refs) - {None, False}) != len(refs) or not all(
            self._insertable(model_fields.get(name)) for name in names
        ):
            return Touchpoint.create(vals_list)
        now = self.env.cr.now()
        columns = {}  # name -> column values, in the order of vals_list
        for name in names:
            field = model_fields[name]
            columns[name] = [
                field.convert_to_column_insert(vals[name], Touchpoint, vals)
                if name in vals
                else None
                for vals in vals_list
            ]
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO crm_touchpoint
                    (%s, create_uid, create_date, write_uid, write_date)
                SELECT u.*, %s, %s, %s, %s FROM unnest(%s) AS u
                ON CONFLICT (event_ref) DO NOTHING
                RETURNING id, event_ref
                """,
                SQL(", ").join(SQL.identifier(name) for name in names),
                self.env.uid,
                now,
                self.env.uid,
                now,
                SQL(", ").join(
                    SQL(
                        "%s::%s[]",
                        columns[name],
                        SQL(model_fields[name].column_type[1]),
                    )
                    for name in names
                ),
            )
        )
        if not rows:
            return Touchpoint.browse()
        # What the ORM's create does after its INSERT: the new records in
        # cache (no read back), the inverse relations (the customers'
        # touchpoints) read again, the fields depending on touchpoints marked
        # to recompute (their own computed fields are given: protected), then
        # the constraints and the companies.
        position = {ref: index for index, ref in enumerate(refs)}
        rows.sort(key=lambda row: position[row[1]])
        kept = [position[row[1]] for row in rows]
        records = Touchpoint.browse([row[0] for row in rows])
        cache = self.env.cache
        for name, field in model_fields.items():
            if name in columns:
                values = [vals_list[index].get(name) for index in kept]
            elif name in LOG_ACCESS_COLUMNS:
                values = [self.env.uid if name.endswith("uid") else now] * len(kept)
            elif name != "id" and field.column_type and not field.compute:
                values = [None] * len(kept)
            else:
                continue
            cache.update(
                records,
                field,
                [field.convert_to_cache(value, records) for value in values],
            )
        for name in names:
            for inverse in self.pool.field_inverses[model_fields[name]]:
                self.env[inverse.model_name].invalidate_model([inverse.name])
        protected = [model_fields[name] for name in names if model_fields[name].compute]
        with self.env.protecting(protected, records):
            records.modified(list(model_fields), create=True)
        records._validate_fields(names)
        records._check_company_by_company()
        return records

    @api.model
    def _precompute_events(self, Touchpoint, vals_list):
        """The stored computed fields of the new touchpoints (score, customer
        type, ...) computed before the INSERT, in batch on new records, as
        the ORM's precomputed fields are: no UPDATE after it."""
        computed = [
            name
            for name, field in Touchpoint._fields.items()
            if field.store
            and field.compute
            and field.column_type
            and name not in LOG_ACCESS_COLUMNS
            and any(name not in vals for vals in vals_list)
        ]
        if not computed:
            return
        # New records holding only what these fields depend on, put in cache
        # field by field for the batch (cheaper than ``new()`` per record).
        depends = {
            path.split(".")[0]
            for name in computed
            for path in self.pool.field_depends[Touchpoint._fields[name]]
        }
        news = Touchpoint.browse([NewId() for _vals in vals_list])
        for name in depends:
            field = Touchpoint._fields[name]
            self.env.cache.update(
                news,
                field,
                [field.convert_to_cache(vals.get(name), news) for vals in vals_list],
            )
        for name in computed:
            field = Touchpoint._fields[name]
            values = [field.convert_to_write(new[name], new) for new in news]
            for vals, value in zip(vals_list, values, strict=True):
                vals.setdefault(name, value)
        self.env.cache.invalidate(
            [(field, news._ids) for field in Touchpoint._fields.values()]
        )

    @staticmethod
    def _insertable(field):
        """A field whose value one typed array of the INSERT carries."""
        return bool(
            field
            and field.store
            and field.column_type
            and field.column_type[0] in INSERTABLE_TYPES
            and not field.translate
            and not field.company_dependent
        )

    def _check_company_by_company(self):
        """Odoo's ``_check_company`` of these records, one check per company
        and field instead of one per record; the records it refuses go
        through Odoo's own check, which raises its own message."""
        names = [
            name
            for name, field in self._fields.items()
            if field.relational
            and field.check_company
            and not field.company_dependent
            and field.type == "many2one"
        ]
        refused = self.browse()
        for company in self.company_id:
            records = self.filtered(lambda r, c=company: r.company_id == c).sudo()
            for name in names:
                corecords = records[name]
                domain = corecords and corecords._check_company_domain(company)
                if domain:
                    allowed = corecords.with_context(active_test=False).filtered_domain(
                        domain
                    )
                    refused |= records.filtered(
                        lambda r, n=name, a=allowed: r[n] and r[n] not in a
                    )
        if refused:
            refused._check_company()

    @api.model
    def _event_values(self, record, event, **values):
        """Common values of a touchpoint logged for ``event`` on ``record``;
        ``values`` gives the rest (channel, kind, date, summary, ...). The
        summary is put on one line of at most SUMMARY_SIZE characters."""
        partner = record._crm_touchpoint_partner()
        vals = {
            "partner_id": partner.commercial_partner_id.id if partner else False,
            "res_model": record._name,
            "res_id": record.id,
            "event_ref": f"{record._name},{record.id},{event}",
        }
        if partner and partner != partner.commercial_partner_id:
            vals["contact_id"] = partner.id
        company = self.env["res.company"]
        if "company_id" in record._fields:
            company = record.company_id
        if not company and partner:
            company = partner.company_id
        vals["company_id"] = (company or self.env.company).id
        # The document's salesperson and team (empty stays empty: a touchpoint
        # logged by the mail gateway does not belong to OdooBot).
        for name, comodel in (("user_id", "res.users"), ("team_id", "crm.team")):
            field = record._fields.get(name)
            if field and field.type == "many2one" and field.comodel_name == comodel:
                vals[name] = record[name].id
        vals.update(values)
        vals["summary"] = one_line(vals.get("summary")) or one_line(record.display_name)
        return vals

    @api.model
    def _channels_of(self, records):
        """{id: channel} for orders or leads (any utm.mixin document).

        In this order: what their medium says, then their source (Odoo's own
        media and sources by external ID, others by a word of their name); a
        website order is web; then the usual channel of their sales team;
        "other" when nothing says.
        """
        records = records.sudo()
        xmlids = {}  # (model, id) -> external ID, one query per utm model
        for utm_records in (records.medium_id, records.source_id):
            for utm_id, xmlid in utm_records.get_external_id().items():
                xmlids[utm_records._name, utm_id] = xmlid

        def utm_channel(utm_record):
            if not utm_record:
                return None
            xmlid = xmlids.get((utm_record._name, utm_record.id))
            return UTM_CHANNELS.get(xmlid) or channel_from_name(utm_record.name)

        website = "website_id" in records._fields
        channels = {}
        for record in records:
            channels[record.id] = (
                utm_channel(record.medium_id)
                or utm_channel(record.source_id)
                or ("web" if website and record.website_id else None)
                or record.team_id.touchpoint_channel
                or "other"
            )
        return channels
