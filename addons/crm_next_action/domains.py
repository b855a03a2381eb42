# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Conditions typed with Odoo's domain editor are parsed as data, never
evaluated as Python (plain Python, no Odoo)."""

import ast

OPERATORS = {"&", "|", "!"}


class DomainError(ValueError):
    """The text is not a domain made only of literals."""


def parse_domain(text):
    """``"[('name', '=', 'x')]"`` -> ``[("name", "=", "x")]``.

    Only literals are accepted (strings, numbers, booleans, None, and lists or
    tuples of them): a name, a call or an attribute raises DomainError, so
    nothing of the text is ever run.

    >>> parse_domain("[('rfm_segment', 'in', ['at_risk', 'lost'])]")
    [('rfm_segment', 'in', ['at_risk', 'lost'])]
    >>> parse_domain("['|', ('a', '=', 1), ('b', '!=', False)]")
    ['|', ('a', '=', 1), ('b', '!=', False)]

    ``"[('create_date', '>', context_today())]"`` raises DomainError.
    """
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
            and isinstance(element[0], str)
            and isinstance(element[1], str)
        ):
            left, operator, right = element
            if isinstance(right, tuple):
                right = list(right)
            result.append((left, operator, right))
        else:
            raise DomainError(text)
    return result
