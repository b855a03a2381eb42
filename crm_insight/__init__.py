"""Customer analytics for CRM, in plain Python (no Odoo).

RFM scores and segments (:mod:`crm_insight.rfm`), the BG/NBD churn model
(:mod:`crm_insight.bgnbd`), the Gamma-Gamma spend model and customer lifetime
value (:mod:`crm_insight.gammagamma`), a loyalty score
(:mod:`crm_insight.loyalty`), segment migration (:mod:`crm_insight.migration`),
period KPIs (:mod:`crm_insight.kpis`), cross-sell rules
(:mod:`crm_insight.crosssell`), XLSX reports (:mod:`crm_insight.report`) and the
``crm-insight`` command line (:mod:`crm_insight.cli`).
"""

from .analysis import Analysis, Scoring, analyze, score_customers
from .data import InputError, Transactions, prepare, read_table, summarize
from .fitting import FitResult

__version__ = "18.0.1.0.0"
