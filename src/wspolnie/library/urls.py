from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.library, name="list"),
    path("new/", views.choose_organisation, name="choose"),
    *views.views.urlpatterns(),
]
