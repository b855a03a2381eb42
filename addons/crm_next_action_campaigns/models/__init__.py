from . import crm_next_action_rule
from . import crm_next_action
from . import res_partner
