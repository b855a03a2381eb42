from . import test_scoring
from . import test_settings_sources
from . import test_access
from . import test_dashboard
from . import test_history
from . import test_i18n
from . import test_tour
