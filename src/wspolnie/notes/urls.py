from django.urls import path

from . import feeds, views

app_name = "notes"
urlpatterns = [
    path("", views.note_list, name="list"),
    path("feed/", feeds.NotesFeed(), name="feed"),
    path("meeting/<slug:slug>/new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/links/", views.links, name="links"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/unpublish/", views.unpublish, name="unpublish"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
