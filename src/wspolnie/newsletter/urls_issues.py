"""Staff pages of newsletter issues under /newsletter/issues/ (app_name "newsletter")."""

from django.urls import path

from . import views_issues as views

urlpatterns = [
    path("issues/", views.issue_list, name="issue_list"),
    path("issues/new/", views.issue_create, name="issue_create"),
    path("issues/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/edit/", views.issue_edit, name="issue_edit"),
    path("issues/<int:pk>/send/", views.issue_send, name="issue_send"),
    path("issues/<int:pk>/progress/", views.issue_progress, name="issue_progress"),
    path("issues/<int:pk>/deliveries/", views.delivery_list, name="issue_deliveries"),
]
