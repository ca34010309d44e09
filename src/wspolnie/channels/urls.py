from django.urls import path

from . import views

app_name = "channels"
urlpatterns = [
    path("", views.channel_list, name="list"),
    path("reach/", views.channel_reach, name="reach"),
    path("new/", views.channel_create, name="create"),
    path("<int:pk>/", views.channel_detail, name="detail"),
    path("<int:pk>/edit/", views.channel_edit, name="edit"),
    path("<int:pk>/deactivate/", views.channel_deactivate, name="deactivate"),
    path("<int:pk>/activate/", views.channel_activate, name="activate"),
]
