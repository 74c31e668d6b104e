"""Names and Role Provisioning: the LMS course's roster, brought into its Storybridge cohorts. Each
active learner gets their account (integrations/lti/accounts.py) and an enrolment in the
cohort, so the cohort's progress shows who has not started; each instructor runs the cohort.
Run at every instructor launch and by `manage.py lti_sync_rosters`."""

import logging

from django.utils import timezone
from lti_tool.services.nrps import sync_memberships
from pylti1p3.exception import LtiException
from requests import RequestException

from courses.enrolment import enrol

from ..models import LtiCohort
from . import accounts

logger = logging.getLogger("storybridge.lti")


def sync(context):
    """Fetch the roster (every page of it) and bring it in. How many learners it holds."""
    sync_memberships(context)
    cohorts = [
        link.cohort for link in LtiCohort.objects.filter(context=context).select_related("cohort")
    ]
    learners = 0
    memberships = context.memberships.filter(is_active=True).select_related("user__registration")
    for membership in memberships:
        user = accounts.account_for(membership.user)
        for cohort in cohorts:
            if membership.is_instructor or membership.is_administrator:
                cohort.educators.add(user)
            elif membership.is_learner:
                enrol(user, cohort.course, cohort=cohort)
        learners += bool(membership.is_learner)
    LtiCohort.objects.filter(context=context).update(roster_synced_at=timezone.now())
    return learners


def sync_quietly(context):
    """`sync`, where a roster that cannot be fetched now must not stop a launch."""
    if not context.memberships_url:
        return None
    try:
        return sync(context)
    except (LtiException, RequestException) as problem:
        logger.warning("roster of LMS course %s not synced: %s", context.pk, problem)
        return None
