from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from narratives.models import RENDER_PREFETCH

from .blocks import ModuleStreamBlock


class EstimatedTimeMixin(models.Model):
    estimated_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(6000)],
        help_text=_("Roughly how long a learner needs, in minutes, including reflection."),
    )

    class Meta:
        abstract = True

    @property
    def estimated_time_display(self):
        hours, minutes = divmod(self.estimated_minutes or 0, 60)
        if hours and minutes:
            return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
        if hours:
            return _("%(h)d h") % {"h": hours}
        return _("%(m)d min") % {"m": minutes}


class CourseIndexPage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["courses.CoursePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = CoursePage.objects.child_of(self).live().public()
        return context


class CoursePage(EstimatedTimeMixin, Page):
    """A course: an ordered set of modules (its child pages, in the order shown in the admin)."""

    class Audience(models.TextChoices):
        ALL = "all", _("All staff")
        CARE_ASSISTANT = "care_assistant", _("Care assistants")
        NURSING_TRAINEE = "nursing_trainee", _("Nursing trainees")
        PSYCHOLOGY_TRAINEE = "psychology_trainee", _("Psychology trainees")
        TRAINEE = "trainee", _("Trainees (nursing and psychology)")

    summary = models.TextField(
        help_text=_(
            "Two or three plain sentences: who the course is for and what they will be able to do."
        )
    )
    audience = models.CharField(max_length=30, choices=Audience.choices, default=Audience.ALL)

    search_fields = Page.search_fields + [index.SearchField("summary")]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("estimated_minutes")]),
        InlinePanel(
            "learning_outcomes",
            heading=_("Learning outcomes"),
            label=_("Outcome"),
            min_num=1,
            help_text=_("What a learner will be able to do afterwards. Start with a verb."),
        ),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    @cached_property
    def modules(self):
        return list(ModulePage.objects.child_of(self).live().public().order_by("path"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = self.modules
        return context


class LearningOutcome(Orderable):
    course = ParentalKey(CoursePage, related_name="learning_outcomes", on_delete=models.CASCADE)
    text = models.CharField(max_length=255)

    panels = [FieldPanel("text")]

    def __str__(self):
        return self.text


class ModulePage(EstimatedTimeMixin, Page):
    intro = models.TextField(
        blank=True, help_text=_("One or two plain sentences: what happens in this module.")
    )
    body = StreamField(ModuleStreamBlock(), blank=True)

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    def narratives(self):
        """Every narrative the body uses, in body order (a narrative may repeat)."""
        found = []
        for block in self.body:
            if block.block_type == "narrative" and block.value["narrative"] is not None:
                found.append(block.value["narrative"])
            elif block.block_type == "narrative_choice":
                found.extend(n for n in block.value["narratives"] if n is not None)
        return found

    def prefetch_narratives(self):
        """Load warnings, themes, consent and media for every narrative in a fixed query count."""
        narratives = self.narratives()
        prefetch_related_objects(narratives, *RENDER_PREFETCH)
        return narratives

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.prefetch_narratives()
        course = self.get_parent().specific
        modules = course.modules
        index_of = next((i for i, m in enumerate(modules) if m.pk == self.pk), None)
        context.update(
            course=course,
            modules=modules,
            module_number=None if index_of is None else index_of + 1,
            previous_module=modules[index_of - 1] if index_of else None,
            next_module=(
                modules[index_of + 1]
                if index_of is not None and index_of + 1 < len(modules)
                else None
            ),
        )
        return context
