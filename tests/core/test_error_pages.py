"""The product's own error pages: in the visitor's language, in the site layout, with a way on
(search, the home page) — never Django's technical pages."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from wspolnie.core.views import server_error

NOT_FOUND = {
    "pl": ("Nie znaleziono strony", "Wyszukaj to, czego szukasz", "Przejdź na stronę główną"),
    "uk": ("Сторінку не знайдено", "Знайдіть те, що шукали", "Перейти на головну сторінку"),
    "en": ("Page not found", "Search for what you were looking for", "Go to the home page"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_a_mistyped_address_gets_the_translated_404_page(language):
    response = Client().get("/organisatons/wcrs/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 404
    html = response.content.decode()
    heading, search_label, home = NOT_FOUND[language]
    assert f'<html lang="{language}"' in html
    assert f"<h1>{heading}</h1>" in html
    assert search_label in html
    assert home in html
    assert 'class="site-header"' in html  # the site's layout, with its navigation
    assert "URLconf" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [("pl", "Coś poszło nie tak"), ("uk", "Щось пішло не так"), ("en", "Something went wrong")],
)
def test_the_500_page_is_translated_and_in_the_layout(language, heading):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=language)
    request.user = AnonymousUser()
    with translation.override(language):
        response = server_error(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert 'class="site-header"' in html
