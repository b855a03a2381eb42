from . import controllers
from . import models
from . import wizards


def uninstall_hook(env):
    env["crm.purchase.summary"]._drop_schema()
