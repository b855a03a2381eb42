#!/usr/bin/env python3
"""Install what the repository needs into ``$PYTHON`` (`make deps`, `make up`).

* always: the OCA addons of ``requirements-oca.txt`` with ``--no-deps`` (their
  wheels require ``odoo``, which is not on PyPI; the file lists their OCA
  dependencies too); they land in site-packages/odoo/addons, where Odoo finds
  them;
* ``--test`` (`make deps`): the test tools of ``requirements-test.txt``, this
  repository's ``crm-insight`` in editable mode, and a Docker Compose client
  for ``docker compose config`` (Debian's ``docker-compose`` when running as
  root on Debian and none is there);
* otherwise (`make up`): ``crm-insight`` with its dependencies, when ``$PYTHON``
  does not have it yet.
"""

import argparse
import os
import shutil
import subprocess
import sys

from odoo_env import ROOT, say

PIP_QUIET = ["--quiet", "--disable-pip-version-check"]


def pip(python, *args):
    cmd = [python, "-m", "pip", "install", *PIP_QUIET, *args]
    say("$ " + " ".join(cmd))
    return subprocess.run(cmd, cwd=ROOT, check=False).returncode


def has_distribution(python, name):
    probe = [python, "-c", f"import importlib.metadata as m; m.version({name!r})"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def compose_client():
    """``docker compose`` or ``docker-compose``, as a command list, or None."""
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run(
            [docker, "compose", "version"], capture_output=True, check=False
        )
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def ensure_compose_client():
    if compose_client() or os.geteuid() != 0 or not shutil.which("apt-get"):
        return 0
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (
        ["apt-get", "update", "-qq"],
        [
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "docker-compose",
        ],
    ):
        say("$ " + " ".join(cmd))
        if subprocess.run(cmd, env=env, check=False).returncode:
            return 1
    return 0


def install(python, test):
    failed = pip(python, "--no-deps", "-r", "requirements-oca.txt")
    if test:
        failed |= pip(python, "-r", "requirements-test.txt")
        failed |= pip(python, "--no-deps", "-e", ".")
        failed |= ensure_compose_client()
    elif not has_distribution(python, "crm-insight"):
        failed |= pip(python, "-e", ".")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=os.environ.get("PYTHON", "python3"))
    parser.add_argument("--test", action="store_true", help="what make test needs")
    args = parser.parse_args()
    return install(args.python, args.test)


if __name__ == "__main__":
    sys.exit(main())
