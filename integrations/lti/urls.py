from django.urls import path
from lti_tool.views import jwks

from . import deep_linking, launch

urlpatterns = [
    path("lti/jwks/", jwks, name="lti_jwks"),
    path("lti/login/<uuid:registration_uuid>/", launch.LoginView.as_view(), name="lti_login"),
    path("lti/launch/", launch.LaunchView.as_view(), name="lti_launch"),
    path("lti/deep-link/", deep_linking.choose, name="lti_deep_link"),
]
