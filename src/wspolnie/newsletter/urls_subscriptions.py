"""Subscription pages under /newsletter/ (app_name "newsletter", see urls.py)."""

from django.urls import path

from . import views_subscriptions as views

urlpatterns = [
    path("", views.signup, name="signup"),
    path("check-your-mailbox/", views.signup_done, name="signup_done"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("preferences/<str:token>/my-data/", views.my_data, name="my_data"),
    path("preferences/<str:token>/my-data.json", views.my_data_json, name="my_data_json"),
    path("preferences/<str:token>/erase/", views.erase_me, name="erase_me"),
    path("unsubscribe/", views.unsubscribe_request, name="unsubscribe_request"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("unsubscribe/<str:token>/one-click/", views.one_click_unsubscribe,
         name="one_click_unsubscribe"),
    path("subscribers/", views.subscriber_list, name="subscriber_list"),
    path("subscribers/export/", views.subscriber_export, name="subscriber_export"),
    path("subscribers/<int:pk>/", views.subscriber_detail, name="subscriber_detail"),
    path("subscribers/<int:pk>/erase/", views.subscriber_erase, name="subscriber_erase"),
]
