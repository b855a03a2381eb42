#!/usr/bin/env python3
"""Run every test suite of the repository and print one summary line per suite.

Suites:

* ``static``: ruff (lint and format), pylint-odoo with the mandatory rc file,
  ``docker compose config`` on ``docker-compose.yml``;
* ``pure``: pytest on ``tests/`` (crm_insight and repository checks, no Odoo);
* ``odoo``: when ``$PYTHON`` imports Odoo 18, a fresh database with every addon
  of ``addons/`` installed (with demo data) and their Odoo tests run, the
  ``HttpCase`` tours included when ``chromium`` is on ``PATH``.

Only the standard library is used so that this runs before anything is installed.
Exit status: 0 when no suite failed, 1 otherwise.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS_DIR = ROOT / "addons"
RESULTS = []  # (suite, status, detail)


def say(message=""):
    print(message, flush=True)


def run(cmd, **kwargs):
    say("$ " + " ".join(str(c) for c in cmd))
    return subprocess.run(cmd, cwd=kwargs.pop("cwd", ROOT), check=False, **kwargs)


def record(suite, status, detail):
    RESULTS.append((suite, status, detail))


def our_addons():
    return sorted(
        p.name for p in ADDONS_DIR.iterdir() if (p / "__manifest__.py").is_file()
    )


# --------------------------------------------------------------------------- static
def suite_static(python):
    failures = []
    checks = 0
    for name, cmd in (
        ("ruff check", [python, "-m", "ruff", "check", "."]),
        ("ruff format", [python, "-m", "ruff", "format", "--check", "."]),
        (
            "pylint-odoo",
            [python, "-m", "pylint", "--rcfile=.pylintrc-mandatory"]
            + [str(ADDONS_DIR / a) for a in our_addons()],
        ),
    ):
        checks += 1
        if run(cmd).returncode != 0:
            failures.append(name)
    compose = compose_command()
    if compose:
        checks += 1
        if run(compose + ["-f", "docker-compose.yml", "config", "-q"]).returncode:
            failures.append("docker compose config")
    else:
        say("docker compose: no compose client on this machine, check not run")
    if failures:
        record("static", "failed", f"{', '.join(failures)} failed")
    else:
        record("static", "passed", f"{checks} checks")


def compose_command():
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run(
            [docker, "compose", "version"], capture_output=True, check=False
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


# --------------------------------------------------------------------------- pure
def suite_pure(python):
    proc = run(
        [python, "-m", "pytest", "-q", "tests"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sys.stdout.write(proc.stdout)
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    summary = summary.strip("= ")
    record("pure", "passed" if proc.returncode == 0 else "failed", summary)


# --------------------------------------------------------------------------- odoo
def odoo_importable(python):
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
                run([ctl, version, cluster, "start"])
        for _i in range(30):
            if subprocess.run([ready, "-q"], env=env, check=False).returncode == 0:
                break
            time.sleep(1)
    psql = shutil.which("psql")
    if not psql:
        return
    login = subprocess.run(
        [psql, "-d", "postgres", "-Atc", "select 1"],
        env=env,
        capture_output=True,
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


def database_exists(env, name):
    psql = shutil.which("psql")
    if not psql:
        return False
    out = subprocess.run(
        [psql, "-d", "postgres", "-Atc", "SELECT datname FROM pg_database"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    return name in out


def ensure_database(python, name, env, modules):
    """Create ``name`` with ``modules`` installed (no demo data) if missing."""
    if database_exists(env, name):
        return
    say(f"creating {name} ({modules}, no demo data)...")
    subprocess.run(
        [
            python,
            "-m",
            "odoo",
            "-c",
            str(ROOT / "odoo.conf"),
            "-d",
            name,
            "-i",
            modules,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )


def odoo_registry(python, database, modules):
    """For the benchmarks: PostgreSQL up, ``database`` created with
    ``modules`` if missing, and its Odoo registry in this process."""
    env = pg_env()
    os.environ.update({k: v for k, v in env.items() if k.startswith("PG")})
    ensure_postgres(env)
    ensure_database(python, database, env, modules)
    import odoo  # only where Odoo is importable

    odoo.tools.config.parse_config(
        ["-c", str(ROOT / "odoo.conf"), "-d", database, "--log-level=warn"]
    )
    return odoo.modules.registry.Registry(database)


def suite_odoo(python, version, database, keep_db):
    env = pg_env()
    ensure_postgres(env)
    addons = our_addons()
    tags = ",".join(f"/{a}" for a in addons)
    run([shutil.which("dropdb") or "dropdb", "--if-exists", database], env=env)
    log_path = ROOT / "var" / "odoo-test.log"
    log_path.parent.mkdir(exist_ok=True)
    cmd = [
        python,
        "-m",
        "odoo",
        "-c",
        str(ROOT / "odoo.conf"),
        "-d",
        database,
        "-i",
        ",".join(addons),
        "--test-enable",
        f"--test-tags={tags}",
        "--stop-after-init",
        "--http-port",
        env.get("ODOO_TEST_HTTP_PORT", "8169"),
        "--log-level=info",
    ]
    say(f"Odoo {version}: installing {', '.join(addons)} in {database}")
    started = time.time()
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for line in proc.stdout:
            log.write(line)
            if re.search(r" (ERROR|CRITICAL|WARNING) |FAIL:|ERROR:|Traceback", line):
                sys.stdout.write(line)  # problems as they happen
            elif "odoo.tests.result" in line or " tests in " in line:
                sys.stdout.write(line)  # the runner's own counts
        rc = proc.wait()
    text = log_path.read_text()
    errors = len(re.findall(r"^\S+ \S+ \d+ (?:ERROR|CRITICAL) ", text, re.MULTILINE))
    result = re.findall(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests", text)
    failed, errored, ran = (int(x) for x in result[-1]) if result else (0, 0, 0)
    skipped = len(re.findall(r"skipped", text, re.IGNORECASE))
    tours = len(re.findall(r"Starting \S+\.test_tour\w*", text))
    chromium = shutil.which("chromium") or shutil.which("google-chrome")
    detail = (
        f"{ran} tests, {failed} failed, {errored} errors, {errors} error log lines, "
        f"{tours} tour(s) in {'headless Chromium' if chromium else 'NO browser'}, "
        f"{round(time.time() - started)} s; log: var/odoo-test.log"
    )
    ok = rc == 0 and ran > 0 and not failed and not errored and not errors
    record("odoo", "passed" if ok else "failed", detail)
    if skipped:
        say(f"note: {skipped} line(s) of the Odoo log mention skipped tests")
    if not chromium:
        record("odoo tours", "skipped", "chromium is not on PATH")
    if not keep_db and ok:
        run([shutil.which("dropdb") or "dropdb", "--if-exists", database], env=env)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=os.environ.get("PYTHON", "python3"))
    parser.add_argument(
        "--suites", default="static,pure,odoo", help="comma separated subset"
    )
    parser.add_argument("--database", default=os.environ.get("TEST_DB", "crm_test"))
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()
    wanted = set(args.suites.split(","))

    if "static" in wanted:
        suite_static(args.python)
    if "pure" in wanted:
        suite_pure(args.python)
    if "odoo" in wanted:
        version = odoo_importable(args.python)
        if version:
            suite_odoo(args.python, version, args.database, args.keep_db)
        else:
            say("")
            say("#" * 78)
            say(f"### ODOO SUITES SKIPPED: '{args.python}' cannot import Odoo 18.")
            say("### The addons were NOT tested. Set PYTHON to a Python that imports")
            say("### Odoo 18.0 (README, 'Running the tests') and run make test again.")
            say("#" * 78)
            record("odoo", "skipped", f"'{args.python}' cannot import Odoo 18")

    say("")
    say("=" * 30 + " summary " + "=" * 30)
    for suite, status, detail in RESULTS:
        say(f"{suite:<11} {status.upper():<8} {detail}")
    return 1 if any(status == "failed" for _s, status, _d in RESULTS) else 0


if __name__ == "__main__":
    sys.exit(main())
