"""Repository checks that need no Odoo: addon layout, manifests, packaging,
data files, documentation, the two commands and their configuration."""

import ast
import configparser
import csv
import email
import importlib.util
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest's own dependency
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in ROOT.glob("addons/*/__manifest__.py"))
# OCA's values (pylint-odoo's development-status-allowed, license-allowed)
DEVELOPMENT_STATUS = {"Alpha", "Beta", "Production/Stable", "Mature"}
LICENSES = {"AGPL-3", "GPL-2", "GPL-2 or any later version", "GPL-3"}
LICENSES |= {"GPL-3 or any later version", "LGPL-3"}
WHOOL_BUILD_SYSTEM = {"requires": ["whool"], "build-backend": "whool.buildapi"}


def canonical(name):
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def test_there_are_addons():
    names = [a.name for a in ADDONS]
    assert {"crm_relationship", "crm_rfm"} <= set(names)


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_manifest(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    assert (
        manifest["version"].startswith("18.0.") and manifest["version"].count(".") == 4
    )
    for key in (
        "name",
        "summary",
        "category",
        "license",
        "author",
        "website",
        "maintainers",
        "development_status",
        "depends",
    ):
        assert manifest.get(key), key
    assert manifest["license"] in LICENSES
    assert manifest["development_status"] in DEVELOPMENT_STATUS
    assert "CRM Relationship Team" in manifest["author"]
    assert isinstance(manifest["maintainers"], list)
    for path in manifest.get("data", []) + manifest.get("demo", []):
        assert (addon / path).is_file(), path
    for path in manifest.get("demo", []):
        assert path.startswith("demo/"), path
    assert manifest.get("installable", True)


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_layout_docs_and_translations(addon):
    for fragment in ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md"):
        assert (addon / "readme" / fragment).is_file(), fragment
    assert (addon / "static" / "description" / "icon.png").is_file()
    screenshots = list((addon / "static" / "description").glob("screenshot*.png"))
    assert screenshots, "a screenshot in static/description/ (screenshot_*.png)"
    assert (addon / "i18n" / "es.po").is_file()
    assert list((addon / "i18n").glob("*.pot"))
    tests = addon / "tests"
    assert (tests / "__init__.py").is_file()
    imported = (tests / "__init__.py").read_text()
    for test_file in tests.glob("test_*.py"):
        assert f"from . import {test_file.stem}" in imported, (
            f"{test_file} is never run"
        )


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_addon_builds_with_whool(addon):
    """OCA's pyproject.toml, so that `pip wheel --no-deps addons/<addon>` builds
    the odoo-addon-<addon> wheel (whool.buildapi)."""
    pyproject = addon / "pyproject.toml"
    assert pyproject.is_file(), "pyproject.toml for whool (pre-commit's whool-init)"
    config = tomllib.loads(pyproject.read_text())
    assert config.get("build-system") == WHOOL_BUILD_SYSTEM


def test_an_addon_wheel_and_its_requirements(tmp_path):
    """crm_rfm's wheel requires crm-insight (its external dependency, this
    repository's other distribution) and odoo-addon-crm_relationship."""
    addon = ROOT / "addons" / "crm_rfm"
    assert (addon / "pyproject.toml").is_file(), "addons/crm_rfm/pyproject.toml"
    # with whool from requirements-test.txt there is nothing to download
    isolation = importlib.util.find_spec("whool") is None
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet"]
        + ([] if isolation else ["--no-build-isolation"])
        + ["--disable-pip-version-check", "-w", str(tmp_path), str(addon)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = tmp_path.glob("odoo_addon_crm_rfm-18.0.*-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        message = email.message_from_bytes(archive.read(metadata))
    assert "odoo/addons/crm_rfm/__manifest__.py" in names
    assert message["Name"] == "odoo-addon-crm_rfm"
    required = {
        canonical(re.split(r"[<>=!~;\s\[]", r, maxsplit=1)[0])
        for r in message.get_all("Requires-Dist")
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert canonical(project["name"]) in required
    assert "odoo-addon-crm-relationship" in required


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_access_lines_name_a_group(addon):
    access = addon / "security" / "ir.model.access.csv"
    if not access.is_file():
        # a bridge that adds no model of its own needs no access lines
        new_models = [
            path.name
            for path in addon.rglob("*.py")
            if re.search(
                r"\((models\.)?(Model|TransientModel)\):\n(\s+\"\"\"[\s\S]*?\"\"\"\n)?"
                r"(\s*\n)*\s+_name = ",
                path.read_text(),
            )
        ]
        assert not new_models, f"models without access lines in {new_models}"
        return
    with open(access, newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["group_id:id"].strip(), row["id"]


@pytest.mark.parametrize(
    "xml",
    sorted(ROOT.glob("addons/*/**/*.xml")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_xml_is_well_formed_and_odoo_18(xml):
    tree = etree.parse(str(xml))
    assert not tree.xpath("//tree"), "Odoo 18 uses <list>"
    assert not tree.xpath("//@attrs|//@states"), "Odoo 18 uses inline expressions"


def test_addon_readmes_are_generated_from_their_fragments():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_addon_readme.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout


def test_the_two_commands_and_ci():
    readme = (ROOT / "README.md").read_text()
    assert "make up" in readme and "make test" in readme
    makefile = (ROOT / "Makefile").read_text()
    assert "\ntest:" in makefile and "\nup:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    for path in (
        "odoo.conf",
        "docker-compose.yml",
        "docker/Dockerfile",
        "docker/init.sh",
        ".pre-commit-config.yaml",
        "requirements-oca.txt",
    ):
        assert (ROOT / path).is_file(), path


def _pins(text):
    return dict(
        re.findall(r"^\s*([A-Za-z0-9_.-]+)==([^\s\"',\]]+)", text, re.MULTILINE)
    )


def test_lint_tools_are_those_of_the_hooks():
    """`python3 -m ruff` / `-m pylint` (requirements-test.txt) and the
    pre-commit hooks (what `make test` runs) are the same releases."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hook_pins = {}
    for repo in config["repos"]:
        assert repo["repo"] == "local", "no git host is reachable: local hooks"
        for hook in repo["hooks"]:
            deps = hook.get("additional_dependencies", [])
            if hook["language"] == "python":
                assert deps, hook["id"]
            for dep in deps:
                hook_pins.update(_pins(dep))
    test_pins = _pins((ROOT / "requirements-test.txt").read_text())
    for tool in ("ruff", "pylint-odoo"):
        assert test_pins[tool] == hook_pins[tool], tool


def test_oca_addons_are_installed_without_their_odoo_requirement():
    lines = [
        line.strip()
        for line in (ROOT / "requirements-oca.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines
    for line in lines:
        assert re.fullmatch(r"odoo-addon-\w+>=18\.0,<18\.1", line), line
    for path in ("tools/deps.py", "docker/Dockerfile"):
        text = (ROOT / path).read_text()
        assert "--no-deps" in text and "requirements-oca.txt" in text, path


def test_servers_are_not_exposed_by_default():
    conf = configparser.ConfigParser()
    conf.read(ROOT / "odoo.conf")
    assert conf["options"]["list_db"] == "False", "no database manager"
    assert "admin_passwd" not in conf["options"], "no master password shipped"
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert re.match(r"(\$\{\w+:-)?127\.0\.0\.1\b", str(port)), (name, port)
    up = (ROOT / "tools" / "up.py").read_text()
    assert '"ODOO_INTERFACE", "127.0.0.1"' in up
