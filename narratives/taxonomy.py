"""The library's vocabularies: content warnings (domains and their items), recovery themes, and
the characterisation dimensions curators describe narratives with. Models of the narratives
app, importable from narratives.models as before."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable
from wagtail.search import index


class ContentWarning(index.Indexed, models.Model):
    """A content-warning domain (no parent) or a specific item within a domain."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(
        help_text=_("What learners will meet, in plain words. Shown before a narrative plays.")
    )
    domain = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
        limit_choices_to={"domain__isnull": True},
        help_text=_("Leave empty for a domain; choose a domain for a specific item."),
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("content warning")

    def __str__(self):
        return f"{self.domain.name}: {self.name}" if self.domain_id else self.name

    def clean(self):
        if self.domain_id and self.domain_id == self.pk:
            raise ValidationError({"domain": _("A warning cannot be its own domain.")})
        if self.domain_id and self.domain.domain_id:
            raise ValidationError({"domain": _("Choose a domain, not another specific item.")})

    @property
    def root(self):
        """The domain this warning belongs to (itself, for a domain)."""
        return self.domain if self.domain_id else self


class Theme(index.Indexed, models.Model):
    """A recovery theme (seeded with CHIME)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class CharacterisationDimension(index.Indexed, ClusterableModel):
    """A way of describing narratives (genre, tone, trajectory...) with allowed values."""

    name = models.CharField(max_length=80, unique=True)
    description = models.TextField(
        blank=True, help_text=_("Explain the dimension so every curator applies it the same way.")
    )
    allow_multiple = models.BooleanField(
        default=False, help_text=_("Tick if a narrative may have more than one value.")
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class CharacterisationValue(Orderable):
    dimension = ParentalKey(
        CharacterisationDimension, related_name="values", on_delete=models.CASCADE
    )
    value = models.CharField(max_length=80)
    description = models.CharField(max_length=255, blank=True)

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["dimension", "value"], name="unique_dimension_value")
        ]

    def __str__(self):
        return f"{self.dimension.name}: {self.value}"
