from django.urls import path

from . import views

app_name = "boards"
urlpatterns = [
    path("", views.board_list, name="list"),
    *views.views.urlpatterns(),
    path("<int:pk>/version/", views.version, name="version"),
    path("<int:pk>/columns/", views.columns, name="columns"),
    path("<int:pk>/post/", views.post_card, name="post"),
    path("<int:pk>/export.md", views.export_markdown, name="export_markdown"),
    path("<int:pk>/export.csv", views.export_csv, name="export_csv"),
    path("<int:pk>/print/", views.print_page, name="print"),
    path("<int:pk>/import/", views.import_padlet, name="import"),
    path("cards/<int:pk>/", views.card_detail, name="card"),
    path("cards/<int:pk>/edit/", views.card_edit, name="card_edit"),
    path("cards/<int:pk>/delete/", views.card_delete, name="card_delete"),
    path("cards/<int:pk>/move/", views.card_move, name="card_move"),
    path("cards/<int:pk>/moderate/", views.card_moderate, name="card_moderate"),
    path("cards/<int:pk>/react/", views.card_react, name="card_react"),
    path("cards/<int:pk>/comment/", views.card_comment, name="card_comment"),
    path("comments/<int:pk>/hide/", views.comment_hide, name="comment_hide"),
]
