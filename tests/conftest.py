"""Shared fixtures: where the shared data lives, and skips with a reason where it is absent."""

from __future__ import annotations

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
EXAMPLES = ROOT / "examples"
EXAMPLE_ARTICLE = EXAMPLES / "sputnik_2022-02-07_putin-macron-press-conference.txt"


@pytest.fixture(scope="session")
def polnear_dir() -> pathlib.Path:
    path = SHARED / "polnear"
    if not (path / "dev").is_dir():
        pytest.skip(f"PolNeAR corpus not found at {path} (../shared/data is absent in a fresh clone)")
    return path


@pytest.fixture(scope="session")
def example_article() -> pathlib.Path:
    """The bundled example article (ships in examples/, so it is always there)."""
    return EXAMPLE_ARTICLE


@pytest.fixture(scope="session")
def nlp():
    from quoth.nlp import load_nlp

    return load_nlp()


def load_script(path: pathlib.Path):
    """A script of the repository (scripts/, tests/data/...) imported as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pytest_collection_modifyitems(items):
    """A test that takes the ``nlp`` fixture needs the English pipeline: mark it ``model``."""
    for item in items:
        if "nlp" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.model)
