# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Domains typed by users (Odoo's domain editor) are parsed as data, never
evaluated as Python: plain Python, no Odoo."""

import ast

OPERATORS = {"&", "|", "!"}


class DomainError(ValueError):
    """The text is not a domain made of literals."""


def parse_domain(text):
    """``"[('name', '=', 'x')]"`` -> ``[("name", "=", "x")]``.

    Only literals are accepted (strings, numbers, booleans, None, lists and
    tuples of them): a name, a call or an attribute raises DomainError, so
    nothing of the text is ever run.
    """
    if isinstance(text, list):
        domain = text
    else:
        text = (text or "").strip() or "[]"
        try:
            domain = ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            raise DomainError(text) from None
    if not isinstance(domain, (list, tuple)):
        raise DomainError(text)
    result = []
    for element in domain:
        if isinstance(element, str) and element in OPERATORS:
            result.append(element)
        elif (
            isinstance(element, (list, tuple))
            and len(element) == 3
            and isinstance(element[0], (str, int))
            and isinstance(element[1], str)
        ):
            left, operator, right = element
            if isinstance(right, list):
                right = list(right)
            result.append((left, operator, right))
        else:
            raise DomainError(text)
    return result
