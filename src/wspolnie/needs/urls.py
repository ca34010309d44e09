from django.urls import path

from . import views

app_name = "needs"
urlpatterns = [
    path("", views.board, name="board"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/close/", views.close, name="close"),
    path("organisation/<slug:slug>/", views.organisation_items, name="organisation"),
    path("organisation/<slug:slug>/new/", views.create, name="create"),
]
