from . import test_consent
from . import test_consent_link
from . import test_migration
from . import test_partner_merge
from . import test_neutralize
from . import test_i18n
