"""Answering a course's questionnaires (baseline, post, follow-up) and seeing one's own scores.
Everything here is the learner's own: anyone without an enrolment on the course gets "not
found". The rules live in
assessments/questionnaires/ (timepoints.py, answering.py, results.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.http import safe_next_url
from courses.models import CoursePage, Enrolment

from . import answering, timepoints
from . import results as learner_results
from .per_course import prefetch_questionnaires

SAVE, SUBMIT, DECLINE = "save", "submit", "decline"
FIELD_PREFIX = "item-"


def _own_enrolment(request, course_id):
    """The live course and the signed-in learner's enrolment on it, or 404."""
    course = CoursePage.objects.live().filter(pk=course_id).first()
    if course is None:
        raise Http404
    enrolment = Enrolment.objects.filter(user=request.user, course=course).first()
    if enrolment is None:
        raise Http404
    enrolment.course = course
    prefetch_questionnaires([course])  # with their instruments, for every rule after this
    return course, enrolment


def answers_from_post(post):
    """{item uuid: value, or a list when the field came more than once} of the answer fields."""
    answers = {}
    for name in post:
        if name.startswith(FIELD_PREFIX):
            values = post.getlist(name)
            answers[name[len(FIELD_PREFIX) :]] = values[0] if len(values) == 1 else values
    return answers


def _rows(instrument, values, errors):
    """One row per item for the template: its number, field name, the value to show checked
    and its errors."""
    rows = []
    for number, item in enumerate(instrument.items.all(), start=1):
        key = str(item.uuid)
        value = values.get(key)
        rows.append(
            {
                "item": item,
                "number": number,
                "name": f"{FIELD_PREFIX}{key}",
                "anchor": f"{FIELD_PREFIX}{key}",
                "value": "" if value is None or isinstance(value, list) else str(value),
                "errors": errors.get(key, []),
            }
        )
    return rows


def _page(request, course, enrolment, timepoint, instrument, response, **extra):
    values = extra.pop("values", None)
    if values is None:
        by_pk = answering.answers_of(response)
        values = {
            str(item.uuid): by_pk[item.pk] for item in instrument.items.all() if item.pk in by_pk
        }
    errors = extra.pop("errors", {})
    rows = _rows(instrument, values, errors)
    summary = [
        {"message": message, "anchor": row["anchor"] + "-1", "number": row["number"]}
        for row in rows
        for message in row["errors"]
    ]
    status = extra.pop("status", 200)
    context = {
        "course": course,
        "enrolment": enrolment,
        "timepoint": timepoint,
        "timepoint_title": timepoints.PROMPT_TITLES[timepoint],
        "instrument": instrument,
        "scale_points": list(instrument.scale_points.all()),
        "response": response,
        "rows": rows,
        "form_errors": errors.get(answering.NON_ITEM, []),
        "error_summary": summary,
        "closed_message": timepoints.closed_reason(enrolment, timepoint, course=course),
        **extra,
    }
    return render(request, "assessments/questionnaire.html", context, status=status)


def _course_url(request, course):
    return safe_next_url(request, request.POST.get("next", ""), course.url)


@never_cache
@login_required
def questionnaire(request, course_id, timepoint):
    """The questionnaire of one timepoint: answer it, save it to finish later, submit it, or
    say no thanks."""
    course, enrolment = _own_enrolment(request, course_id)
    if not timepoints.configured(course, timepoint):
        raise Http404
    response = answering.response_for(enrolment, timepoint)
    instrument = answering.instrument_for(enrolment, timepoint, response, course)
    if request.method != "POST":
        return _page(request, course, enrolment, timepoint, instrument, response)

    action = request.POST.get("action", "")
    answers = answers_from_post(request.POST)
    try:
        saved = _act(action, enrolment, timepoint, answers, instrument)
    except ValidationError as error:
        return _not_taken(
            request, course, enrolment, timepoint, instrument, response, answers, error
        )
    return _after(request, course, action, saved)


def _act(action, enrolment, timepoint, answers, instrument):
    """Decline, submit or save, as the button pressed says; the answers saved, for a save."""
    if action == DECLINE:
        answering.decline(enrolment, timepoint)
    elif action == SUBMIT:
        answering.submit(enrolment, timepoint, answers, instrument=instrument)
    elif action == SAVE:
        return answering.save_answers(enrolment, timepoint, answers, instrument=instrument)
    else:
        raise ValidationError(
            _("Choose one of the buttons at the end of the questionnaire. Nothing was saved."),
            code="no_action",
        )
    return None


def _not_taken(request, course, enrolment, timepoint, instrument, response, answers, error):
    """The questionnaire again, with why nothing was stored: per answer, or for the whole."""
    if hasattr(error, "error_dict"):
        return _page(
            request,
            course,
            enrolment,
            timepoint,
            instrument,
            response,
            values=answers,
            errors=error.message_dict,
            status=400,
        )
    status = {answering.ALREADY_SUBMITTED: 409, timepoints.NOT_OPEN: 400}.get(error.code, 400)
    return _page(
        request,
        course,
        enrolment,
        timepoint,
        instrument,
        answering.response_for(enrolment, timepoint),
        values=answers if error.code == "no_action" else None,
        errors={answering.NON_ITEM: error.messages},
        status=status,
    )


def _after(request, course, action, saved):
    """Where the learner goes next, told what happened."""
    if action == DECLINE:
        messages.success(
            request,
            _(
                "That is fine: we will not ask you again. The whole course is still yours. If "
                "you change your mind, you can find the questionnaire under “Your "
                "questionnaires”."
            ),
        )
        return redirect(_course_url(request, course))
    if action == SAVE:
        if saved is None:
            messages.info(request, _("There were no answers to save yet."))
        else:
            messages.success(
                request,
                _(
                    "Your answers are saved. You can finish the questionnaire later from the "
                    "course page."
                ),
            )
        return redirect(course.url)
    messages.success(request, _("Thank you. Your answers are sent. Here are your scores."))
    return redirect(reverse("assessments:questionnaire_results", args=[course.pk]))


@never_cache
@login_required
def results(request, course_id):
    """The learner's own questionnaires on the course: what they sent, their scores and their
    change, and what is still open to them."""
    course, enrolment = _own_enrolment(request, course_id)
    found, change = learner_results.results(enrolment)
    return render(
        request,
        "assessments/questionnaire_results.html",
        {
            "course": course,
            "enrolment": enrolment,
            "results": found,
            "change": change,
            "overview": timepoints.overview(enrolment, course),
        },
    )
