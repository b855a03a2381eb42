from . import res_partner_duplicates
from . import res_partner_import
from . import res_partner
from . import base_partner_merge
