from django.urls import path

from . import views
from .exports import FORMATS
from .mappings import MAPPINGS

app_name = "imports"
urlpatterns = [
    path("imports/", views.import_list, name="list"),
    path("imports/<int:pk>/", views.import_detail, name="detail"),
    path("imports/<int:pk>/progress/", views.import_progress, name="progress"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="confirm"),
    path("exports/", views.export_index, name="exports"),
    path("exports/hsds/organisations.json", views.export_hsds, name="export_hsds"),
    # One fixed address per file: reverse("imports:export_file", kwargs={"entity": …,
    # "file_format": …}) picks it.
    *(
        path(f"exports/{entity}.{file_format}", views.export_file,
             {"entity": entity, "file_format": file_format}, name="export_file")
        for entity in MAPPINGS
        for file_format in FORMATS
    ),
]
