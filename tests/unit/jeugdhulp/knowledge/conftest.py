"""Fixtures of the knowledge tests: the guideline content and what points at its passages,
as the content files are now."""
import pytest

from jeugdhulp import cli
from jeugdhulp.knowledge import content


@pytest.fixture(scope="module")
def specs():
    return content.load_guidelines()


@pytest.fixture(scope="module")
def references():
    return cli.content_references()
