from . import test_campaign_action
from . import test_crosssell
from . import test_i18n
from . import test_tour
