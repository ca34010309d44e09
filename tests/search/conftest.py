import pytest

from wspolnie.search import index


@pytest.fixture(autouse=True)
def _index_errors_fail_the_test(monkeypatch):
    """In production a failed index update is logged (the change is committed already);
    in these tests it must fail loudly."""
    monkeypatch.setattr(index, "RAISE_ERRORS", True)
