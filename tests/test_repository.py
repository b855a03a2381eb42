"""Repository checks that need no Odoo: addon layout, manifests, data files,
documentation and the two commands."""

import ast
import csv
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in ROOT.glob("addons/*/__manifest__.py"))


def test_there_are_addons():
    assert [a.name for a in ADDONS][:1] == ["crm_relationship"]


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_manifest(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    assert (
        manifest["version"].startswith("18.0.") and manifest["version"].count(".") == 4
    )
    for key in (
        "name",
        "summary",
        "license",
        "author",
        "website",
        "maintainers",
        "development_status",
        "depends",
    ):
        assert manifest.get(key), key
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
def test_access_lines_name_a_group(addon):
    with open(addon / "security" / "ir.model.access.csv", newline="") as handle:
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
    ):
        assert (ROOT / path).is_file(), path
