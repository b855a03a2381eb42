# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Imports that match rows by a reference column instead of Odoo's ``id``."""

import hashlib


def refs_as_external_ids(records, fields, data, prefix, domain):
    """Turn the ``ref`` column of an import into external IDs, so that a row
    whose reference exists updates that record instead of creating another.

    Each reference gets the external ID ``__import__.<prefix>_<hash>`` (the
    hash of the company and the reference). Records that already carry the
    reference but no such external ID (entered by hand, or imported without
    references) are given it first; ``domain`` (a function of the references)
    finds them, and the first one found wins when several share a reference.
    ``fields`` and ``data`` are changed in place: an ``id`` column is added."""
    column = fields.index("ref")
    company = records.env.company
    IrModelData = records.env["ir.model.data"].sudo()
    names = {}
    for row in data:
        ref = (row[column] or "").strip()
        if ref:
            digest = hashlib.sha1(f"{company.id}/{ref}".encode()).hexdigest()
            names[ref] = f"{prefix}_{digest[:24]}"
    existing = records.with_context(active_test=False).search_fetch(
        domain(list(names)), ["ref"]
    )
    known = set(
        IrModelData.search(
            [
                ("module", "=", "__import__"),
                ("name", "in", [names[record.ref] for record in existing]),
            ]
        ).mapped("name")
    )
    vals_list = []
    for record in existing:
        name = names[record.ref]
        if name not in known:
            known.add(name)
            vals_list.append(
                {
                    "module": "__import__",
                    "name": name,
                    "model": records._name,
                    "res_id": record.id,
                }
            )
    IrModelData.create(vals_list)
    fields.append("id")
    for row in data:
        ref = (row[column] or "").strip()
        row.append(f"__import__.{names[ref]}" if ref else "")
