"""The short tracked links themselves, at /r/<code> (kept short for posters and SMS)."""

from django.urls import path

from . import views

app_name = "tracked"

urlpatterns = [
    path("<str:code>", views.go, name="go"),
    path("<str:code>/qr.png", views.qr_png, name="qr_png"),
    path("<str:code>/qr.svg", views.qr_svg, name="qr_svg"),
]
