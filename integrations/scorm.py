"""SCORM 1.2 launcher packages for NHS learning records (ESR, the NHS Learning Hub, Totara) and
any LMS that takes SCORM 1.2.

The package holds no content: its one SCO (index.html and launcher.js) finds the LMS's SCORM API,
opens the course or module on Storybridge in a new window with a signed package token, the
learner's LMS id and an attempt number it makes up, and asks Storybridge (a CORS request, no
cookies) how that attempt stands until it is complete; then it sets `cmi.core.lesson_status` to
"completed" (and `cmi.core.score.raw` where the package sends the score) and commits. Content
stays hosted, so a narrative whose consent is withdrawn disappears from every LMS at once.

Who the learner is: at the first launch of an LMS learner in a package, they sign in to
Storybridge and confirm the account (a shared PC may be signed in as someone else), which links
that LMS id to it (ScormLearner); a later launch with the same id under another account is
refused. A package token that was altered, or whose package
was withdrawn (deleted), is refused. Only completion and the knowledge-check score leave.
"""

import io
import re
import zipfile

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify

from courses.enrolment import enrol
from courses.models import ModulePage

from .models import ScormLaunch, ScormLearner, ScormPackage
from .progress import course_of, progress_of, target_of

SALT = "storybridge.scorm.package"
ATTEMPT = re.compile(r"^[0-9a-f]{32}$")
MAX_LEARNER_ID = 255  # SCORM 1.2: cmi.core.student_id is a CMIIdentifier of up to 255 characters


class BadLaunch(Exception):
    """A launch or status request that cannot be taken: why, in words for the page."""


class LinkedElsewhere(Exception):
    """The LMS learner is linked to another Storybridge account."""


def token_for(package):
    return signing.dumps({"p": str(package.uuid)}, salt=SALT, compress=True)


def package_for(token):
    """The package a token names; BadLaunch for an altered token or a withdrawn package."""
    try:
        data = signing.loads(token or "", salt=SALT)
    except signing.BadSignature as problem:
        raise BadLaunch("altered") from problem
    package = (
        ScormPackage.objects.filter(uuid=data.get("p")).select_related("page").first()
        if isinstance(data, dict)
        else None
    )
    if package is None or target_of(package.page) is None or not package.page.live:
        raise BadLaunch("withdrawn")
    return package


def check_launch_fields(learner_id, attempt):
    learner_id = (learner_id or "").strip()
    if not learner_id or len(learner_id) > MAX_LEARNER_ID or "\x00" in learner_id:
        raise BadLaunch("learner")
    if not ATTEMPT.match(attempt or ""):
        raise BadLaunch("attempt")
    return learner_id, attempt


def is_linked(package, learner_id):
    return ScormLearner.objects.filter(package=package, lms_learner_id=learner_id).exists()


def launch(package, user, learner_id, attempt):
    """Link the LMS learner to `user` (at their first launch), enrol them on the course and
    remember the attempt; the page to open. LinkedElsewhere when the LMS learner belongs to
    another account, BadLaunch when the attempt number was used by someone else."""
    target = target_of(package.page)
    with transaction.atomic():
        link, _created = ScormLearner.objects.get_or_create(
            package=package, lms_learner_id=learner_id, defaults={"user": user}
        )
        if link.user_id != user.pk:
            raise LinkedElsewhere()
        enrolment = enrol(user, course_of(target))
        try:
            with transaction.atomic():
                found, _made = ScormLaunch.objects.get_or_create(
                    attempt=attempt, defaults={"learner": link, "enrolment": enrolment}
                )
        except IntegrityError:
            found = ScormLaunch.objects.get(attempt=attempt)
        if found.learner_id != link.pk:
            raise BadLaunch("attempt")
    return target


def as_json(progress):
    if not progress.completed:
        return {"status": "incomplete"}
    found = {"status": "completed"}
    if progress.score is not None:
        found["score"] = progress.score
    return found


def status_of(package, attempt):
    """How the attempt stands (integrations/progress.py): None when no learner has launched it
    (yet)."""
    found = (
        ScormLaunch.objects.filter(attempt=attempt, learner__package=package)
        .select_related("enrolment")
        .first()
    )
    if found is None:
        return None
    return progress_of(found.enrolment, target_of(package.page), with_score=package.send_score)


def build_package(package):
    """The zip: imsmanifest.xml and the SCO (index.html, launcher.js, launcher.css; no inline
    script or style, for LMSs with a strict Content-Security-Policy of their own). Bytes."""
    target = target_of(package.page)
    context = {
        "package": package,
        "identifier": f"storybridge-{package.uuid}",
        "target": target,
        "kind": "module" if isinstance(target, ModulePage) else "course",
        "launch_url": settings.SITE_BASE_URL + reverse("scorm_launch"),
        "status_url": settings.SITE_BASE_URL + reverse("scorm_status"),
        "origin": settings.SITE_BASE_URL,
        "token": token_for(package),
    }
    files = {
        "imsmanifest.xml": render_to_string("integrations/scorm/imsmanifest.xml", context),
        "index.html": render_to_string("integrations/scorm/index.html", context),
        "launcher.js": render_to_string("integrations/scorm/launcher.js", context),
        "launcher.css": render_to_string("integrations/scorm/launcher.css", context),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def file_name(package):
    return f"storybridge-{slugify(package.title)[:60] or 'package'}-scorm12.zip"


def make_package(page, *, send_score=False, title="", user=None):
    """A new package for a course or module page; ValueError for any other page."""
    target = target_of(page)
    if target is None:
        raise ValueError("A SCORM package is made for a course or a module.")
    return ScormPackage.objects.create(
        page=target,
        title=(title or target.title)[:200],
        send_score=send_score,
        created_by=user if user is not None and user.is_authenticated else None,
    )
