"""Deep linking: an instructor in the LMS picks a Storybridge course or module (and whether its
knowledge-check score is sent with completion); the LMS gets a signed link whose custom
parameters name the page (integrations/lti/launch.py reads them) and a line item for the grade."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST
from lti_tool.decorators import lti_launch_required
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from core.csp import allow_form_targets
from courses.models import CoursePage

PAGE_PARAMETER = "storybridge_page"
SCORE_PARAMETER = "storybridge_send_score"


def choices():
    """Every live course, each with its modules, in outline order."""
    return [(course, course.modules) for course in CoursePage.objects.live().order_by("path")]


def picker(request, lti_launch, *, error="", status=200):
    context = {"choices": choices(), "error": error, "launch": lti_launch}
    return render(request, "integrations/lti/deep_link_picker.html", context, status=status)


@xframe_options_exempt
@require_POST
@lti_launch_required
def choose(request):
    """The instructor's choice, signed and posted back to the LMS."""
    lti_launch = request.lti_launch
    if not lti_launch.is_deep_link_launch:
        return HttpResponseBadRequest("not a deep linking launch")
    wanted = request.POST.get("page", "")
    pages = {str(page.pk): page for course, modules in choices() for page in [course, *modules]}
    page = pages.get(wanted)
    if page is None:
        return picker(request, lti_launch, error="choose", status=400)
    send_score = request.POST.get("send_score") == "1"
    resource = (
        DeepLinkResource()
        .set_url(settings.SITE_BASE_URL + reverse("lti_launch"))
        .set_title(page.title)
        .set_custom_params(
            {PAGE_PARAMETER: str(page.pk), SCORE_PARAMETER: "1" if send_score else "0"}
        )
        .set_lineitem(
            LineItem()
            .set_score_maximum(100)
            .set_label(page.title)
            .set_tag(f"storybridge-{page.pk}")
        )
    )
    deep_link = lti_launch.get_message_launch().get_deep_link()
    token = deep_link.get_response_jwt([resource])
    return_url = lti_launch.get_claim(
        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
    )["deep_link_return_url"]
    parts = urlsplit(return_url)
    allow_form_targets(request, f"{parts.scheme}://{parts.netloc}")
    return render(
        request,
        "integrations/lti/deep_link_return.html",
        {"return_url": return_url, "token": token, "page": page},
    )
