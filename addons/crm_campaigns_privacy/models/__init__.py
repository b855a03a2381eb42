from . import automation_record_step
from . import res_partner
