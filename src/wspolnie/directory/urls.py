from django.urls import path

from . import views
from .services import VOCABULARIES

app_name = "directory"
urlpatterns = [path("vocabularies/", views.vocabulary_index, name="vocabularies")]
for _key in VOCABULARIES:
    urlpatterns += [
        path(f"vocabularies/{_key}/", views.vocabulary, {"vocabulary": _key}, name=_key),
        path(
            f"vocabularies/{_key}/<int:pk>/",
            views.term_edit,
            {"vocabulary": _key},
            name=f"{_key}_edit",
        ),
        path(
            f"vocabularies/{_key}/<int:pk>/move/",
            views.term_move,
            {"vocabulary": _key},
            name=f"{_key}_move",
        ),
        path(f"vocabularies/{_key}/<int:pk>/delete/", views.term_delete, {"vocabulary": _key},
             name=f"{_key}_delete"),
        path(f"vocabularies/{_key}/<int:pk>/merge/", views.term_merge, {"vocabulary": _key},
             name=f"{_key}_merge"),
    ]
