# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Conditions typed with Odoo's domain editor (campaign targets, next best
action rules) are parsed as data, never evaluated as Python (plain Python, no
Odoo)."""

import ast

OPERATORS = {"&", "|", "!"}


class DomainError(ValueError):
    """The text is not a domain made only of literals."""


def parse_domain(text):
    """``"[('name', '=', 'x')]"`` -> ``[("name", "=", "x")]``.

    Only literals are accepted (strings, numbers, booleans, None, and lists or
    tuples of them): a name, a call or an attribute raises DomainError, so
    nothing of the text is ever run. A domain already parsed (a list) is
    checked the same way.

    >>> parse_domain("[('rfm_segment', 'in', ['at_risk', 'lost'])]")
    [('rfm_segment', 'in', ['at_risk', 'lost'])]
    >>> parse_domain("['|', ('a', '=', 1), ('b', '!=', False)]")
    ['|', ('a', '=', 1), ('b', '!=', False)]

    ``"[('create_date', '>', context_today())]"`` raises DomainError.
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
            # a field path, or Odoo's (1, '=', 1) / (0, '=', 1) leaves
            and isinstance(element[0], (str, int))
            and isinstance(element[1], str)
        ):
            left, operator, right = element
            if isinstance(right, (list, tuple)):
                right = list(right)
            result.append((left, operator, right))
        else:
            raise DomainError(text)
    return result
