"""Who an LTI launch is, in Storybridge: one account per LMS user (the registration's issuer and
client, and the user's subject; never the e-mail address alone), enrolled on the course and
placed in the cohort of the LMS course they came from. An LMS instructor becomes an educator of
that cohort only: they may open the admin and see the cohorts they run, nothing more."""

import hashlib

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from core.models import User
from courses.enrolment import enrol
from courses.enrolment_models import Cohort, Enrolment

from ..models import LtiCohort

EDUCATOR_PERMISSIONS = (("wagtailadmin", "access_admin"), ("courses", "view_cohort"))


def username_for(lti_user):
    key = f"{lti_user.registration.issuer}\x1f{lti_user.registration.client_id}\x1f{lti_user.sub}"
    return "lti-" + hashlib.sha256(key.encode()).hexdigest()[:24]


def account_for(lti_user):
    """The account of this LMS user, made at their first launch (no password: they come in
    through the LMS). Their names follow the LMS; their e-mail address is not taken, so it can
    never join them to an account someone else made with it."""
    if lti_user.auth_user_id is not None:
        return lti_user.auth_user
    with transaction.atomic():
        locked = type(lti_user).objects.select_for_update().get(pk=lti_user.pk)
        user = locked.auth_user
        if user is None:
            user, _made = User.objects.get_or_create(
                username=username_for(locked),
                defaults={
                    "first_name": locked.given_name[:150],
                    "last_name": locked.family_name[:150],
                },
            )
            if _made:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            locked.auth_user = user
            locked.save(update_fields=["auth_user"])
    return user


def cohort_for(context, course):
    """The cohort of `course` for this LMS context (made once)."""
    found = LtiCohort.objects.filter(context=context, cohort__course=course).select_related(
        "cohort"
    )
    link = found.first()
    if link is not None:
        return link.cohort
    with transaction.atomic():
        title = (context.title or context.label or context.id_on_platform)[:80]
        cohort = Cohort.objects.create(
            course=course, name=f"{title} ({course.title})"[:120], starts_on=timezone.localdate()
        )
        LtiCohort.objects.create(context=context, cohort=cohort)
    return cohort


def place(user, course, context, *, instructor):
    """Enrol a learner in the LMS course's cohort; make an instructor its educator."""
    if not instructor:  # a learner coming back: one read
        found = Enrolment.objects.filter(
            user=user, course=course, cohort__lti_source__context=context
        ).first()
        if found is not None:
            return found
    cohort = cohort_for(context, course)
    if instructor:
        cohort.educators.add(user)
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label__in=[app for app, _code in EDUCATOR_PERMISSIONS],
                codename__in=[code for _app, code in EDUCATOR_PERMISSIONS],
            )
        )
        return None
    return enrol(user, course, cohort=cohort)
