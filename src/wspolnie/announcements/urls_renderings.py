from django.urls import path

from . import views_renderings

app_name = "renderings"

urlpatterns = [
    path("<int:pk>/renderings/", views_renderings.index, name="index"),
    path("<int:pk>/poster/<str:language>/", views_renderings.poster, name="poster"),
    path("<int:pk>/translations/<str:language>/pretranslate/", views_renderings.pretranslate,
         name="pretranslate"),
]
