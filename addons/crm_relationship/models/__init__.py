from . import crm_touchpoint
from . import mail_thread
from . import res_company
from . import res_config_settings
from . import res_partner
from . import crm_lead
from . import mail_activity
from . import sale_order
