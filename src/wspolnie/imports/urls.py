from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("imports/", views.import_list, name="list"),
    path("imports/<int:pk>/", views.import_detail, name="detail"),
    path("imports/<int:pk>/progress/", views.import_progress, name="progress"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="confirm"),
    path("exports/", views.export_index, name="exports"),
    path("exports/hsds/organisations.json", views.export_hsds, name="export_hsds"),
    path("exports/<slug:entity>.<slug:file_format>", views.export_file, name="export_file"),
]
