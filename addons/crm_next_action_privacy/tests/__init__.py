from . import test_proposal_consent
from . import test_i18n
