from . import test_duplicates
from . import test_entry
from . import test_i18n
from . import test_import
from . import test_tour
