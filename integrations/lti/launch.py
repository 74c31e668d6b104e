"""LTI 1.3 launches (django-lti over PyLTI1p3): the OIDC login initiation, the launch, and what a
launch does.

A resource launch names the page to open in its custom parameter `storybridge_page` (set by deep
linking, integrations/lti/deep_linking.py). The LMS user (issuer, client and subject) gets their
one Storybridge account, signed in; a learner is enrolled on the course in the cohort of the LMS
course, an instructor becomes that cohort's educator (and the roster is synced from the LMS);
where the LMS offers a line item, a grade row waits for completion (integrations/lti/grades.py).

Refused, each with a page, nothing made or changed, and a row in Settings → Refused sign-ins: a
token that is expired, forged, for another audience or replayed (each nonce is taken once), an
unknown or inactive deployment, a state that does not match, a launch naming no course or
module. The platform's keys are fetched over HTTP and kept for five minutes."""

import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth import login
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from lti_tool.constants import SESSION_KEY
from lti_tool.models import LtiLaunch
from lti_tool.views import OIDCLoginInitView
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.exception import LtiException, OIDCException
from wagtail.models import Page

from core.csp import allow_frame_ancestors
from core.page_cache import FRAGMENT_TIMEOUT, fragment_key

from ..models import RefusedSignIn
from ..progress import course_of, target_of
from . import accounts, deep_linking, grades, roster, sync
from .config import ToolConfig
from .middleware import platform_origins

logger = logging.getLogger("storybridge.lti")
KEYS_CACHED_FOR = 300  # seconds: the platform's public keys
NONCE_KEPT_FOR = 24 * 60 * 60  # seconds: longer than any launch token lives
PAGE_PARAMETER = deep_linking.PAGE_PARAMETER
SCORE_PARAMETER = deep_linking.SCORE_PARAMETER
BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class Target:
    page: object  # the CoursePage or ModulePage
    course: object
    url: str


def refused(request, reason, *, detail="", registration=None, status=400):
    """A page that says the launch did not work, framable by the platform that sent it."""
    RefusedSignIn.objects.note(provider="lti", reason=reason, detail=detail)
    logger.warning("LTI launch refused: %s %s", reason, detail)
    if registration is not None:
        allow_frame_ancestors(request, *platform_origins(registration))
    response = render(
        request,
        "integrations/lti/refused.html",
        {"reason": reason, "reasons": RefusedSignIn.Reason},
        status=status,
    )
    response.xframe_options_exempt = True
    return response


def validated_launch(request):
    """The launch in this POST, its token checked against the platform's keys (kept five
    minutes in the cache), its nonce and state; LtiException otherwise."""
    storage = DjangoCacheDataStorage()
    message_launch = DjangoMessageLaunch(request, ToolConfig(), launch_data_storage=storage)
    message_launch.set_public_key_caching(DjangoCacheDataStorage(), cache_lifetime=KEYS_CACHED_FOR)
    message_launch.validate()
    data = message_launch.get_launch_data()
    # PyLTI1p3 checks that the nonce was issued, but never spends it: a token posted again
    # within its lifetime would launch again. Each nonce is taken once, here.
    if not cache.add(f"sb:lti:nonce:{data['iss']}:{data['nonce']}", True, NONCE_KEPT_FOR):
        raise LtiException("The launch's nonce was used already.")
    return LtiLaunch(message_launch)


