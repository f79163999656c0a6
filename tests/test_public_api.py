"""The public API: names that are functions (never shadowed by submodules), the README example."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

import pytest

from conftest import ROOT


def test_public_names_are_not_shadowed_by_submodules():
    code = ("import quoth.store.ingest, quoth.extraction, quoth.readers, quoth\n"
            "from quoth import read, extract, extract_text, Store\n"
            "assert all(callable(f) and not hasattr(f, '__path__') and type(f).__name__ != 'module'"
            " for f in (read, extract, extract_text, Store))\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_importing_quoth_loads_no_spacy():
    code = "import sys, quoth; assert 'spacy' not in sys.modules, 'spacy loaded'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_read_takes_one_path_as_str_or_path(example_article):
    import quoth

    assert len(list(quoth.read(str(example_article)))) == 1
    assert len(list(quoth.read(pathlib.Path(example_article)))) == 1
    assert len(list(quoth.read([example_article, str(example_article)]))) == 2


@pytest.mark.model
def test_extract_text_reads_headers_as_a_file_does(example_article):
    import quoth

    text = example_article.read_text(encoding="utf-8")
    from_text = quoth.extract_text(text)
    (from_file,) = quoth.extract(example_article)
    assert from_text.article.published == from_file.article.published == "2022-02-07"
    assert from_text.statements == from_file.statements
    assert quoth.extract_text(text, outlet="Example Wire").article.outlet == "Example Wire"


@pytest.mark.model
def test_extract_takes_paths_articles_and_mixes(example_article):
    import quoth

    (article,) = quoth.read(example_article)
    results = list(quoth.extract([str(example_article), article, example_article.parent]))
    assert len(results) == 3
    assert len({r.statements for r in results}) == 1


@pytest.mark.model
def test_readme_python_example_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python", 1)[1]
    (code,) = re.findall(r"```python\n(.*?)```", section.split("\n## ", 1)[0], flags=re.S)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Vladimir Putin" in done.stdout
