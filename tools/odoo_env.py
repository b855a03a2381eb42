"""What `make test`, `make up`, the container's init and the benchmarks share:
the addons of the repository, the Python that imports Odoo, the PostgreSQL
server and role, and which addons a database already has.

Only the standard library is used, so that this runs before anything is
installed (and in the container, where ``psql`` is the PostgreSQL client).
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS_DIR = ROOT / "addons"
# ir_module_module states of an addon that is (being) installed: -u, not -i
INSTALLED_STATES = ("installed", "to upgrade", "to remove")


def say(message=""):
    print(message, flush=True)


def our_addons():
    return sorted(
        p.name for p in ADDONS_DIR.iterdir() if (p / "__manifest__.py").is_file()
    )


def odoo_importable(python):
    """Odoo's version when ``python`` imports Odoo 18, else None."""
    probe = subprocess.run(
        [
            python,
            "-c",
            (
                "import odoo.release as r; "
                "assert r.version_info[0] == 18; print(r.version)"
            ),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.stdout.strip() if probe.returncode == 0 else None


def pg_env():
    env = dict(os.environ)
    env.setdefault("PGHOST", "localhost")
    env.setdefault("PGPORT", "5432")
    env.setdefault("PGUSER", "odoo")
    env.setdefault("PGPASSWORD", "odoo")
    return env


def ensure_postgres(env):
    """Start the local cluster and create the Odoo role when they are missing."""
    ready = shutil.which("pg_isready")
    if ready and subprocess.run([ready, "-q"], env=env, check=False).returncode != 0:
        ctl = shutil.which("pg_ctlcluster")
        lsc = shutil.which("pg_lsclusters")
        if ctl and lsc:
            for line in subprocess.run(
                [lsc, "-h"], capture_output=True, text=True, check=False
            ).stdout.splitlines():
                version, cluster = line.split()[:2]
                say(f"$ {ctl} {version} {cluster} start")
                subprocess.run([ctl, version, cluster, "start"], check=False)
        for _i in range(30):
            if subprocess.run([ready, "-q"], env=env, check=False).returncode == 0:
                break
            time.sleep(1)
    psql = shutil.which("psql")
    if not psql:
        return
    login = subprocess.run(
        [psql, "-w", "-d", "postgres", "-Atc", "select 1"],
        env=env,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if login.returncode != 0 and os.geteuid() == 0 and shutil.which("runuser"):
        # psql quotes the variables itself (:'x' literal, format %I / %L).
        script = (
            "SELECT format('CREATE ROLE %I LOGIN SUPERUSER PASSWORD %L', "
            ":'role', :'password') WHERE NOT EXISTS "
            "(SELECT FROM pg_roles WHERE rolname = :'role') \\gexec\n"
        )
        say(f"creating the PostgreSQL role {env['PGUSER']}")
        subprocess.run(
            ["runuser", "-u", "postgres", "--", psql, "-q", "-d", "postgres"]
            + ["-v", f"role={env['PGUSER']}", "-v", f"password={env['PGPASSWORD']}"],
            input=script,
            text=True,
            check=False,
            # the postgres superuser over the local socket, not $PGHOST as $PGUSER
            env={k: v for k, v in env.items() if not k.startswith("PG")},
        )


def _psql(env, database, sql):
    """Rows of ``sql`` (one column), or None when the query cannot run."""
    psql = shutil.which("psql")
    if not psql:
        return None
    proc = subprocess.run(
        [psql, "-w", "-d", database, "-v", "ON_ERROR_STOP=1", "-Atc", sql],
        env=env,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        text=True,
        check=False,
    )
    return proc.stdout.split() if proc.returncode == 0 else None


def database_exists(env, name):
    return name in (_psql(env, "postgres", "SELECT datname FROM pg_database") or [])


def installed_modules(env, database):
    """The addons installed in ``database`` (empty when it has none)."""
    states = ", ".join(f"'{s}'" for s in INSTALLED_STATES)
    return set(
        _psql(
            env,
            database,
            f"SELECT name FROM ir_module_module WHERE state IN ({states})",
        )
        or []
    )


def install_update_flags(env, database, addons):
    """Odoo's -i for the addons ``database`` does not have yet, -u for the
    others: -i on an installed addon would load its demo data again (and run
    its demo functions again), -u does not."""
    installed = (
        installed_modules(env, database) if database_exists(env, database) else set()
    )
    new = [a for a in addons if a not in installed]
    old = [a for a in addons if a in installed]
    return (["-i", ",".join(new)] if new else []) + (
        ["-u", ",".join(old)] if old else []
    )
