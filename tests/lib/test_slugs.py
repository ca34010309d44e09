from wspolnie.lib.slugs import ascii_slug


def test_polish_letters_fold_to_ascii():
    assert ascii_slug("Zapisy do szkół — Łódź") == "zapisy-do-szkol-lodz"


def test_ukrainian_is_transliterated_not_dropped():
    assert ascii_slug("Запис до шкіл у Вроцлаві") == "zapys-do-shkil-u-vrotslavi"


def test_length_is_capped_without_a_trailing_dash():
    slug = ascii_slug("ab " * 50, max_length=10)
    assert len(slug) <= 10
    assert not slug.endswith("-")


def test_nothing_usable_gives_an_empty_slug():
    assert ascii_slug("!!! ???") == ""
