"""Questionnaires (instruments) in the Wagtail admin: the snippet listing and editor, whole-
instrument validation, the lock once people have answered, and the CSV import.

Registered by assessments/wagtail_hooks.py importing this module.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    ObjectList,
)
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, IndexView, SnippetViewSet

from core.spreadsheet import NeutralisedExportMixin

from . import instrument_csv
from .models import (
    CourseQuestionnaires,
    Instrument,
    InstrumentItem,
    ItemAnswer,
    QuestionnaireResponse,
    validate_instrument,
)

LOCKED_MESSAGE = _(
    "People have already answered this questionnaire, so its response scale, subscales, items "
    "and scoring can no longer change: their answers would stop matching. Make a new version "
    "instead (use “Copy”, give the copy a new version and edit that). You can still change the "
    "name, introduction, citation, licence note and reliability."
)
# Fields that change what learners answered or how it is scored.
LOCKED_FIELDS = ("version", "scoring_rule", "higher_is_better", "min_answered_fraction")


def has_answers(instrument):
    """True once anyone submitted a response to `instrument` or stored an answer to its items."""
    return (
        QuestionnaireResponse.objects.filter(
            instrument=instrument, status=QuestionnaireResponse.Status.SUBMITTED
        ).exists()
        or ItemAnswer.objects.filter(item__instrument=instrument).exists()
    )


def _active_forms(formset):
    """The forms that will be saved, in their submitted order: rows marked for deletion and
    untouched blank rows left out. Works while the formset itself still has errors (too few
    rows), so the whole-instrument messages say what is missing."""
    forms = [
        form
        for position, form in enumerate(formset.forms)
        if not (formset.can_delete and formset._should_delete_form(form))
        and (position < formset.initial_form_count() or form.has_changed())
    ]
    if formset.can_order:
        # Rows without an order go last, as Django's formsets place them.
        forms.sort(key=lambda form: _order_key(form.cleaned_data.get("ORDER")))
    return forms


def _order_key(order):
    return (order is None, order or 0)


class InstrumentForm(WagtailAdminModelForm):
    """Checks the instrument as a whole (scale, subscales and items from the inline rows) with
    `validate_instrument`, and refuses scale/item changes once people have answered."""

    def clean(self):
        cleaned_data = super().clean()
        formsets = [self.formsets.get(name) for name in ("scale_points", "subscales", "items")]
        if any(formset is None for formset in formsets):
            return cleaned_data
        for formset in formsets:
            formset.is_valid()
        if any(
            form.errors and not (formset.can_delete and formset._should_delete_form(form))
            for formset in formsets
            for form in formset.forms
        ):
            return cleaned_data  # each row's own errors are shown next to it
        scale, subscales, items = (
            [form.cleaned_data for form in _active_forms(formset)] for formset in formsets
        )
        try:
            validate_instrument(
                self.instance,
                [row["value"] for row in scale],
                [InstrumentItem(subscale=row.get("subscale", "")) for row in items],
                [row["key"] for row in subscales],
            )
        except ValidationError as error:
            for message in error.messages:
                self.add_error(None, message)
        if self.instance.pk and has_answers(self.instance):
            self._refuse_locked_changes(scale, subscales, items)
        return cleaned_data

    def _refuse_locked_changes(self, scale, subscales, items):
        stored = Instrument.objects.prefetch_related("scale_points", "subscales", "items").get(
            pk=self.instance.pk
        )
        before = (
            [(p.label, p.value) for p in stored.scale_points.all()],
            [s.key for s in stored.subscales.all()],
            [(i.pk, i.text, i.reverse_scored, i.subscale, i.required) for i in stored.items.all()],
        )
        after = (
            [(row["label"], row["value"]) for row in scale],
            [row["key"] for row in subscales],
            [
                (
                    row["id"].pk if row.get("id") else None,
                    row["text"],
                    row["reverse_scored"],
                    row["subscale"],
                    row["required"],
                )
                for row in items
            ],
        )
        changed_fields = [name for name in LOCKED_FIELDS if name in self.changed_data]
        if before != after or changed_fields:
            self.add_error(None, LOCKED_MESSAGE)
            for name in changed_fields:
                self.add_error(name, _("This can no longer change: make a new version."))


class InstrumentIndexView(NeutralisedExportMixin, IndexView):
    import_url_name = None

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                HeaderButton(
                    _("Import from CSV"),
                    url=reverse(self.import_url_name),
                    icon_name="upload",
                    priority=20,
                )
            )
        return buttons


class InstrumentDeleteView(DeleteView):
    """People's answers keep the questionnaire they answered: refuse, with a message, rather
    than fail on the protected rows."""

    def form_valid(self, form):
        if self.object.responses.exists():
            messages.error(
                self.request,
                _(
                    "“%(name)s” cannot be deleted: people have responded to it, and their "
                    "responses keep it."
                )
                % {"name": self.object},
            )
            return HttpResponseRedirect(reverse(self.edit_url_name, args=[self.object.pk]))
        return super().form_valid(form)


DIRECTION_CHOICES = [
    ("true", _("Higher scores are better")),
    ("false", _("Higher scores are worse (for example, more stigma)")),
]


class InstrumentImportForm(forms.ModelForm):
    csv_file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "A .csv file saved as UTF-8, up to 256 KB and 500 rows, in the format described "
            "on this page."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    higher_is_better = forms.TypedChoiceField(
        label=_("Direction"),
        choices=DIRECTION_CHOICES,
        coerce=lambda value: value == "true",
        initial="true",
        widget=forms.RadioSelect,
        help_text=_("Which way is a good result? Improvement and reliable change follow this."),
    )
    licensed = forms.BooleanField(
        label=_("I confirm we are licensed to use this questionnaire"),
        help_text=_(
            "Many published questionnaires are copyrighted. Only import one your organisation "
            "wrote or has permission to use, and say so in the licence note."
        ),
        error_messages={
            "required": _("Please confirm that your organisation may use this questionnaire.")
        },
    )

    class Meta:
        model = Instrument
        fields = [
            "name",
            "version",
            "scoring_rule",
            "higher_is_better",
            "min_answered_fraction",
            "citation",
            "licence_note",
        ]
        widgets = {
            "citation": forms.Textarea(attrs={"rows": 2}),
            "licence_note": forms.Textarea(attrs={"rows": 2}),
        }

    field_order = [
        "csv_file",
        "name",
        "version",
        "scoring_rule",
        "higher_is_better",
        "min_answered_fraction",
        "citation",
        "licence_note",
        "licensed",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["licence_note"].required = True
        self.fields["licence_note"].help_text = _(
            "Who may use it and on what terms, e.g. “Licensed to Example Care Trust until 2027”."
        )
        self.parsed = None

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        if upload.size > instrument_csv.MAX_BYTES:
            # Refuse before reading a large upload into memory.
            raise ValidationError(
                _("The file is %(size)s KB; the limit is %(limit)s KB.")
                % {
                    "size": (upload.size + 1023) // 1024,
                    "limit": instrument_csv.MAX_BYTES // 1024,
                }
            )
        self.parsed = instrument_csv.parse_instrument_csv(upload.read())
        return upload

    def instrument_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class InstrumentImportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    permission_required = "add"
    form_class = InstrumentImportForm
    template_name = "assessments/admin/instrument_import.html"
    page_title = _("Import a questionnaire from CSV")
    header_icon = "upload"
    index_url_name = None
    edit_url_name = None
    example_url_name = None

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Questionnaires")},
            {"url": "", "label": _("Import from CSV")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["example_csv"] = instrument_csv.EXAMPLE_CSV
        context["example_url"] = reverse(self.example_url_name)
        context["columns"] = ",".join(instrument_csv.COLUMNS)
        context["max_kb"] = instrument_csv.MAX_BYTES // 1024
        context["max_rows"] = instrument_csv.MAX_ROWS
        return context

    def form_valid(self, form):
        try:
            instrument = instrument_csv.create_instrument(form.parsed, **form.instrument_fields())
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("“%(instrument)s” was imported with %(count)s items. Check it before use.")
            % {"instrument": instrument, "count": len(form.parsed.items)},
        )
        return HttpResponseRedirect(reverse(self.edit_url_name, args=[instrument.pk]))

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was imported. Please fix the problems below."))
        return super().form_invalid(form)


class InstrumentExampleView(PermissionCheckedMixin, View):
    permission_required = "add"

    def get(self, request, *args, **kwargs):
        response = HttpResponse(instrument_csv.EXAMPLE_CSV, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="questionnaire-example.csv"'
        return response


def _count(queryset):
    # COUNT as a plain function, so the subquery gets no GROUP BY.
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class InstrumentViewSet(SnippetViewSet):
    model = Instrument
    icon = "form"
    menu_label = _("Questionnaires")
    menu_name = "questionnaires"
    menu_order = 265
    add_to_admin_menu = True
    index_view_class = InstrumentIndexView
    delete_view_class = InstrumentDeleteView
    list_display = [
        "name",
        "version",
        Column("items_count", label=_("Items"), sort_key="items_count"),
        "scoring_rule",
        Column("courses_count", label=_("Used by courses"), sort_key="courses_count"),
        DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
    ]
    list_filter = ["scoring_rule", "higher_is_better"]
    list_export = [
        "uuid",
        "name",
        "version",
        "items_count",
        "scoring_rule",
        "higher_is_better",
        "min_answered_fraction",
        "reliability",
        "courses_count",
        "citation",
        "licence_note",
    ]
    export_headings = {"items_count": _("Items"), "courses_count": _("Used by courses")}
    ordering = ["name", "version"]

    # The model's panels, with the form that checks the instrument as a whole.
    edit_handler = ObjectList(Instrument.panels, base_form_class=InstrumentForm)

    def get_queryset(self, request):
        courses = CourseQuestionnaires.objects.filter(
            Q(baseline_questionnaire=OuterRef("pk"))
            | Q(post_questionnaire=OuterRef("pk"))
            | Q(follow_up_questionnaire=OuterRef("pk"))
        )
        items = InstrumentItem.objects.filter(instrument=OuterRef("pk"))
        return Instrument.objects.annotate(items_count=_count(items), courses_count=_count(courses))

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(import_url_name=self.get_url_name("import"), **kwargs)

    @property
    def import_view(self):
        return InstrumentImportView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("list"),
            edit_url_name=self.get_url_name("edit"),
            example_url_name=self.get_url_name("import_example"),
        )

    @property
    def example_view(self):
        return InstrumentExampleView.as_view(permission_policy=self.permission_policy)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("import/", self.import_view, name="import"),
            path("import/example.csv", self.example_view, name="import_example"),
        ]


register_snippet(InstrumentViewSet)
