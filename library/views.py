"""The learner library: /stories/ (browse, filter, search, stories for you), a story's page with
the safe-viewing flow, its choices and the feedback questions afterwards."""

from urllib.parse import urlencode

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.page_cache import FRAGMENT_TIMEOUT, fragment_key
from courses.viewing_models import Choice
from narratives.models import Narrative
from narratives.preferences.rules import preferences_for, should_hide
from tracking import sensitive

from . import answers, recommendations, story
from .browse import PageOutOfRange, browse
from .feedback import QUESTIONS, SCALE
from .filters import MAX_QUERY, LibraryFilterForm, Sort, language_name

STORY_VIEWS = ("open", "transcript", "done")


def _languages(user):
    codes = Narrative.objects.available_to(user).values_list("language", flat=True)
    return sorted(set(codes.order_by().distinct()), key=language_name)


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _group(form, name, hidden=frozenset()):
    """One group of checkboxes, ready to print: the form's own widgets render a template per
    checkbox, which made the page several times slower with every filter on it."""
    field = form.fields[name]
    ticked = set(form.data.getlist(name))
    bound = form[name]
    return {
        "name": name,
        "label": field.label,
        "help": field.help_text,
        "errors": bound.errors,
        "options": [
            {
                "value": value,
                "label": label,
                "id": f"id_{name}_{number}",
                "checked": value in ticked or value in hidden,
                "hidden": value in hidden,
            }
            for number, (value, label) in enumerate(field.choices)
        ],
    }


def _filter_context(form):
    """What the filter form's template needs: the groups of checkboxes in order (language only
    when there is more than one), "without these topics" with what is always left out."""
    names = ["theme", "format", "length"] + [name for _pk, name in form.dimension_fields]
    if len(form.fields["language"].choices) > 1:
        names.append("language")
    query = form.data.get("q", "")
    return {
        "filter_groups": [_group(form, name) for name in names],
        "without_group": _group(form, "without", {str(pk) for pk in form.hidden_domains}),
        "sort_value": form.data.get("sort") or (Sort.RELEVANCE if query else Sort.TITLE),
        "max_query": MAX_QUERY,
    }


def _browse_body(request, hidden):
    """The filters and the page of results, as HTML the same for everyone who may see the same
    stories and hides the same topics; with its status and whether this is plain browsing
    (page 1, nothing searched or filtered: the page then leads with stories for you)."""
    form = LibraryFilterForm(request.GET, hidden_domains=hidden, languages=_languages(request.user))
    context = {"form": form, "query_string": _query_without_page(request), **_filter_context(form)}
    status, browsing, listed = 200, False, []
    if not form.is_valid():
        status = 400
    else:
        data = form.cleaned_data
        page = data.get("page") or 1
        try:
            context["results"] = browse(
                request.user, form.story_filter(), data["q"], form.sort_order(), page
            )
            context["searching"] = bool(data["q"])
            listed = [story.pk for story in context["results"].stories]
            browsing = not data["q"] and not form.chosen_count and page == 1
        except PageOutOfRange as missing:
            context["missing_page"] = missing
            status = 404
    parts = {
        "errors": render_to_string("library/includes/browse_errors.html", context, request),
        "filters": render_to_string("library/includes/filters.html", context, request),
        "results": render_to_string("library/includes/browse_results.html", context, request),
    }
    return parts, status, browsing, listed


def _still_available(user, listed):
    """Whether every story on a remembered page may still be seen: one query, so a consent
    withdrawn by any route (even one that sends no signal) empties the door at once."""
    if not listed:
        return True
    return Narrative.objects.available_to(user).filter(pk__in=listed).count() == len(listed)


