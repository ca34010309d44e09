from django.urls import path

from . import views

app_name = "announcements"

urlpatterns = [
    path("", views.announcement_list, name="list"),
    path("new/", views.announcement_create, name="create"),
    path("from-event/<slug:slug>/", views.announcement_from_event, name="from_event"),
    path("from-report/<slug:slug>/", views.announcement_from_report, name="from_report"),
    path("<int:pk>/", views.announcement_detail, name="detail"),
    path("<int:pk>/edit/", views.announcement_edit, name="edit"),
    path("<int:pk>/publish/", views.announcement_publish, name="publish"),
    path("<int:pk>/withdraw/", views.announcement_withdraw, name="withdraw"),
    path("<int:pk>/translations/<str:language>/", views.translation_edit, name="translation"),
    path("<int:pk>/translations/<str:language>/assign/", views.translation_assign,
         name="assign"),
    path("<int:pk>/translations/<str:language>/approve/", views.translation_approve,
         name="approve"),
    path("<int:pk>/translations/<str:language>/reject/", views.translation_reject,
         name="reject"),
]
