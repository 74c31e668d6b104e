"""Attitude questionnaires: instruments (authored in the admin), and learners' responses per
enrolment and timepoint. Scoring lives in assessments/questionnaires/scoring.py, statistics in
reporting/attitude/analysis.py, the rules for answering in
assessments/questionnaires/answering.py."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class Timepoint(models.TextChoices):
    PRE = "pre", _("Before the course (baseline)")
    POST = "post", _("After the last module")
    FOLLOW_UP = "follow_up", _("Follow-up, weeks after completion")


# The timepoints in the order a learner meets them, as every list and report shows them.
TIMEPOINT_ORDER = tuple(Timepoint)


class Instrument(index.Indexed, ClusterableModel):
    """A questionnaire: a response scale, ordered items (some reverse-scored, each in an optional
    subscale) and how to score it. Organisations load instruments they are licensed to use."""

    class ScoringRule(models.TextChoices):
        SUM = "sum", _("Sum of the item scores")
        MEAN = "mean", _("Mean of the item scores")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("As learners will see it, in plain words.")
    )
    version = models.CharField(
        _("version"),
        max_length=40,
        help_text=_("Change it whenever items or scoring change, so results stay comparable."),
    )
    citation = models.TextField(
        _("citation"), blank=True, help_text=_("Where the instrument comes from, if published.")
    )
    licence_note = models.TextField(
        _("licence note"),
        blank=True,
        help_text=_("Who may use it and on what terms. Only load instruments you may use."),
    )
    introduction = models.TextField(
        _("introduction for learners"),
        blank=True,
        help_text=_("Shown above the items: why we ask, that answering is voluntary."),
    )
    scoring_rule = models.CharField(
        _("scoring rule"), max_length=10, choices=ScoringRule.choices, default=ScoringRule.MEAN
    )
    higher_is_better = models.BooleanField(
        _("higher scores are better"),
        default=True,
        help_text=_(
            "Untick if a higher score means a worse result (for example, more stigma). "
            "Improvement and reliable change follow this."
        ),
    )
    min_answered_fraction = models.DecimalField(
        _("minimum fraction answered"),
        max_digits=3,
        decimal_places=2,
        default=0.8,
        validators=[MinValueValidator(0.01), MaxValueValidator(1)],
        help_text=_(
            "A score is prorated when at least this share of a scale's items is answered "
            "(0.8 = 80%); with fewer answers there is no score."
        ),
    )
    reliability = models.DecimalField(
        _("reliability for reliable change"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(0.999)],
        help_text=_(
            "Test-retest or internal-consistency reliability from the instrument's manual, "
            "for the Jacobson-Truax reliable change index. Leave empty to skip it."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("version")]),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("citation"), FieldPanel("licence_note")], heading=_("Source and licence")
        ),
        MultiFieldPanel(
            [
                FieldPanel("scoring_rule"),
                FieldPanel("higher_is_better"),
                FieldPanel("min_answered_fraction"),
                FieldPanel("reliability"),
            ],
            heading=_("Scoring"),
        ),
        InlinePanel(
            "scale_points",
            heading=_("Response scale"),
            label=_("Point"),
            min_num=2,
            help_text=_("Each answer a learner can give, in order, with the number it scores."),
        ),
        InlinePanel(
            "subscales",
            heading=_("Subscales"),
            label=_("Subscale"),
            help_text=_("Optional groups of items scored separately. Each needs items."),
        ),
        InlinePanel("items", heading=_("Items"), label=_("Item"), min_num=2),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="assessments_instrument_once")
        ]

    def __str__(self):
        return f"{self.name} ({self.version})"

    @property
    def scale_values(self):
        return [point.value for point in self.scale_points.all()]

    def score_range(self, item_count=None):
        """The lowest and highest total its scoring rule can give, over `item_count` items
        (all of its items when None)."""
        values = self.scale_values
        low, high = min(values), max(values)
        if self.scoring_rule == self.ScoringRule.SUM:
            count = len(self.items.all()) if item_count is None else item_count
            return low * count, high * count
        return low, high


class ScalePoint(Orderable):
    instrument = ParentalKey(Instrument, on_delete=models.CASCADE, related_name="scale_points")
    label = models.CharField(_("label"), max_length=80, help_text=_("e.g. Strongly agree"))
    value = models.SmallIntegerField(_("value"), help_text=_("The number this answer scores."))

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("value")])]

    class Meta(Orderable.Meta):
        verbose_name = _("scale point")

    def __str__(self):
        return f"{self.label} ({self.value})"


class Subscale(Orderable):
    instrument = ParentalKey(Instrument, on_delete=models.CASCADE, related_name="subscales")
    key = models.SlugField(
        _("key"), max_length=40, help_text=_("A short code the items refer to, e.g. 'social'.")
    )
    name = models.CharField(_("name"), max_length=120)

    panels = [FieldRowPanel([FieldPanel("key"), FieldPanel("name")])]

    class Meta(Orderable.Meta):
        verbose_name = _("subscale")

    def __str__(self):
        return self.name


class InstrumentItem(Orderable):
    """One statement learners rate. Its uuid is its stable id in forms, exports and xAPI."""

    instrument = ParentalKey(Instrument, on_delete=models.CASCADE, related_name="items")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = models.CharField(_("text"), max_length=400)
    reverse_scored = models.BooleanField(
        _("reverse-scored"),
        default=False,
        help_text=_("Scored as (lowest + highest − answer), e.g. a negatively worded statement."),
    )
    subscale = models.SlugField(
        _("subscale key"),
        max_length=40,
        blank=True,
        help_text=_("The key of the subscale this item belongs to, or empty for none."),
    )
    required = models.BooleanField(_("required"), default=True)

    panels = [
        FieldPanel("text"),
        FieldRowPanel(
            [FieldPanel("reverse_scored"), FieldPanel("subscale"), FieldPanel("required")]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("item")

    def __str__(self):
        return self.text


def validate_instrument(instrument, scale_values, items, subscale_keys):
    """Errors in an instrument as a whole (used by the admin form and the CSV import): distinct
    scale values, at least two points and two items, every subscale with items and every
    item's subscale declared. Raises ValidationError listing them all."""
    errors = []
    if len(scale_values) < 2:
        errors.append(_("The response scale needs at least two points."))
    if len(set(scale_values)) != len(scale_values):
        errors.append(_("Each point of the response scale needs its own value."))
    if len(items) < 2:
        errors.append(_("A questionnaire needs at least two items."))
    used = {item.subscale for item in items if item.subscale}
    undeclared = sorted(used - set(subscale_keys))
    if undeclared:
        errors.append(
            _("Items refer to subscales that are not declared: %(keys)s.")
            % {"keys": ", ".join(undeclared)}
        )
    empty = [key for key in subscale_keys if key not in used]
    if empty:
        errors.append(
            _("Every subscale needs items; these have none: %(keys)s.") % {"keys": ", ".join(empty)}
        )
    if len(set(subscale_keys)) != len(subscale_keys):
        errors.append(_("Each subscale needs its own key."))
    if errors:
        raise ValidationError(errors)


