from django.urls import path

from . import views

app_name = "services"
urlpatterns = [
    path("", views.service_list, name="list"),
    path("<int:pk>/", views.service_detail, name="detail"),
    path("<int:pk>/edit/", views.service_edit, name="edit"),
    path("<int:pk>/delete/", views.service_delete, name="delete"),
    path("organisation/<slug:slug>/new/", views.service_create, name="create"),
]
