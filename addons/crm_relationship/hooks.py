# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def post_init_hook(env):
    """Put the history the database already has (confirmed orders, leads and
    their outcomes) in the customers' timelines."""
    env["crm.touchpoint"]._backfill_from_history()
