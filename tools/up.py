#!/usr/bin/env python3
"""Bring up Odoo 18 with every addon of this repository in database ``crm_demo``.

1. With a running Docker engine: ``docker compose up --build``.
2. Otherwise, when ``$PYTHON`` imports Odoo 18: start the local PostgreSQL when
   needed, create or update ``crm_demo`` (demo data), serve on port 8069 in the
   foreground.
3. Otherwise: one message saying what is missing, exit status 1.
"""

import argparse
import os
import shutil
import subprocess
import sys

from run_suites import (
    ROOT,
    compose_command,
    database_exists,
    ensure_postgres,
    odoo_importable,
    our_addons,
    pg_env,
)

DATABASE = "crm_demo"


def docker_engine_running():
    docker = shutil.which("docker")
    if not docker:
        return False
    probe = subprocess.run([docker, "info"], capture_output=True, check=False)
    return probe.returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=os.environ.get("PYTHON", "python3"))
    parser.add_argument("--port", default=os.environ.get("ODOO_PORT", "8069"))
    args = parser.parse_args()

    compose = compose_command()
    if compose and docker_engine_running():
        os.chdir(ROOT)
        os.execvp(compose[0], compose + ["up", "--build"])

    version = odoo_importable(args.python)
    if not version:
        print(
            "make up: no running Docker engine and "
            f"'{args.python}' cannot import Odoo 18. Start Docker, or set PYTHON "
            "to a Python that imports Odoo 18.0 (see README, 'Running locally').",
            file=sys.stderr,
        )
        return 1

    env = pg_env()
    ensure_postgres(env)
    addons = ",".join(our_addons())
    base = [args.python, "-m", "odoo", "-c", str(ROOT / "odoo.conf"), "-d", DATABASE]
    exists = database_exists(env, DATABASE)
    # -i installs the addons added to the repository since, -u updates the others
    flags = ["-i", addons, "-u", addons] if exists else ["-i", addons]
    print(f"Odoo {version}: {'updating' if exists else 'creating'} {DATABASE}")
    init = subprocess.run(
        base + flags + ["--stop-after-init"], cwd=ROOT, env=env, check=False
    )
    if init.returncode:
        return init.returncode
    print(f"Serving {DATABASE} on http://localhost:{args.port} (admin / admin)")
    os.chdir(ROOT)
    os.execvpe(
        args.python,
        base + ["--http-port", args.port, f"--db-filter=^{DATABASE}$"],
        env,
    )


if __name__ == "__main__":
    sys.exit(main())
