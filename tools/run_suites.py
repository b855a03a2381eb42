#!/usr/bin/env python3
"""Run every test suite of the repository and print one summary line per suite.

Suites:

* ``static``: the pre-commit hooks of ``.pre-commit-config.yaml`` on every
  file (``pre-commit run --all-files``: ruff, pylint-odoo with OCA's mandatory
  rc, OCA's checks of XML, CSV and PO files, whool-init, ...) and
  ``docker compose config`` on ``docker-compose.yml``;
* ``pure``: pytest on ``tests/`` (crm_insight and repository checks, no Odoo);
* ``odoo``: when ``$PYTHON`` imports Odoo 18, a fresh database with every addon
  of ``addons/`` installed (with demo data) and their Odoo tests run, the
  ``HttpCase`` tours included when ``chromium`` is on ``PATH``; then the check
  that pytest-odoo (``pytest --odoo-database=<db> addons/<addon>/tests``)
  collects exactly the tests Odoo's runner ran.

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

from deps import compose_client
from odoo_env import (
    ROOT,
    database_exists,
    ensure_postgres,
    odoo_importable,
    our_addons,
    pg_env,
    say,
)

RESULTS = []  # (suite, status, detail)


def run(cmd, **kwargs):
    say("$ " + " ".join(str(c) for c in cmd))
    return subprocess.run(cmd, cwd=kwargs.pop("cwd", ROOT), check=False, **kwargs)


def record(suite, status, detail):
    RESULTS.append((suite, status, detail))


# --------------------------------------------------------------------------- static
def suite_static(python):
    failures = []
    checks = 1
    # the hooks fix what they can (ruff, whitespace...) and then fail: the
    # diff says what they changed
    if run(
        [python, "-m", "pre_commit", "run", "--all-files", "--show-diff-on-failure"]
        + ["--color=never"]
    ).returncode:
        failures.append("pre-commit")
    compose = compose_client()
    if compose:
        checks += 1
        if run(compose + ["-f", "docker-compose.yml", "config", "-q"]).returncode:
            failures.append("docker compose config")
    else:
        failures.append("docker compose config (no compose client: make deps)")
    if failures:
        record("static", "failed", f"{', '.join(failures)} failed")
    else:
        record("static", "passed", f"{checks} checks (pre-commit hooks, compose)")


# --------------------------------------------------------------------------- pure
def suite_pure(python):
    # -p no:odoo: pytest-odoo (for the addons' tests) needs Odoo; these do not
    proc = run(
        [python, "-m", "pytest", "-q", "-p", "no:odoo", "tests"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sys.stdout.write(proc.stdout)
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    summary = summary.strip("= ")
    record("pure", "passed" if proc.returncode == 0 else "failed", summary)


# --------------------------------------------------------------------------- odoo
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


def oca_addons_visible(python, env):
    """The OCA addons of requirements-oca.txt that Odoo, with odoo.conf's
    addons path, cannot find (they come from site-packages/odoo/addons)."""
    requirements = (ROOT / "requirements-oca.txt").read_text()
    names = re.findall(r"^odoo-addon-(\w+)", requirements, re.MULTILINE)
    script = (
        "import sys, odoo; from odoo.modules.module import get_module_path; "
        "odoo.tools.config.parse_config(['-c', 'odoo.conf']); "
        "print(' '.join(n for n in sys.argv[1:] if not get_module_path(n)))"
    )
    proc = subprocess.run(
        [python, "-c", script, *names],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.split() if proc.returncode == 0 else names


def odoo_runner_tests(log_text, addons):
    """The tests of ``addons`` Odoo's runner started, as pytest node ids."""
    found = re.findall(
        r" odoo\.addons\.(\w+)\.tests\.(\w+): Starting (\w+)\.(\w+) \.\.\.",
        log_text,
    )
    return {
        f"addons/{addon}/tests/{module}.py::{cls}::{method}"
        for addon, module, cls, method in found
        if addon in addons
    }


def pytest_odoo_tests(python, database, addons, env):
    """The tests pytest-odoo collects in the addons (None when it cannot)."""
    paths = [
        f"addons/{a}/tests" for a in addons if (ROOT / "addons" / a / "tests").is_dir()
    ]
    proc = run(
        [python, "-m", "pytest", "--collect-only", "-q", f"--odoo-database={database}"]
        + paths,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        sys.stdout.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        return None
    return {line.strip() for line in proc.stdout.splitlines() if "::" in line}


def check_pytest_odoo(python, database, addons, env, log_text):
    ran = odoo_runner_tests(log_text, addons)
    collected = pytest_odoo_tests(python, database, addons, env)
    if collected is None:
        record("pytest-odoo", "failed", "pytest --collect-only failed (make deps?)")
        return
    if collected == ran:
        record(
            "pytest-odoo",
            "passed",
            f"collects the {len(ran)} tests Odoo's runner ran, the same ones",
        )
        return
    for test in sorted(collected - ran):
        say(f"pytest-odoo only: {test}")
    for test in sorted(ran - collected):
        say(f"Odoo's runner only: {test}")
    record(
        "pytest-odoo",
        "failed",
        f"{len(collected - ran)} test(s) pytest-odoo collects that Odoo's runner "
        f"did not run, {len(ran - collected)} the other way (listed above)",
    )


def suite_odoo(python, version, database, keep_db):
    env = pg_env()
    ensure_postgres(env)
    addons = our_addons()
    tags = ",".join(f"/{a}" for a in addons)
    missing = oca_addons_visible(python, env)
    record(
        "oca addons",
        "failed" if missing else "passed",
        f"not found by Odoo: {', '.join(missing)} (make deps)"
        if missing
        else "every addon of requirements-oca.txt found by Odoo",
    )
    run([shutil.which("dropdb") or "dropdb", "-w", "--if-exists", database], env=env)
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
        "--http-interface=127.0.0.1",  # the tours' browser is on this machine
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
    check_pytest_odoo(python, database, addons, env, text)
    if not keep_db and ok:
        run(
            [shutil.which("dropdb") or "dropdb", "-w", "--if-exists", database], env=env
        )


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
