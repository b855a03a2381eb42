# Copyright 2026 CRM Relationship Team
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """On a database that already recorded objections to profiling, each one
    becomes a refused "profiling" consent, with the history of the flag."""
    env["privacy.consent"]._crm_migrate_profiling_objections()
