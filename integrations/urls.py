from django.urls import include, path

from . import views

# Ahead of allauth's own URLs (storybridge/urls.py), at the same addresses, so that its views
# for an organisation are reached only through these (allauth still reverses its own names to
# the same paths).
urlpatterns = [
    path("accounts/oidc/<str:provider_id>/login/", views.start, name="organisation_sign_in"),
    path(
        "accounts/oidc/<str:provider_id>/login/callback/",
        views.finish,
        name="organisation_sign_in_callback",
    ),
    path("scorm/launch/", views.scorm_launch, name="scorm_launch"),
    path("scorm/status/", views.scorm_status, name="scorm_status"),
    path("", include("integrations.lti.urls")),
]
