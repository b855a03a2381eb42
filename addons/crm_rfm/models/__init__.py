from . import res_company
from . import res_config_settings
from . import res_partner
from . import crm_rfm_run
from . import crm_rfm_snapshot
from . import crm_rfm_movement
from . import crm_rfm_export
