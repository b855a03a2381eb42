from . import crm_rollout_protected
from . import crm_rollout_capability
from . import crm_rollout_phase
from . import crm_rollout_member
from . import crm_rollout_grant
from . import crm_rollout_wave
from . import crm_rollout_kpi
from . import crm_rollout_objective
from . import crm_rollout_process
from . import crm_rollout_readiness
from . import crm_rollout_readiness_check
from . import crm_rollout_measure
from . import crm_rollout_evaluation
from . import crm_rollout_rfm_cell
from . import crm_rollout_training
from . import crm_rollout_report
from . import crm_touchpoint
from . import crm_rollout_demo
from . import crm_rollout_plan

# SQL views that read the plans' table
from . import crm_rollout_training_status
