from django.urls import path

from . import views, views_two_factor

app_name = "accounts"
urlpatterns = [
    path("sign-up/", views.sign_up, name="sign_up"),
    path("sign-up/done/", views.sign_up_done, name="sign_up_done"),
    path("verify/", views.resend_verification, name="resend_verification"),
    path("verify/<str:token>/", views.verify_email, name="verify"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views_two_factor.login_code, name="login_code"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("profile/", views.profile, name="profile"),
    path("profile/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profile/registrations/", views.my_registrations, name="registrations"),
    path("profile/registrations/<int:pk>/cancel/", views.cancel_my_registration,
         name="cancel_registration"),
    path("profile/delete/", views.delete_account, name="delete"),
    path("profile/my-data/", views.my_data, name="my_data"),
    path("profile/my-data.json", views.my_data_json, name="my_data_json"),
    path("profile/two-step/", views_two_factor.two_factor_status, name="two_factor"),
    path("profile/two-step/set-up/", views_two_factor.two_factor_setup,
         name="two_factor_setup"),
    path("profile/two-step/recovery-codes/", views_two_factor.renew_recovery_codes,
         name="renew_recovery_codes"),
    path("profile/two-step/turn-off/", views_two_factor.two_factor_disable,
         name="two_factor_disable"),
    path("profile/sessions/", views.my_sessions, name="sessions"),
    path("profile/sessions/<int:pk>/end/", views.end_session, name="end_session"),
    path("profile/sessions/end-others/", views.end_other_sessions, name="end_other_sessions"),
    path("profile/sessions/end-all/", views.end_all_sessions, name="end_all_sessions"),
    path("profile/tokens/", views.create_api_token, name="create_token"),
    path("profile/tokens/<int:pk>/revoke/", views.revoke_api_token, name="revoke_token"),
]
