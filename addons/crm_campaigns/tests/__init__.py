from . import test_seed_scenario
from . import test_optouts
from . import test_idempotency
from . import test_holdout_uplift
from . import test_crosssell
from . import test_access
from . import test_quality
from . import test_tour
