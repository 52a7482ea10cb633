"""The >>> examples in the docstrings of the core modules hold (they document behaviour)."""

import doctest
import importlib

import pytest

MODULES = ["dedup.keys", "dedup.segment", "dedup.pipeline", "dedup.write", "dedup.evidence"]


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module):
    """Every example in the module's docstrings gives the output it shows."""
    failed, attempted = doctest.testmod(importlib.import_module(module))
    assert attempted and not failed
