from . import privacy_activity
from . import privacy_consent_migration
from . import privacy_consent
from . import res_partner
from . import base_partner_merge_automatic_wizard