@require_GET
def index(request):
    """Every story the person may see: filtered, searched, paginated. What is listed depends
    only on who may see what (signed in or not, topics hidden) and the address, so it is
    kept under the content version (which moves whenever a story or its consent changes) and
    the day, and the stories it lists are checked again on every request; stories for you are
    worked out for each person."""
    preferences = preferences_for(request.user)
    hidden = recommendations.hidden_domains(preferences)
    key = fragment_key(
        request,
        "library",
        request.user.is_authenticated,
        get_language(),
        sorted(hidden),
        sorted(request.GET.lists()),
    )
    found = cache.get(key) if key else None
    if found is not None and _still_available(request.user, found[2]):
        (body, browsing, _listed), status = found, 200
    else:
        body, status, browsing, listed = _browse_body(request, hidden)
        if status == 200 and key:
            cache.set(key, (body, browsing, listed), FRAGMENT_TIMEOUT)
    context = {
        "browse": {name: mark_safe(html) for name, html in body.items()},
        "for_you": recommendations.for_learner(request.user, preferences) if browsing else [],
    }
    return render(request, "library/index.html", context, status=status)


def _story_or_404(request, story_uuid):
    found = (
        Narrative.objects.available_to(request.user)
        .filter(uuid=story_uuid)
        .select_related("consent", "media")
        .prefetch_related("themes", "warnings__warning", "characterisation__dimension")
        .first()
    )
    if found is None:
        raise Http404(_("This story is not available. Its narrator may have withdrawn it."))
    return found


@require_GET
def story_page(request, story_uuid):
    narrative = _story_or_404(request, story_uuid)
    preferences = preferences_for(request.user)
    signed_in = request.user.is_authenticated
    if should_hide(preferences, narrative):
        view = "hidden"
    else:
        place = story.place_for(request, narrative)
        view = story.view_of(place, narrative, preferences)
        if view == "interstitial" and signed_in and not place.warning_shown:
            story.record_warning_shown(request.user, narrative)
    context = {
        "narrative": narrative,
        "view": view,
        "preferences": preferences,
        "text_first": preferences.low_bandwidth,
        "captions_on": preferences.captions_on,
        "return_path": request.path,
        "more_like_this": recommendations.more_like_this(
            narrative,
            request.user,
            preferences,
            without_domains=story.warning_domains(narrative) if view == "choosing" else (),
        ),
    }
    if view == "done":
        context["for_you"] = recommendations.for_learner(
            request.user, preferences, k=4, exclude={narrative.pk}
        )
    if signed_in and view in STORY_VIEWS:
        given = answers.current(request.user, narrative)
        context["questions"] = [(q, answers.field_name(q.key), given.get(q.key)) for q in QUESTIONS]
        context["scale"] = SCALE
    return render(request, "library/story.html", context)


def _bad_request(request, narrative, message, status=400):
    return render(
        request,
        "library/bad_request.html",
        {"message": message, "narrative": narrative},
        status=status,
    )


@require_POST
def story_choice(request, story_uuid):
    """The notice's buttons and the choices after it. Anything the story does not offer now
    is refused with a message and changes nothing."""
    narrative = _story_or_404(request, story_uuid)
    back = reverse("library:story", args=[narrative.uuid])
    choice = request.POST.get("choice", "")
    if choice == story.SUPPORT:
        # Never linked to the learner: a count per story and day (tracking/sensitive.py).
        sensitive.asked_for_support(narrative)
        return redirect(f"{reverse('courses:support')}?{urlencode({'return': back})}")
    if choice not in story.MOVES:
        return _bad_request(request, narrative, _("We did not understand that choice."))
    try:
        status = story.choose(request, narrative, choice, preferences_for(request.user))
    except story.InvalidChoice:
        return _bad_request(
            request,
            narrative,
            _("That choice no longer fits what is shown. Go back and choose again."),
        )
    if status == story.Status.DONE:
        recommendations.signals_changed()
    anchor = "#more-like-this" if choice == Choice.ANOTHER else "#story"
    return redirect(back + anchor)


@require_POST
def story_feedback(request, story_uuid):
    narrative = _story_or_404(request, story_uuid)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
    if not story.is_open(request, narrative, preferences_for(request.user)):
        return _bad_request(
            request, narrative, _("Open the story before you answer the questions about it.")
        )
    try:
        given = answers.read(request.POST)
    except answers.BadFeedback as problem:
        return _bad_request(request, narrative, problem.message)
    changed = answers.save(request.user, narrative, given)
    if changed:
        recommendations.signals_changed()
    back = reverse("library:story", args=[narrative.uuid])
    return redirect(f"{back}?saved=1#feedback")
