"""Customer analytics for CRM, in plain Python (no Odoo).

RFM scores and segments (:mod:`crm_insight.rfm`); three churn models, BG/NBD
(:mod:`crm_insight.bgnbd`), MBG/NBD (:mod:`crm_insight.mbgnbd`) and
Pareto/NBD (:mod:`crm_insight.paretonbd`), fitted by the shared maximum
likelihood core (:mod:`crm_insight.fitting`), the one of each run chosen on a
calibration / hold-out split, with its tracking and a 12-month projection
(:mod:`crm_insight.churn`); the Gamma-Gamma spend model and customer lifetime
value (:mod:`crm_insight.gammagamma`); a loyalty score
(:mod:`crm_insight.loyalty`), segment migration (:mod:`crm_insight.migration`),
period KPIs (:mod:`crm_insight.kpis`), cross-sell rules
(:mod:`crm_insight.crosssell`), XLSX reports and escaped CSV files
(:mod:`crm_insight.report`) and the ``crm-insight`` command line
(:mod:`crm_insight.cli`). Warnings and statuses carry codes for translation
(:mod:`crm_insight.messages`). crm_insight/README.md documents the API Odoo
uses and every message code.
"""

from .analysis import Analysis, Scoring, analyze, score_customers
from .churn import ChurnChoice, Holdout, Projection, holdout_from_totals, split_day
from .data import InputError, Transactions, prepare, read_table, summarize
from .fitting import FitResult
from .messages import TEMPLATES, Message

__version__ = "18.0.1.0.0"
