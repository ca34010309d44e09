from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("open-data/", views.open_data, name="index"),
    path("open-data/embed/", views.embed_builder, name="embed_builder"),
    path("embed/events/", views.embed_events, name="embed_events"),
    path("embed/directory/", views.embed_directory, name="embed_directory"),
    path("embed/widget.js", views.widget_js, name="widget_js"),
]
