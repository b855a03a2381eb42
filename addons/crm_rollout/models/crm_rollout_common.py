# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Names shared by the models of a plan (kept apart from the plan's module so
that importing them does not define the plan before its mixins)."""

METHODOLOGIES = [("gradual", "Gradual"), ("big_bang", "Big Bang")]
PHASES = [
    ("planning", "Planning"),
    ("implementation", "Implementation"),
    ("test", "Pre-go-live Test"),
    ("evaluation", "Evaluation"),
    ("closed", "Closed"),
]
LEADERS = "crm_rollout.group_rollout_leader"
CONSULTANTS = "crm_rollout.group_rollout_consultant"
