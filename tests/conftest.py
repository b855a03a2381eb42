"""Shared fixtures of the pure Python suite (no Odoo)."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"


@pytest.fixture(scope="session")
def cdnow_sample():
    """CDNOW_sample.txt as shipped in the lifetimes wheel on PyPI (read only:
    the package itself is never imported). Downloaded once into .cache/."""
    target = CACHE / "CDNOW_sample.txt"
    if not target.exists():
        CACHE.mkdir(exist_ok=True)
        download = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--quiet",
                "--disable-pip-version-check",
                "-d",
                str(CACHE),
                "lifetimes==0.11.3",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        wheels = list(CACHE.glob("[Ll]ifetimes-0.11.3-*.whl"))
        if not wheels:
            message = (
                f"cannot download lifetimes from PyPI: {download.stderr.strip()[-300:]}"
            )
            if os.environ.get("CRM_INSIGHT_OFFLINE"):
                pytest.skip(message)
            pytest.fail(message)
        with zipfile.ZipFile(wheels[0]) as wheel:
            target.write_bytes(wheel.read("lifetimes/datasets/CDNOW_sample.txt"))
    return target
