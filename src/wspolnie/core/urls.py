from django.conf import settings
from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
]

if settings.BENCH_BASELINE:
    urlpatterns.append(path("bench/baseline/", views.bench_baseline, name="bench-baseline"))
