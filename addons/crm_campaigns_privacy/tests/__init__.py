from . import test_campaign_consent
from . import test_i18n
