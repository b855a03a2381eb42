#!/usr/bin/env python3
"""Bring up Odoo 18 with every addon of this repository in database ``crm_demo``.

1. With a running Docker engine: ``docker compose up --build``.
2. Otherwise, when ``$PYTHON`` imports Odoo 18: install what is missing
   (tools/deps.py: the OCA addons of requirements-oca.txt, crm-insight), start
   the local PostgreSQL when needed, create the database or bring it up to
   date, and serve it in the foreground on 127.0.0.1.
3. Otherwise: one message saying what is missing, exit status 1.

Bringing the database up to date installs (-i) only the addons it does not
have yet and updates (-u) the others, so their demo data is loaded once: -i
on an installed addon would load its demo files again.

The container's init (docker/init.sh) runs the same step with --init-only.
Environment (or the options of the same name): ODOO_DB (crm_demo), ODOO_PORT
(8069), ODOO_INTERFACE (127.0.0.1), ODOO_CONF (odoo.conf).
"""

import argparse
import os
import shutil
import subprocess
import sys

from deps import compose_client, install
from odoo_env import (
    ROOT,
    ensure_postgres,
    install_update_flags,
    odoo_importable,
    our_addons,
    pg_env,
    say,
)


def docker_engine_running():
    docker = shutil.which("docker")
    if not docker:
        return False
    probe = subprocess.run([docker, "info"], capture_output=True, check=False)
    return probe.returncode == 0


def init_database(python, config, database, addons, env):
    """Create ``database`` with ``addons`` (demo data) or bring it up to date."""
    flags = install_update_flags(env, database, addons)
    cmd = [python, "-m", "odoo", "-c", config, "-d", database, *flags]
    say(f"$ {' '.join(cmd)} --stop-after-init")
    return subprocess.run(
        cmd + ["--stop-after-init"], cwd=ROOT, env=env, check=False
    ).returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=os.environ.get("PYTHON", "python3"))
    parser.add_argument("--database", default=os.environ.get("ODOO_DB", "crm_demo"))
    parser.add_argument("--port", default=os.environ.get("ODOO_PORT", "8069"))
    parser.add_argument(
        "--interface",
        default=os.environ.get("ODOO_INTERFACE", "127.0.0.1"),
        help="address to serve on (default 127.0.0.1: this machine only)",
    )
    parser.add_argument(
        "--config", default=os.environ.get("ODOO_CONF", str(ROOT / "odoo.conf"))
    )
    parser.add_argument(
        "--addons", help="comma separated (default: every addon of addons/)"
    )
    parser.add_argument(
        "--init-only", action="store_true", help="create or update, do not serve"
    )
    parser.add_argument(
        "--no-install",
        action="store_true",
        help="do not pip install anything into $PYTHON",
    )
    args = parser.parse_args()

    if not args.init_only:
        compose = compose_client()
        if compose and docker_engine_running():
            os.chdir(ROOT)
            os.execvp(compose[0], compose + ["up", "--build"])

    version = odoo_importable(args.python)
    if not version:
        say(
            "make up: no running Docker engine and "
            f"'{args.python}' cannot import Odoo 18. Start Docker, or set PYTHON "
            "to a Python that imports Odoo 18.0 (see README, 'Running the tests')."
        )
        return 1
    if not args.no_install and install(args.python, test=False):
        say(f"make up: could not install the packages above into {args.python}")
        return 1

    env = pg_env()
    ensure_postgres(env)
    addons = args.addons.split(",") if args.addons else our_addons()
    say(f"Odoo {version}: {args.database} with {', '.join(addons)}")
    failed = init_database(args.python, args.config, args.database, addons, env)
    if failed or args.init_only:
        return failed
    url = f"http://{args.interface}:{args.port}"
    say(f"Serving {args.database} on {url} (login admin / admin)")
    os.chdir(ROOT)
    os.execvpe(
        args.python,
        [
            args.python,
            "-m",
            "odoo",
            "-c",
            args.config,
            "-d",
            args.database,
            "--http-interface",
            args.interface,
            "--http-port",
            args.port,
            f"--db-filter=^{args.database}$",
        ],
        env,
    )


if __name__ == "__main__":
    sys.exit(main())
