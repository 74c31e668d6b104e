"""Wagtail admin: the xAPI statements kept in the outbox, for the few people who look after
the platform's learning records. Statements are pseudonymous learner data, so only people
with Django's `tracking.view_statement` permission (superusers; nobody else by default, not
educators) see them, and only those with `tracking.change_delivery` may retry dead letters.

A browser (filter by verb, activity, learner pseudonym and delivery status; newest first), a
page per statement with its JSON and each delivery, dead-letter replay, and a delivery health
panel per LRS (tracking.forwarder.health).
"""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.http import safe_next_url

from . import endpoints, forwarder
from . import vocabulary as v
from .models import Delivery, Statement

VIEWSET_NAME = "xapi_statements"
PER_PAGE = 50
VIEW_PERMISSION = "tracking.view_statement"
REPLAY_PERMISSION = "tracking.change_delivery"
NO_LRS = "none"


def can_view_statements(user):
    return user.is_active and user.has_perm(VIEW_PERMISSION)


def can_replay(user):
    return can_view_statements(user) and user.has_perm(REPLAY_PERMISSION)


class StatementFilterForm(forms.Form):
    verb = forms.ChoiceField(
        label=_("Verb"),
        required=False,
        help_text=_("What the learner did."),
    )
    activity = forms.CharField(
        label=_("Activity"),
        required=False,
        max_length=500,
        help_text=_("Part of the activity's IRI, for example a narrative's id."),
    )
    actor = forms.CharField(
        label=_("Learner pseudonym"),
        required=False,
        max_length=64,
        help_text=_("The exact pseudonym (32 characters) of one learner's account."),
    )
    status = forms.ChoiceField(
        label=_("Delivery"),
        required=False,
        choices=[("", _("Any"))]
        + list(Delivery.Status.choices)
        + [(NO_LRS, _("Not sent: no LRS"))],
        help_text=_("Statements with at least one delivery in this state."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        verbs = sorted(v.VERB_DISPLAY.items(), key=lambda pair: pair[1])
        self.fields["verb"].choices = [("", _("Any"))] + [(iri, label) for iri, label in verbs]

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        data = self.cleaned_data
        if data["verb"]:
            queryset = queryset.filter(verb=data["verb"])
        if data["activity"].strip():
            queryset = queryset.filter(activity__contains=data["activity"].strip())
        if data["actor"].strip():
            queryset = queryset.filter(actor=data["actor"].strip())
        if data["status"] == NO_LRS:
            queryset = queryset.exclude(Exists(Delivery.objects.filter(statement=OuterRef("pk"))))
        elif data["status"]:
            queryset = queryset.filter(
                Exists(Delivery.objects.filter(statement=OuterRef("pk"), status=data["status"]))
            )
        return queryset


def _first(language_map, default=""):
    if isinstance(language_map, dict) and language_map:
        return str(next(iter(language_map.values())))
    return default


class Row:
    """A statement as the browser shows it."""

    def __init__(self, statement):
        self.statement = statement
        data = statement.data
        self.verb = _first(data.get("verb", {}).get("display"), v.verb_display(statement.verb))
        definition = (data.get("object") or {}).get("definition") or {}
        self.activity_name = _first(definition.get("name"), statement.activity)
        self.deliveries = sorted(statement.deliveries.all(), key=lambda d: d.endpoint)


class StatementsAdminView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_statements(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_replay"] = can_replay(self.request.user)
        return context


class StatementIndexView(StatementsAdminView):
    template_name = "tracking/admin/statement_index.html"
    page_title = _("xAPI statements")

    @cached_property
    def form(self):
        return StatementFilterForm(self.request.GET or None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queryset = (
            Statement.objects.order_by("-stored", "-id")
            .only("id", "actor", "verb", "activity", "timestamp", "stored", "data")
            .prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.all()))
        )
        if self.request.GET:
            queryset = self.form.filter(queryset)
        page = Paginator(queryset, PER_PAGE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            form=self.form,
            page=page,
            rows=[Row(statement) for statement in page.object_list],
            query=query.urlencode(),
            filtered=bool(self.request.GET.dict().keys() - {"p"}),
            total=Statement.objects.count(),
            health=forwarder.health(),
            lrs_configured=bool(endpoints.names()),
            dead_total=Delivery.objects.filter(status=Delivery.Status.DEAD).count(),
        )
        return context


class StatementDetailView(StatementsAdminView):
    template_name = "tracking/admin/statement_detail.html"

    def get(self, request, *args, **kwargs):
        # Looked up first: a statement not found is a 404 before anything renders.
        self.object = get_object_or_404(Statement, pk=kwargs["statement_id"])
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return _("xAPI statement")

    def get_page_subtitle(self):
        return str(self.object.pk)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{VIEWSET_NAME}:index"), "label": _("xAPI statements")},
            {"url": "", "label": _("Statement")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statement = self.object
        context.update(
            statement=statement,
            row=Row(statement),
            # Rendered with autoescaping: the JSON holds text learners and editors wrote.
            pretty=json.dumps(statement.data, indent=2, ensure_ascii=False, sort_keys=True),
        )
        return context


def _ids(values):
    ids = []
    for value in values:
        if not value.isdigit():
            return None
        ids.append(int(value))
    return ids


@require_POST
def replay(request):
    """Put dead deliveries back in the queue: the ones ticked (`delivery`), or every dead one
    (`all`), optionally of one LRS (`endpoint`)."""
    if not can_replay(request.user):
        raise PermissionDenied
    ids = _ids(request.POST.getlist("delivery"))
    if ids is None:
        return HttpResponseBadRequest(
            "Deliveries are chosen by their number; something else was sent. Nothing was changed.",
            content_type="text/plain; charset=utf-8",
        )
    if request.POST.get("all"):
        dead = Delivery.objects.filter(status=Delivery.Status.DEAD)
        if request.POST.get("endpoint"):
            dead = dead.filter(endpoint=request.POST["endpoint"])
        ids = list(dead.values_list("pk", flat=True))
    if not ids:
        messages.warning(request, _("Tick at least one dead delivery to retry."))
    else:
        count = forwarder.requeue(ids)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)d delivery will be retried by the forwarder.",
                    "%(count)d deliveries will be retried by the forwarder.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.warning(request, _("None of those deliveries was dead: nothing to retry."))
    return redirect(
        safe_next_url(request, request.POST.get("next", ""), reverse(f"{VIEWSET_NAME}:index"))
    )
