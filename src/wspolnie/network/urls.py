from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.graph, name="graph"),
    path("graph.json", views.graph_json, name="graph_json"),
    path("organisations/", views.organisations_table, name="organisations"),
    path("ties/", views.ties_table, name="ties"),
    path("export.<str:file_format>", views.export, name="export"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("suggestions/<int:pk>/decide/", views.suggestion_decide, name="suggestion_decide"),
    path("partnerships/", views.partnerships, name="partnerships"),
    path("partnerships/<int:pk>/answer/", views.partnership_answer, name="partnership_answer"),
    path("partnerships/<int:pk>/end/", views.partnership_end, name="partnership_end"),
]