class CookieCheckingLogin(DjangoOIDCLogin):
    """PyLTI1p3's login, with the cookie check as our own page: its inline script and styles
    would break the Content-Security-Policy."""

    def __init__(self, *args, registration=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.registration = registration

    def get_cookies_allowed_js_check(self):
        params = {"lti1p3_new_window": "1"}
        for name in (
            "iss",
            "login_hint",
            "target_link_uri",
            "lti_message_hint",
            "lti_deployment_id",
            "client_id",
        ):
            value = self._get_request_param(name)
            if value:
                params[name] = value
        request = self._request._request
        if self.registration is not None:
            allow_frame_ancestors(request, *platform_origins(self.registration))
        context = {"query": urlencode(params)}
        return render(request, "integrations/lti/cookie_check.html", context).content


@method_decorator((csrf_exempt, xframe_options_exempt), name="dispatch")
class LoginView(OIDCLoginInitView):
    """OIDC login initiation (the platform's first step), with our cookie check and, when the
    browser keeps no cookies in the LMS's frame, a button to go on in a new window."""

    def get_oidc_response(self, request, registration_uuid, params):
        tool_config = ToolConfig(registration_uuid)
        registration = tool_config.registration_by_uuid()
        if registration is None:
            return refused(request, RefusedSignIn.Reason.LTI_REGISTRATION, status=404)
        if not params.get("target_link_uri"):
            return refused(request, RefusedSignIn.Reason.LTI_TOKEN, detail="target_link_uri")
        login_flow = CookieCheckingLogin(
            request,
            tool_config,
            launch_data_storage=DjangoCacheDataStorage(),
            registration=registration,
        )
        try:
            response = login_flow.enable_check_cookies().redirect(params.get("target_link_uri"))
        except (OIDCException, LtiException) as problem:
            return refused(
                request,
                RefusedSignIn.Reason.LTI_TOKEN,
                detail=str(problem)[:200],
                registration=registration,
            )
        allow_frame_ancestors(request, *platform_origins(registration))
        return response


@method_decorator((csrf_exempt, xframe_options_exempt), name="dispatch")
class LaunchView(View):
    """The launch: the platform posts its signed token here."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            lti_launch = validated_launch(request)
        except (LtiException, OIDCException, KeyError, ValueError) as problem:
            return refused(request, RefusedSignIn.Reason.LTI_TOKEN, detail=str(problem)[:200])
        registration = lti_launch.registration
        if not lti_launch.deployment.is_active:
            return refused(
                request,
                RefusedSignIn.Reason.LTI_DEPLOYMENT,
                detail=lti_launch.deployment.deployment_id,
                registration=registration,
                status=403,
            )
        sync.sync(lti_launch)
        if lti_launch.is_deep_link_launch:
            if not is_instructor(lti_launch):  # only teachers add content
                return refused(
                    request,
                    RefusedSignIn.Reason.LTI_TOKEN,
                    detail="deep linking by a learner",
                    registration=registration,
                    status=403,
                )
            return self.start(request, lti_launch, then=deep_linking.picker)
        if not lti_launch.is_resource_launch:
            return refused(
                request,
                RefusedSignIn.Reason.LTI_TOKEN,
                detail="message type",
                registration=registration,
            )
        page_id = str(lti_launch.get_custom_claim(PAGE_PARAMETER) or "")
        known = page_id.isdigit() and len(page_id) <= 18  # a bigint, not an overflow
        target = linked_target(request, int(page_id)) if known else None
        if target is None:
            return refused(
                request,
                RefusedSignIn.Reason.LTI_TARGET,
                detail=page_id[:40],
                registration=registration,
                status=404,
            )
        return self.start(
            request, lti_launch, then=lambda r, launch: open_target(r, launch, target)
        )

    def start(self, request, lti_launch, *, then):
        user = accounts.account_for(lti_launch.user)
        login(request, user, backend=BACKEND)
        request.session[SESSION_KEY] = lti_launch.get_launch_id()
        request.lti_launch = lti_launch
        allow_frame_ancestors(request, *platform_origins(lti_launch.registration))
        response = then(request, lti_launch)
        response.xframe_options_exempt = True
        return response


def linked_target(request, page_id):
    """The live course or module a launch names, with its course and address (None for any
    other page), remembered in the cache under the content version (core/page_cache.py)."""
    key = fragment_key(request, "lti-target", page_id)
    found = cache.get(key) if key else None
    if found is None:
        page = Page.objects.live().filter(pk=page_id).first()
        target = target_of(page) if page is not None else None
        if target is None:
            return None
        found = Target(target, course_of(target), target.url)
        if key:
            cache.set(key, found, FRAGMENT_TIMEOUT)
    return found


def is_instructor(lti_launch):
    membership = lti_launch.membership
    return bool(membership and (membership.is_instructor or membership.is_administrator))


def open_target(request, lti_launch, target):
    course = target.course
    instructor = is_instructor(lti_launch)
    enrolment = accounts.place(request.user, course, lti_launch.context, instructor=instructor)
    if instructor:
        roster.sync_quietly(lti_launch.context)
    elif enrolment is not None:
        lineitem = (lti_launch.ags_claim or {}).get("lineitem")
        if lineitem:
            send_score = str(lti_launch.get_custom_claim(SCORE_PARAMETER) or "") == "1"
            grades.expect(
                enrolment, lti_launch.user, lti_launch.context, target.page, lineitem, send_score
            )
    return redirect(target.url)
