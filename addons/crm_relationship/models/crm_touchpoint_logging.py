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
        """
        Touchpoint = self.env["crm.touchpoint"].sudo().with_context(active_test=False)
        vals_list = [vals for vals in vals_list if vals.get("partner_id")]
        if not vals_list:
            return Touchpoint.browse()
        refs = [vals["event_ref"] for vals in vals_list]
        done = set(
            Touchpoint.search_fetch([("event_ref", "in", refs)], ["event_ref"]).mapped(
                "event_ref"
            )
        )
        todo, seen = [], set()
        for vals in vals_list:
            if vals["event_ref"] in done or vals["event_ref"] in seen:
                continue
            seen.add(vals["event_ref"])
            todo.append(vals)
        return Touchpoint.create(todo) if todo else Touchpoint.browse()

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
