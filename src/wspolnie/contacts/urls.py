from django.urls import path

from . import views

app_name = "contacts"
urlpatterns = [
    path("<slug:slug>/", views.manage, name="manage"),
    path("<slug:slug>/add/", views.add, name="add"),
    path("<slug:slug>/<int:pk>/edit/", views.edit, name="edit"),
    path("<slug:slug>/<int:pk>/delete/", views.delete, name="delete"),
    path("<slug:slug>/<int:pk>/erase/", views.erase, name="erase"),
    path("<slug:slug>/<int:pk>/export/", views.export, name="export"),
]
