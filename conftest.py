"""pytest set-up for the two kinds of tests in this repository.

* ``pytest tests``: the pure suite (crm_insight and repository checks, no Odoo).
  When pytest-odoo is installed, its session fixture ``load_registry`` (which
  opens an Odoo registry before the first test) is left out of such runs.
* ``pytest --odoo-database=<db> addons/<addon>/tests``: an addon's Odoo tests
  through pytest-odoo, on a database where the addon is installed. The
  repository's ``odoo.conf`` and ``addons/`` are used unless ``--odoo-config``
  or ``$ODOO_RC`` name another configuration.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent


def _odoo_configured(config):
    return bool(
        getattr(config.option, "odoo_config", None)
        or os.environ.get("ODOO_RC")
        or os.environ.get("OPENERP_SERVER")
    )


def _odoo_run(config):
    """Whether pytest-odoo runs Odoo tests in this session (its own test)."""
    return bool(
        getattr(config.option, "odoo_database", None)
        or getattr(config.option, "odoo_dev", None)
        or _odoo_configured(config)
    )


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_cmdline_main(config):
    # before pytest-odoo's own hook reads the options and configures Odoo
    if _odoo_run(config) and not _odoo_configured(config):
        config.option.odoo_config = str(ROOT / "odoo.conf")
        # odoo.conf's addons path is relative to the repository root
        if not config.option.odoo_addons_path:
            config.option.odoo_addons_path = str(ROOT / "addons")
    yield


@pytest.fixture(scope="session", autouse=True)
def load_registry(request):
    """pytest-odoo's fixture of the same name, only when it runs Odoo tests."""
    if _odoo_run(request.config):
        request.getfixturevalue("load_registry")
    yield