class CourseQuestionnaires(models.Model):
    """Which questionnaires a course asks, and when: at most one per course, a child of the
    course page (so drafts, revisions and publishing carry it), edited in the course's
    "Attitude questionnaires" panel (registered by assessments/registrations.py). Read it
    through assessments/questionnaires/per_course.py, never through the relation."""

    course = ParentalKey(
        "courses.CoursePage", related_name="questionnaires", on_delete=models.CASCADE
    )
    baseline_questionnaire = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Offered before module 1. Answering is voluntary."),
    )
    post_questionnaire = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Offered after the last module. Use the same questionnaire as the baseline to "
            "measure change."
        ),
    )
    follow_up_questionnaire = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Optional: asked again some weeks after the learner completes the course."),
    )
    follow_up_weeks = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
        help_text=_(
            "How many weeks after completing the course the follow-up reminder is emailed "
            "(for example 12). Needed with a follow-up questionnaire."
        ),
    )

    panels = [
        FieldPanel("baseline_questionnaire"),
        FieldPanel("post_questionnaire"),
        FieldRowPanel([FieldPanel("follow_up_questionnaire"), FieldPanel("follow_up_weeks")]),
    ]

    class Meta:
        verbose_name = _("course questionnaires")
        verbose_name_plural = _("course questionnaires")
        constraints = [
            models.UniqueConstraint(fields=["course"], name="assessments_questionnaires_per_course")
        ]

    def __str__(self):
        return str(_("Attitude questionnaires"))

    def clean(self):
        super().clean()
        if self.follow_up_questionnaire_id and not self.follow_up_weeks:
            raise ValidationError(
                {"follow_up_weeks": _("Say how many weeks after completion to ask again.")}
            )


class QuestionnaireResponse(models.Model):
    """One learner's answers at one timepoint of one enrolment: a draft until submitted, or
    declined (answering is voluntary; declining never limits access to the course)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Started")
        SUBMITTED = "submitted", _("Submitted")
        DECLINED = "declined", _("Declined")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(
        "courses.Enrolment", on_delete=models.CASCADE, related_name="questionnaire_responses"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="responses")
    timepoint = models.CharField(max_length=12, choices=Timepoint.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Scores computed on submission (assessments/questionnaires/scoring.py):
    # {"total": x, "subscales": {...}}, a value of None where too few items were answered.
    scores = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("questionnaire response")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "timepoint"], name="assessments_response_once_per_timepoint"
            )
        ]

    def __str__(self):
        return f"{self.get_timepoint_display()} – {self.get_status_display()}"


class ItemAnswer(models.Model):
    response = models.ForeignKey(
        QuestionnaireResponse, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(InstrumentItem, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField()

    class Meta:
        verbose_name = _("item answer")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="assessments_answer_once")
        ]

    def __str__(self):
        return f"{self.item_id}: {self.value}"
