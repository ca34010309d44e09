from django.urls import path

from . import views

app_name = "distribution"

urlpatterns = [
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/coverage/", views.coverage, name="coverage"),
    path("coverage/", views.coverage_overview, name="coverage_overview"),
]
