"""Integrations' parts of a person's data export (core/personal_data.py): the organisation
accounts linked to theirs. Registered in IntegrationsConfig.ready(). Erasure deletes them with
the account."""

from allauth.socialaccount.models import SocialAccount
from lti_tool.models import LtiUser

from core.personal_data import Provider, register, when

from .models import Organisation, ScormLearner, ScormPackage


@register
class OrganisationAccounts(Provider):
    """The organisation accounts they sign in with, and what those organisations told us."""

    name = "organisation_accounts"
    models = ("socialaccount.SocialAccount", "socialaccount.SocialToken")
    order = 25

    def rows(self, owner):
        return SocialAccount.objects.filter(user=owner).order_by("provider", "pk")

    def row(self, account):
        organisation = Organisation.objects.filter(slug=account.provider).first()
        data = account.extra_data or {}
        return {
            "organisation": organisation.name if organisation else account.provider,
            "identifier": account.uid,
            "linked": when(account.date_joined),
            "last_sign_in": when(account.last_login),
            # The claims of the last sign-in (the ID token and the userinfo), never a token.
            "claims": {**(data.get("id_token") or {}), **(data.get("userinfo") or {})},
        }


@register
class LearningSystemLinks(Provider):
    """The learning systems (LMSs) that open Storybridge courses for them through a SCORM
    package: their id there, and each time they opened one."""

    name = "learning_system_links"
    models = ("integrations.ScormLearner", "integrations.ScormLaunch")
    order = 26

    def rows(self, owner):
        return (
            ScormLearner.objects.filter(user=owner)
            .select_related("package")
            .prefetch_related("launches")
            .order_by("linked_at", "pk")
        )

    def row(self, link):
        return {
            "package": link.package.title,
            "id_in_the_learning_system": link.lms_learner_id,
            "linked": when(link.linked_at),
            "opened": [when(launch.launched_at) for launch in link.launches.all()],
        }


@register
class ScormPackagesMade(Provider):
    """The SCORM packages they made, as an editor."""

    name = "scorm_packages_made"
    models = ("integrations.ScormPackage",)
    order = 27

    def rows(self, owner):
        return ScormPackage.objects.filter(created_by=owner).order_by("created_at", "pk")

    def row(self, package):
        return {"title": package.title, "made": when(package.created_at)}


@register
class LmsAccounts(Provider):
    """The LMS accounts (LTI) that open Storybridge as them, what each LMS told us of them, and
    the grades waiting for or sent to its line items."""

    name = "lms_accounts"
    models = ("lti_tool.LtiUser", "integrations.LtiGrade")
    order = 28

    def rows(self, owner):
        return (
            LtiUser.objects.filter(auth_user=owner)
            .select_related("registration")
            .prefetch_related("storybridge_grades__page")
            .order_by("pk")
        )

    def row(self, lti_user):
        return {
            "learning_system": lti_user.registration.name,
            "id_in_the_learning_system": lti_user.sub,
            "name": lti_user.name,
            "given_name": lti_user.given_name,
            "family_name": lti_user.family_name,
            "email": lti_user.email,
            "grades": [
                {
                    "course_or_module": grade.page.title,
                    "score": grade.score,
                    "sent": when(grade.sent_at),
                    "tries": grade.attempts,
                }
                for grade in lti_user.storybridge_grades.all()
            ],
        }

    def erase(self, user):
        # django-lti keeps its LMS users when the account goes (SET_NULL), with their names,
        # address and LMS id; they go with the account, and their course memberships with them.
        deleted, _by_model = LtiUser.objects.filter(auth_user=user).delete()
        return {"lti_tool.LtiUser deleted": deleted} if deleted else {}

    def erasure_notes(self, user):
        return [
            "The LMSs that launched Storybridge for this person keep their own records; a new "
            "launch from one of them would make a new account."
        ]
