#!/usr/bin/env python3
"""Write each addon's README.rst from its readme/ fragments (DESCRIPTION,
CONFIGURE, USAGE), as OCA's readme generator does, without its dependencies.

Usage: tools/gen_addon_readme.py [--check]   (--check: fail if out of date)
"""

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = (
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
)


def md_to_rst(text):
    """The small Markdown subset the fragments use: paragraphs, ``-`` lists,
    **bold**, *emphasis* and `code`."""
    return re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", text.strip())


def render(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    title = manifest["name"]
    parts = [
        "=" * len(title),
        title,
        "=" * len(title),
        "",
        manifest["summary"],
        "",
        (
            f"*Odoo {manifest['version'][:4]}, {manifest['license']}, "
            f"{manifest['development_status']}.*"
        ),
        "",
    ]
    for fragment, heading in SECTIONS:
        path = addon / "readme" / fragment
        if not path.exists():
            continue
        if heading:
            parts += [heading, "=" * len(heading), ""]
        parts += [md_to_rst(path.read_text()), ""]
    parts += [
        "Credits",
        "=======",
        "",
        (
            f"Authors: {manifest['author']}. Maintainers: "
            f"{', '.join(manifest['maintainers'])}."
        ),
        "",
    ]
    return "\n".join(parts)


def main():
    check = "--check" in sys.argv
    stale = []
    for manifest in sorted(ROOT.glob("addons/*/__manifest__.py")):
        addon = manifest.parent
        text = render(addon)
        target = addon / "README.rst"
        if check:
            if not target.exists() or target.read_text() != text:
                stale.append(str(target.relative_to(ROOT)))
        else:
            target.write_text(text)
    if stale:
        print("out of date (run tools/gen_addon_readme.py):", *stale)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
