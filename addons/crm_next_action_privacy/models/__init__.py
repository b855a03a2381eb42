from . import crm_next_action_proposal
