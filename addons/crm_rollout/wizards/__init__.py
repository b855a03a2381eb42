from . import crm_rollout_baseline_import
