from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from core.page_cache import KnownRestrictionsMixin, fragment_key
from core.routing import SpecificChildRouteMixin
from narratives.models import Narrative, NarrativeContentWarning

from .blocks import ModuleStreamBlock, narratives_at_hand
from .body import module_body

# enrolment_models and viewing_models hold this app's other models (cohorts, enrolments,
# progress, slot decisions); imported here so `courses.models` names every model of the app.
from .enrolment_models import Cohort, Enrolment, ModuleProgress
from .learner_context import course_learner_context, module_learner_context
from .viewing_models import NarrativeDecision

# What a module page renders of its narratives beyond their own rows, consent and files.
NARRATIVE_WARNINGS = Prefetch(
    "warnings", queryset=NarrativeContentWarning.objects.select_related("warning__domain")
)
NARRATIVE_PREFETCH = (NARRATIVE_WARNINGS, "themes")


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


class CourseIndexPage(SpecificChildRouteMixin, KnownRestrictionsMixin, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["courses.CoursePage"]
    routable_child_model = "courses.CoursePage"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = CoursePage.objects.child_of(self).live().public()
        return context


class CoursePage(KnownRestrictionsMixin, EstimatedTimeMixin, Page):
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
        # Apps above courses add their panels here (courses.course_page.register_course_page_panel).
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
        """Live modules without view restrictions, in outline order: what `.public()` gives, in
        one query instead of two (a restriction on the module, on this course or above it)."""
        steplen = self.steplen
        course_and_above = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        restricted = PageViewRestriction.objects.filter(
            Q(page_id=OuterRef("pk")) | Q(page__path__in=course_and_above)
        )
        return list(
            ModulePage.objects.child_of(self).live().exclude(Exists(restricted)).order_by("path")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = self.modules
        # Per learner: rendered outside any shared cache (this page is not cached).
        context.update(course_learner_context(request, self, self.modules))
        return context

    def route(self, request, path_components):
        # A learner's module comes from the outline the page shows anyway: no query of its own.
        # Restricted or unpublished modules are not in it; Wagtail's routing handles those.
        if path_components:
            module = next((m for m in self.modules if m.slug == path_components[0]), None)
            if module is not None:
                module._cached_parent_obj = self
                return module.route(request, path_components[1:])
        return super().route(request, path_components)


class LearningOutcome(Orderable):
    course = ParentalKey(CoursePage, related_name="learning_outcomes", on_delete=models.CASCADE)
    text = models.CharField(max_length=255)

    panels = [FieldPanel("text")]

    def __str__(self):
        return self.text


class ModulePage(KnownRestrictionsMixin, EstimatedTimeMixin, Page):
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

    def narrative_ids(self):
        """The ids of the narratives the body uses, read from its stored form without loading."""
        return module_body(self).narrative_ids()

    def prefetch_narratives(self, pool=None):
        """Load every narrative the body uses, with consent, file, warnings and themes, in four
        queries whatever the module's size, and return them in body order.

        `pool`, a queryset of narratives, is loaded in the same queries (the alternatives the
        module may offer); all that was loaded is then returned too, by pk, as a second value."""
        ids = self.narrative_ids()
        queryset = Narrative.objects.filter(pk__in=ids)
        if pool is not None:
            queryset = Narrative.objects.filter(Q(pk__in=ids) | Q(pk__in=pool.values("pk")))
        loaded = (
            queryset.select_related("consent", "media")
            .prefetch_related(*NARRATIVE_PREFETCH)
            .in_bulk()
        )
        with narratives_at_hand(loaded):
            narratives = self.narratives()
        # A no-op for those loaded above; covers a body that was already converted.
        prefetch_related_objects(narratives, *NARRATIVE_PREFETCH)
        return narratives if pool is None else (narratives, loaded)

    def blocks_for_render(self, pool=None):
        """The body's blocks with every narrative loaded in a fixed number of queries, and, when
        a `pool` queryset is given, everything loaded by pk as a second value."""
        if pool is None:
            self.prefetch_narratives()
            return list(self.body)
        _, loaded = self.prefetch_narratives(pool)
        return list(self.body), loaded

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Same for every learner: cached under the content version (see core/page_cache.py).
        context["content_cache_key"] = fragment_key(request, "module", self.pk)
        context["content_foot_key"] = fragment_key(request, "module-foot", self.pk)
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
        # Per learner, after the shared part: records the visit of an enrolled learner.
        context.update(module_learner_context(request, course, self))
        return context


__all__ = [
    "Cohort",
    "CourseIndexPage",
    "CoursePage",
    "Enrolment",
    "LearningOutcome",
    "ModulePage",
    "ModuleProgress",
    "NarrativeDecision",
]
