from . import test_customer_type
from . import test_touchpoint
from . import test_auto_logging
from . import test_profile
from . import test_import
from . import test_access
from . import test_privacy_maintenance
from . import test_tour
