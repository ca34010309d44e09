import pytest

from wspolnie.search import index


@pytest.fixture(autouse=True)
def _index_errors_fail_the_test(monkeypatch):
    """A channel's search documents are written after commit; an error there must fail the
    test, not only be logged."""
    monkeypatch.setattr(index, "RAISE_ERRORS", True)
