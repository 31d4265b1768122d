"""The wheel, installed outside the checkout, parses a shipped sample and matches names.

The wheel is built with `pip wheel --no-deps --no-build-isolation` (the build-system
requirements are dev dependencies: no build environment is set up on every run) and
installed with `--no-deps --no-index` into a fresh venv in a temporary directory. Its
dependencies come from this test's venv through a `.pth` line naming that venv's
site-packages: a `.pth` line only adds the directory to `sys.path`, so the editable
install of the checkout found there stays inactive, and the installed wheel is what
runs. Everything runs from a cwd outside the checkout, so package data found through
the source tree would be missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
SAMPLE = "notes_1_008.jpg"
NOT_SOURCE = (
    ".git",
    ".venv",
    "build",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
    ".liftlens",
    "inbox",
    "test-artifacts",
    "out",
)

# Each package-data loader, run inside the installed venv.
RESOURCES_SCRIPT = """
import json, sys
from pathlib import Path
from rich.console import Console
from ingest.cli.stack import copy_samples_once
from ingest.web.report_html import PageOptions, render_locked_page
from schema.migrate import discover
from schema.queries import queries
from schema.settings import Settings
from workers.names.catalogue import load_catalogue

here = Path(sys.argv[1])
settings = Settings(data_dir=here / "data", inbox=here / "inbox")
print(json.dumps({
    "catalogue": len(load_catalogue().exercises),
    "samples": copy_samples_once(settings, Console(stderr=True)),
    "page": "<style>" in render_locked_page(PageOptions()),
    "migrations": len(discover()),
    "queries": len(queries("uploads")),
}))
"""


def _run(
    argv: list[str], cwd: Path, *, check: bool = True, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("LIFTLENS_") and k not in ("PYTHONPATH", "PYTHONHOME")
    }
    return subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, check=check, timeout=timeout
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A venv outside the checkout with the wheel installed; yields its bin directory."""
    root = tmp_path_factory.mktemp("wheel")
    assert not root.is_relative_to(REPO)
    dist = root / "dist"
    pip = [sys.executable, "-m", "pip"]
    source = root / "source"
    # A copy without build leftovers: setuptools would pack a stale build/lib into the wheel.
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    build = [*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist)]
    _run([*build, str(source)], root, timeout=300)
    (wheel,) = dist.glob("liftlens-*.whl")
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], root)
    python = venv / "bin" / "python"
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], root
    ).stdout.strip()
    Path(purelib, "liftlens-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(
        [*pip, "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        root,
    )
    yield venv / "bin"


def test_the_installed_packages_come_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    out = _run(
        [
            str(installed / "python"),
            "-c",
            "import ingest, workers, schema, fixtures as f; "
            "print(ingest.__file__, workers.__file__, schema.__file__, f.__file__)",
        ],
        tmp_path,
    ).stdout.split()
    assert len(out) == 4
    venv = installed.parent
    assert all(Path(p).is_relative_to(venv) for p in out), out


def test_package_data_loads_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    out = _run([str(installed / "python"), "-c", RESOURCES_SCRIPT, str(tmp_path)], tmp_path)
    found = json.loads(out.stdout)
    assert found["catalogue"] > 100
    assert found["samples"] == len(list((REPO / "fixtures" / "screens").glob("*.[jp][pn]g")))
    assert (tmp_path / "inbox" / SAMPLE).is_file()
    assert found["page"] is True
    assert found["migrations"] >= 2 and found["queries"] > 0


def test_parse_a_shipped_sample(installed: Path, tmp_path: Path) -> None:
    sample = _run(
        [
            str(installed / "python"),
            "-c",
            "from importlib import resources; "
            f"print(resources.files('fixtures') / 'screens' / {SAMPLE!r})",
        ],
        tmp_path,
    ).stdout.strip()
    assert Path(sample).is_relative_to(installed.parent)
    out = _run([str(installed / "liftlens"), "parse", "--json", sample], tmp_path)
    got = json.loads(out.stdout)
    expected = json.loads(
        (REPO / "fixtures" / "screens" / SAMPLE.replace(".jpg", ".expected.json")).read_text()
    )
    assert got["layout"] == expected["layout"]
    assert got["performed_on"] == expected["performed_on"]
    assert [e["raw_name"] for e in got["exercises"]] == [
        e["raw_name"] for e in expected["exercises"]
    ]


def test_aliases_match(installed: Path, tmp_path: Path) -> None:
    out = _run([str(installed / "liftlens"), "aliases", "match", "Bench Press", "--json"], tmp_path)
    assert json.loads(out.stdout)["alias_key"] == "bench_press"
