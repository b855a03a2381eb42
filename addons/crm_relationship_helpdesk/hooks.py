# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Put the tickets the database already has in their customers' timelines."""
    env["helpdesk.ticket"]._crm_backfill_touchpoints()
