import pytest

from wspolnie.lib.dburl import parse_database_url
from wspolnie.lib.env import EnvError, env_bool, env_int, env_list


def test_env_bool_reads_common_words():
    assert env_bool("X", False, {"X": "yes"}) is True
    assert env_bool("X", True, {"X": "0"}) is False
    assert env_bool("X", True, {}) is True


def test_env_bool_rejects_unknown_words():
    with pytest.raises(EnvError, match="X must be one of"):
        env_bool("X", False, {"X": "perhaps"})


def test_env_int_rejects_non_numbers():
    assert env_int("N", 3, {"N": "8"}) == 8
    with pytest.raises(EnvError, match="N must be a whole number"):
        env_int("N", 3, {"N": "eight"})


def test_env_list_splits_on_commas():
    assert env_list("H", [], {"H": "a.example, b.example,"}) == ["a.example", "b.example"]


def test_database_url_accepts_sqlite_and_postgres():
    assert parse_database_url("sqlite:////tmp/x.sqlite3")["ENGINE"].endswith("sqlite3")
    pg = parse_database_url("postgres://u:p@db:5433/wspolnie")
    assert (pg["ENGINE"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "django.db.backends.postgresql", "db", 5433, "wspolnie",
    )


@pytest.mark.parametrize("url", ["mysql://x/y", "nonsense", "postgres://host:5432/"])
def test_database_url_rejects_what_we_cannot_use(url):
    with pytest.raises(EnvError, match="DATABASE_URL"):
        parse_database_url(url)
