# Copyright 2026 CRM Relationship Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a scoring produces, defined once for the whole addon.

- The segments are crm_insight's (``crm_insight.rfm.SEGMENTS``, best first):
  the selections of the partners, the snapshots and the movements are built
  from that list, and Odoo translates their labels.
- The score columns: for each figure of crm_insight's result, its column on
  the partners (company-dependent), on the snapshots and its SQL type in the
  staging table of the bulk writes. The run's writes, the stale-score cleanup,
  the objection cleanup, the snapshot merge and the export all read this list.
"""

from collections import namedtuple

try:
    from crm_insight import rfm as insight_rfm
except ImportError:  # pragma: no cover - reported by external_dependencies
    insight_rfm = None

USERS = "crm_relationship.group_crm_relationship_user"
MANAGERS = "crm_relationship.group_crm_relationship_manager"

SEGMENTS = list(insight_rfm.SEGMENTS.items()) if insight_rfm else []

ScoreColumn = namedtuple("ScoreColumn", "key partner_field snapshot_field sql_type")
SCORE_COLUMNS = (
    ScoreColumn("recency_days", "rfm_recency_days", "recency_days", "int4"),
    ScoreColumn("purchases", "rfm_frequency", "frequency", "int4"),
    ScoreColumn("monetary", "rfm_monetary", "monetary", "float8"),
    ScoreColumn("r_score", "rfm_r_score", "r_score", "int4"),
    ScoreColumn("f_score", "rfm_f_score", "f_score", "int4"),
    ScoreColumn("m_score", "rfm_m_score", "m_score", "int4"),
    ScoreColumn("segment", "rfm_segment", "segment", "text"),
    ScoreColumn("loyalty_score", "loyalty_score", "loyalty_score", "float8"),
    ScoreColumn(
        "churn_probability", "churn_probability", "churn_probability", "float8"
    ),
    ScoreColumn(
        "expected_purchases", "expected_purchases", "expected_purchases", "float8"
    ),
    ScoreColumn("expected_revenue", "expected_revenue", "expected_revenue", "float8"),
    ScoreColumn("clv", "clv", "clv", "float8"),
    # crm_insight's note when the segment and the churn risk disagree (a code)
    # and the usual days between purchases it quotes
    ScoreColumn(
        "usual_interval_days",
        "rfm_usual_interval_days",
        "usual_interval_days",
        "float8",
    ),
    ScoreColumn("churn_note", "rfm_churn_note", "churn_note", "text"),
)
# The partner columns a scoring writes (the scores and the time of the run).
PARTNER_SCORE_FIELDS = [column.partner_field for column in SCORE_COLUMNS] + [
    "rfm_scored_at"
]
# Figures that add up when two customers become one (a partner merge).
ADDITIVE_KEYS = (
    "purchases",
    "monetary",
    "expected_purchases",
    "expected_revenue",
    "clv",
)
