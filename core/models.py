from django.contrib.auth.models import AbstractUser
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

from .page_cache import FRAGMENT_TIMEOUT, KnownRestrictionsMixin, fragment_key
from .routing import SpecificChildRouteMixin


class User(AbstractUser):
    """Storybridge's user: a learner, an educator or a curator."""

    class Role(models.TextChoices):
        NURSING_TRAINEE = "nursing_trainee", _("Nursing trainee")
        PSYCHOLOGY_TRAINEE = "psychology_trainee", _("Psychology trainee")
        CARE_ASSISTANT = "care_assistant", _("Care assistant")
        OTHER_STAFF = "other_staff", _("Other staff")

    role = models.CharField(
        _("role"),
        max_length=32,
        choices=Role.choices,
        blank=True,
        help_text=_("What you do at work. It helps us suggest the right courses."),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("Where you work or study, for example the name of your trust or college."),
    )

    class Meta:
        db_table = "core_user"


class HomePage(SpecificChildRouteMixin, KnownRestrictionsMixin, Page):
    """The site root: welcomes learners and lists the courses (its template asks courses for
    them: `{% live_courses page %}`, courses/templatetags/course_list.py)."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("One or two sentences that tell a new learner what this site is for."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CourseIndexPage"]
    max_count = 1
    routable_child_model = "courses.CourseIndexPage"


class SupportResourceBlock(blocks.StructBlock):
    name = blocks.CharBlock(help_text=_("For example: Employee Assistance Programme."))
    description = blocks.TextBlock(
        required=False, help_text=_("One plain sentence: who it is for and what it offers.")
    )
    phone = blocks.CharBlock(required=False, max_length=40)
    url = blocks.URLBlock(required=False, label=_("Web address"))
    hours = blocks.CharBlock(required=False, max_length=120, help_text=_("When it is open."))

    class Meta:
        icon = "help"
        template = "blocks/support_resource.html"


@register_setting(icon="cog")
class StorybridgeSettings(BaseSiteSetting):
    """Per-site settings editors change in Settings → Storybridge."""

    organisation_name = models.CharField(
        max_length=200, blank=True, help_text=_("Shown in the footer and on completion records.")
    )
    contact_email = models.EmailField(
        _("contact email address"),
        blank=True,
        help_text=_(
            "Where learners write when they cannot sign in or get no email from us. Shown on the "
            "sign-in, sign-up and password pages. Use a team address, not a person's."
        ),
    )
    contact_phone = models.CharField(
        _("contact phone number"),
        max_length=100,
        blank=True,
        help_text=_("Optional. A number learners can ring about their account, with its hours."),
    )
    support_intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown above the support resources, wherever a learner asks for support."),
    )
    support_resources = StreamField(
        [("resource", SupportResourceBlock())],
        blank=True,
        help_text=_("Where learners can get support. Put urgent help first."),
    )
    readability_target_grade = models.PositiveSmallIntegerField(
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(18)],
        help_text=_(
            "Editors see a warning when a narrative summary or text reads above this school "
            "grade (Flesch–Kincaid). 8 suits most adults; plain-language guidance suggests 6–8."
        ),
    )
    send_reflection_text_to_lrs = models.BooleanField(
        _("send reflection text to the learning record store"),
        default=False,
        help_text=_(
            "Off (recommended): your learning record store gets only the word count of each "
            "submitted reflection. On: learners see a tick box on each reflection; only when "
            "they tick it is the text of that reflection sent too, under their pseudonym. "
            "Reflections can hold personal and health information: switch this on only if "
            "your organisation needs the text and has agreed how it is kept."
        ),
    )

    panels = [
        FieldPanel("organisation_name"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Help with accounts"),
        ),
        MultiFieldPanel(
            [FieldPanel("support_intro"), FieldPanel("support_resources")],
            heading=_("Support for learners"),
        ),
        FieldPanel("readability_target_grade"),
        MultiFieldPanel(
            [FieldPanel("send_reflection_text_to_lrs")],
            heading=_("Learning records (xAPI)"),
        ),
    ]

    class Meta:
        verbose_name = _("Storybridge settings")

    @classmethod
    def for_request(cls, request):
        """Wagtail's, but remembered in the cache under the content version (these settings are
        among what it watches, core/content_version.py), so that a page showing a setting, such
        as the reflection form asking whether its text may go to the LRS, costs no query for it.
        Previews and requests outside any site are Wagtail's own."""
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = Site.find_for_request(request)
        key = fragment_key(request, "site-settings", site.pk) if site is not None else None
        if key is None:  # no site, or a preview
            return super().for_request(request)
        site_settings = cache.get(key)
        if site_settings is None:
            site_settings = cls.for_site(site)
            cache.set(key, site_settings, FRAGMENT_TIMEOUT)
        site_settings._request = request  # as Wagtail does, for page addresses
        setattr(request, attr_name, site_settings)
        return site_settings


class ContentVersion(models.Model):
    """One row whose stamp changes whenever anything a learner-facing page shows changes.

    Shared caches (routes, rendered fragments) put it in their keys, so a change — a consent
    withdrawn, a page published — is seen by every process at once. See core/content_version.py.
    """

    stamp = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("content version")

    def __str__(self):
        return str(self.stamp)
