"""The CLI runs with one BLAS thread unless the user set the variable (it must precede numpy)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = "import quoth.cli, os, sys; print(os.environ['OPENBLAS_NUM_THREADS'], 'numpy' in sys.modules)"


@pytest.mark.parametrize("given, expected", [(None, "1 False"), ("4", "4 False")])
def test_blas_threads_default_to_one(given, expected):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS",)}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected  # numpy not loaded yet: the setting takes effect
