from django.urls import path

from . import views

app_name = "reach"

urlpatterns = [
    path("leader/<str:token>/", views.leader, name="leader"),
    path("channels/<int:pk>/leader/", views.leader_access, name="leader_access"),
    path("announcements/<int:pk>/measured.csv", views.measured_csv, name="measured_csv"),
    path("overview.csv", views.overview_csv, name="overview_csv"),
]
