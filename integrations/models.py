"""Organisations whose people sign in with their own accounts (OpenID Connect), and the record of
sign-ins refused, for administrators. Rules live in integrations/signin.py."""

import re
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import User

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def split_domains(text):
    """The domains written in `text`, one a line or separated by commas or spaces, lower case,
    without a leading "@", in the order given, each once."""
    found = []
    for part in re.split(r"[\s,;]+", text or ""):
        domain = part.strip().lower().lstrip("@").rstrip(".")
        if domain and domain not in found:
            found.append(domain)
    return found


class OrganisationQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(enabled=True)


class Organisation(models.Model):
    """An organisation whose people sign in to Storybridge with their own account, through its
    OpenID Connect identity provider (Microsoft Entra ID / NHSmail, Google Workspace, Okta...)."""

    name = models.CharField(
        _("name"),
        max_length=200,
        unique=True,
        help_text=_(
            'Shown on the sign-in button ("Sign in with …") and given to new accounts as their '
            "organisation when the identity provider does not say."
        ),
    )
    slug = models.SlugField(
        _("short name"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-z0-9][a-z0-9-]*$",
                _("Use lower-case letters, digits and hyphens, starting with a letter or digit."),
            )
        ],
        help_text=_(
            "Part of the sign-in and redirect addresses, for example “example-trust”. It cannot "
            "be changed once saved: accounts are linked under it."
        ),
    )
    enabled = models.BooleanField(
        _("people can sign in"),
        default=True,
        help_text=_("Untick to stop sign-in through this organisation without deleting it."),
    )
    discovery_url = models.URLField(
        _("discovery address"),
        max_length=500,
        help_text=_(
            "The identity provider's OpenID Connect address. For Microsoft Entra ID: "
            "https://login.microsoftonline.com/<tenant id>/v2.0 (Storybridge adds "
            "/.well-known/openid-configuration)."
        ),
    )
    client_id = models.CharField(
        _("client ID"),
        max_length=200,
        help_text=_("The application (client) ID the identity provider gave Storybridge."),
    )
    client_secret = models.CharField(
        _("client secret"),
        max_length=500,
        help_text=_("The secret the identity provider gave Storybridge. Keep it private."),
    )
    allowed_domains = models.TextField(
        _("allowed e-mail domains"),
        help_text=_(
            "One a line, for example nhs.net. Only people whose address is at one of these "
            "domains may sign in this way; anyone else is refused and nothing is created."
        ),
    )
    addresses_verified = models.BooleanField(
        _("the identity provider owns these domains"),
        default=False,
        help_text=_(
            "Tick only when this organisation's identity provider is the one that issues the "
            "addresses at the allowed domains (for example your own Entra ID tenant). Its "
            "sign-ins then count as verified addresses, and can be linked to an existing "
            "Storybridge account with the same address. Otherwise an account is linked only "
            "when the provider says the address is verified."
        ),
    )
    role_claim = models.CharField(
        _("role claim"),
        max_length=100,
        blank=True,
        default="roles",
        help_text=_(
            "The claim of the ID token that holds the person's role (Entra ID app roles: "
            "“roles”). A value that is one of Storybridge's roles (nursing_trainee, "
            "psychology_trainee, care_assistant, other_staff) is used; otherwise the default role."
        ),
    )
    default_role = models.CharField(
        _("default role"),
        max_length=32,
        choices=User.Role.choices,
        blank=True,
        help_text=_("The role of a new account when the claim names none."),
    )
    organisation_claim = models.CharField(
        _("organisation claim"),
        max_length=100,
        blank=True,
        help_text=_(
            "The claim that holds the person's organisation, if the provider sends one (for "
            "example a department or trust name). Empty: new accounts take this organisation's "
            "name."
        ),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("sign-in organisation")
        verbose_name_plural = _("sign-in organisations")

    def __str__(self):
        return self.name

    @property
    def domains(self):
        return split_domains(self.allowed_domains)

    def clean(self):
        super().clean()
        domains = split_domains(self.allowed_domains)
        bad = [d for d in domains if not DOMAIN.match(d)]
        if bad:
            raise ValidationError(
                {
                    "allowed_domains": _("These are not domain names: %(bad)s.")
                    % {"bad": ", ".join(bad)}
                }
            )
        if not domains:
            raise ValidationError({"allowed_domains": _("Give at least one domain.")})
        self.allowed_domains = "\n".join(domains)
        url = (self.discovery_url or "").strip()
        local = re.match(r"^http://(127\.0\.0\.1|localhost)(:\d+)?(/|$)", url)
        if url and not url.startswith("https://") and not local:
            raise ValidationError({"discovery_url": _("The address must start with https://.")})


class RefusedSignInQuerySet(models.QuerySet):
    # Refusals are kept for administrators, but anyone can make one (a made-up callback, an
    # altered launch): past this many a minute for one way in and reason, only the log has them.
    PER_MINUTE = 60

    def note(self, *, provider, reason, organisation=None, domain="", detail=""):
        """Keep a refusal, unless this way in and reason already had PER_MINUTE this minute.
        The row, or None when it was not kept."""
        key = f"sb:refused:{provider}:{reason}:{int(time.time() // 60)}"
        cache.add(key, 0, timeout=120)
        try:
            count = cache.incr(key)
        except ValueError:  # the cache lost the key in between
            count = 1
        if count > self.PER_MINUTE:
            return None
        return self.create(
            organisation=organisation,
            provider=provider[:40],
            reason=reason,
            domain=domain[:253],
            detail=str(detail)[:200],
        )


class RefusedSignIn(models.Model):
    """A sign-in through an organisation that was refused, for administrators to see. It holds
    the domain of the address, never the address or the person's identifier."""

    class Reason(models.TextChoices):
        DOMAIN = "domain", _("The address is not at an allowed domain")
        NO_ADDRESS = "no_address", _("The identity provider sent no e-mail address")
        UNVERIFIED = "unverified", _("An account has this address, but it was not verified")
        PROVIDER = "provider", _("The identity provider refused or could not be reached")
        DISABLED = "disabled", _("Sign-in through this organisation is turned off")
        SCORM_PACKAGE = "scorm_package", _("A SCORM launch was altered, or its package withdrawn")
        SCORM_LEARNER = (
            "scorm_learner",
            _("A SCORM learner is linked to another Storybridge account"),
        )
        LTI_TOKEN = (
            "lti_token",
            _("An LTI launch's token was expired, forged, replayed or for someone else"),
        )
        LTI_DEPLOYMENT = "lti_deployment", _("An LTI launch came from an unknown deployment")
        LTI_REGISTRATION = "lti_registration", _("An LTI sign-in named no registered platform")
        LTI_TARGET = "lti_target", _("An LTI launch named no course or module")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="refusals",
        verbose_name=_("organisation"),
    )
    provider = models.CharField(_("sign-in short name"), max_length=40)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    domain = models.CharField(_("e-mail domain"), max_length=253, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    objects = RefusedSignInQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("refused sign-in")
        verbose_name_plural = _("refused sign-ins")

    def __str__(self):
        return f"{self.provider}: {self.get_reason_display()}"


class ScormPackage(models.Model):
    """A SCORM 1.2 launcher package made for a course or a module: its one SCO opens the hosted
    page (the content stays here, so consent withdrawal still works everywhere) and reports
    completion, and the knowledge-check score where `send_score`, to the LMS. Deleting the row
    withdraws the package: its launches are refused. Rules: integrations/scorm.py."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course or module"),
    )
    title = models.CharField(_("title in the LMS"), max_length=200)
    send_score = models.BooleanField(
        _("send the knowledge-check score"),
        default=False,
        help_text=_(
            "Also send the share of knowledge-check questions answered right (0 to 100) when "
            "the learner completes it. Only completion and this score ever leave Storybridge."
        ),
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("SCORM package")
        verbose_name_plural = _("SCORM packages")

    def __str__(self):
        return self.title


class ScormLearner(models.Model):
    """A learner of an LMS (their SCORM `cmi.core.student_id` in a package) and the Storybridge
    account they proved is theirs by signing in at their first launch."""

    package = models.ForeignKey(ScormPackage, on_delete=models.CASCADE, related_name="learners")
    lms_learner_id = models.CharField(_("learner ID in the LMS"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorm_links"
    )
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        verbose_name = _("SCORM learner")
        verbose_name_plural = _("SCORM learners")
        constraints = [
            models.UniqueConstraint(
                fields=["package", "lms_learner_id"], name="scorm_learner_once_per_package"
            )
        ]

    def __str__(self):
        return f"{self.package}: {self.lms_learner_id}"


class ScormLaunch(models.Model):
    """One opening of the package in an LMS: the attempt number its SCO made up (unguessable),
    which the SCO then asks about for completion."""

    attempt = models.CharField(_("attempt"), max_length=64, unique=True)
    learner = models.ForeignKey(ScormLearner, on_delete=models.CASCADE, related_name="launches")
    enrolment = models.ForeignKey("courses.Enrolment", on_delete=models.CASCADE, related_name="+")
    launched_at = models.DateTimeField(_("launched"), auto_now_add=True)

    class Meta:
        verbose_name = _("SCORM launch")
        verbose_name_plural = _("SCORM launches")


class LtiCohort(models.Model):
    """The cohort of a course that holds the learners of one LMS context (an LMS course): made at
    the first launch into that course from that context; its roster syncs from the LMS."""

    context = models.ForeignKey(
        "lti_tool.LtiContext", on_delete=models.CASCADE, related_name="storybridge_cohorts"
    )
    cohort = models.OneToOneField(
        "courses.Cohort", on_delete=models.CASCADE, related_name="lti_source"
    )
    roster_synced_at = models.DateTimeField(_("roster synced"), null=True, blank=True)

    class Meta:
        verbose_name = _("LMS course's cohort")
        verbose_name_plural = _("LMS courses' cohorts")


class LtiGradeQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(sent_at__isnull=True, gave_up=False, next_try_at__lte=now)


class LtiGrade(models.Model):
    """What the LMS's line item for one learner and one launched course or module should hear:
    completion (and the knowledge-check score, where the link was made to send it). Kept until it
    is delivered: a failure to send is retried with a growing wait (integrations/lti/grades.py),
    never lost."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_grades"
    )
    lti_user = models.ForeignKey(
        "lti_tool.LtiUser", on_delete=models.CASCADE, related_name="storybridge_grades"
    )
    context = models.ForeignKey(
        "lti_tool.LtiContext", on_delete=models.CASCADE, related_name="storybridge_grades"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    lineitem_url = models.URLField(_("line item"), max_length=1000)
    send_score = models.BooleanField(_("send the knowledge-check score"), default=False)
    completed = models.BooleanField(_("completed"), default=False)
    score = models.PositiveSmallIntegerField(_("score (0 to 100)"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("tries"), default=0)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    gave_up = models.BooleanField(_("refused by the LMS"), default=False)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    objects = LtiGradeQuerySet.as_manager()

    class Meta:
        verbose_name = _("LMS grade")
        verbose_name_plural = _("LMS grades")
        constraints = [
            models.UniqueConstraint(
                fields=["lti_user", "lineitem_url"], name="lti_grade_once_per_line_item"
            )
        ]
