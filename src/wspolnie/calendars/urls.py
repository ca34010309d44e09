from django.urls import path

from . import views

app_name = "calendars"

urlpatterns = [
    path("organisation/<slug:slug>/feeds/", views.feeds, name="feeds"),
    path("feeds/<int:pk>/edit/", views.feed_edit, name="feed_edit"),
    path("feeds/<int:pk>/delete/", views.feed_delete, name="feed_delete"),
    path("feeds/<int:pk>/import/", views.feed_import, name="feed_import"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/hide/", views.event_hide, name="event_hide"),
]
