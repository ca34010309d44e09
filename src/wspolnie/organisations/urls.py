from django.urls import path

from . import picker, views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    # Fixed pages before <slug>/ (services.RESERVED_SLUGS keeps organisations off them).
    path("new/", views.organisation_new, name="new"),
    path("suggest/", picker.suggest, name="suggest"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/resolve/", views.report_resolve, name="report_resolve"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/edit/", views.organisation_edit, name="edit"),
    path("<slug:slug>/places/", views.organisation_locations, name="locations"),
    path("<slug:slug>/history/", views.organisation_history, name="history"),
    path("<slug:slug>/logo/", views.organisation_logo, name="logo"),
    path("<slug:slug>/report/", views.organisation_report, name="report"),
    path("<slug:slug>/resubmit/", views.organisation_resubmit, name="resubmit"),
    path("<slug:slug>/join/", views.organisation_join, name="join"),
    path("<slug:slug>/members/", views.organisation_members, name="members"),
    path("<slug:slug>/members/requests/<int:pk>/approve/", views.join_request_decide,
         {"decision": "approve"}, name="join_approve"),
    path("<slug:slug>/members/requests/<int:pk>/decline/", views.join_request_decide,
         {"decision": "decline"}, name="join_decline"),
    path("<slug:slug>/members/<int:pk>/make-admin/", views.membership_make_admin,
         name="make_admin"),
    path("<slug:slug>/approve/", views.moderation_approve, name="approve"),
    path("<slug:slug>/reject/", views.moderation_reject, name="reject"),
]
