"""Reflection rules: word counting, validation, drafts, idempotent submission, sharing, and the
signed form token that lets a learner whose session ended keep what they wrote.

Plain functions, called by the views, the module page (`learner_state`) and the module
completion check (`is_required`, `submitted_block_ids`), the last two through the registries
assessments/registrations.py fills.
"""

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Site

from core.models import StorybridgeSettings
from courses.body import NARRATIVE, NARRATIVE_BLOCK_TYPES, module_body
from courses.completion import refresh_module_completion
from courses.viewing_models import Choice, NarrativeDecision
from narratives.models import Narrative
from tracking import learning
from tracking.recording import record

from .models import MAX_REFLECTION_CHARS, Reflection

REFLECTION_BLOCK_TYPE = "reflection"

TOKEN_SALT = "assessments.reflection-form"
TOKEN_MAX_AGE = 7 * 24 * 60 * 60  # a week: long enough for a learner to come back to a tab

# Ideographs and kana carry no spaces between words: each counts as one word, as word
# processors count them. Everything else is split on whitespace.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+")
# Control characters other than tab and newline: PostgreSQL refuses NUL in text, and none of
# them mean anything in a reflection.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class ReflectionSlot:
    """A reflection block of a module's live body, read from its stored form."""

    block_id: str
    prompt: str
    min_words: int = 0
    required: bool = True


def count_words(text):
    """Words in the text: runs of characters between spaces that hold a letter or a digit (a
    lone dash is not a word), and each Chinese or Japanese character."""
    return sum(1 for token in _TOKEN.findall(text or "") if any(ch.isalnum() for ch in token))


def normalise_text(text):
    """The text as stored: plain, with Unix line ends, no control characters and no blank
    space around it. Paragraphs (blank lines) are kept."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def check_length(text):
    if len(text) > MAX_REFLECTION_CHARS:
        over = len(text) - MAX_REFLECTION_CHARS
        raise ValidationError(
            _(
                "Your reflection is %(length)s characters long and the most we can keep is "
                "%(limit)s. Please shorten it by %(over)s characters. Nothing has been saved."
            )
            % {
                "length": number_format(len(text), force_grouping=True),
                "limit": number_format(MAX_REFLECTION_CHARS, force_grouping=True),
                "over": number_format(over, force_grouping=True),
            },
            code="too_long",
        )


def check_minimum_words(text, min_words):
    words = count_words(text)
    if words < min_words:
        raise ValidationError(
            ngettext(
                "Write at least %(min)d word; you have written %(words)d.",
                "Write at least %(min)d words; you have written %(words)d.",
                min_words,
            )
            % {"min": min_words, "words": words},
            code="too_few_words",
        )


def is_required(block):
    """Whether a stored reflection block (a courses.body.RawBlock) must be submitted to complete
    its module: unless its author unticked "required"."""
    return bool(block.get("required", True))


def reflection_slot(module, block_id):
    """The reflection block with this id in the module's live body, or None."""
    block = module_body(module).get(block_id, REFLECTION_BLOCK_TYPE)
    if block is None:
        return None
    return ReflectionSlot(
        block_id=block_id,
        prompt=block.get("prompt", "")[:300],
        min_words=block.get("minimum_words", 0),
        required=is_required(block),
    )


def narrative_reference(module, block_id, enrolment=None):
    """The title of the narrative the reflection follows: the nearest narrative block before it
    in the module (for a choice, the narrative this learner chose), or ""."""
    before = [
        block
        for block in module_body(module).before(block_id)
        if block.type in NARRATIVE_BLOCK_TYPES
    ]
    if not before:
        return ""
    nearest = before[-1]
    if nearest.type == NARRATIVE:
        narrative_id = nearest.get("narrative")
    elif enrolment is None:
        return ""
    else:
        narrative_id = (
            NarrativeDecision.objects.filter(
                enrolment=enrolment,
                module=module,
                block_id=nearest.id,
                choice=Choice.CHOSEN,
            )
            .order_by("-made_at")
            .values_list("narrative_id", flat=True)
            .first()
        )
    if narrative_id is None:
        return ""
    title = Narrative.objects.filter(pk=narrative_id).values_list("title", flat=True).first()
    return (title or "")[:255]


# Reading ------------------------------------------------------------------------------------


def reflections_by_block(enrolment, module):
    """The learner's reflections in the module by block id. One query; {} without enrolment."""
    if enrolment is None:
        return {}
    return {r.block_id: r for r in Reflection.objects.filter(enrolment=enrolment, module=module)}


def learner_state(enrolment, module):
    """The learner's reflections for the module page (courses.module_page): none asked for a
    module without a reflection block."""
    if not module_body(module).has(REFLECTION_BLOCK_TYPE):
        return {}
    return {"reflections": reflections_by_block(enrolment, module)}


def submitted_block_ids(enrolment, module):
    """The ids of the module's reflection blocks this learner has submitted. One query."""
    return set(
        Reflection.objects.filter(
            enrolment=enrolment, module=module, status=Reflection.Status.SUBMITTED
        ).values_list("block_id", flat=True)
    )


def journal(user):
    """Every reflection of the learner, courses with the latest writing first, newest first
    within each course."""
    latest_in_course = (
        Reflection.objects.filter(enrolment=OuterRef("enrolment"))
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )
    return (
        Reflection.objects.filter(user=user)
        .annotate(course_latest=Subquery(latest_in_course))
        .order_by("-course_latest", "enrolment_id", "-updated_at", "-pk")
    )


def portfolio(user, since=None, until=None):
    """The learner's submitted reflections, oldest first, submitted between the two days."""
    reflections = Reflection.objects.filter(user=user, status=Reflection.Status.SUBMITTED)
    if since:
        reflections = reflections.filter(submitted_at__date__gte=since)
    if until:
        reflections = reflections.filter(submitted_at__date__lte=until)
    return reflections.order_by("submitted_at", "pk")


# Writing ------------------------------------------------------------------------------------


def _snapshot(reflection, enrolment, module, slot):
    """Copy what the portfolio needs, as it stands now."""
    reflection.prompt = slot.prompt
    reflection.course_title = enrolment.course.title[:255]
    reflection.module_title = module.title[:255]
    reflection.narrative_title = narrative_reference(module, slot.block_id, enrolment)


def _locked(enrolment, module, block_id):
    return (
        Reflection.objects.select_for_update()
        .filter(enrolment=enrolment, module=module, block_id=block_id)
        .first()
    )


def _locked_or_new(enrolment, module, slot):
    """The reflection row, locked, made first if needed. The unique constraint settles a race
    between two first saves: the loser reads the winner's row. Call inside a transaction."""
    reflection = _locked(enrolment, module, slot.block_id)
    if reflection is not None:
        return reflection
    reflection = Reflection(
        user_id=enrolment.user_id, enrolment=enrolment, module=module, block_id=slot.block_id
    )
    _snapshot(reflection, enrolment, module, slot)
    try:
        with transaction.atomic():
            reflection.save()
    except IntegrityError:
        reflection = _locked(enrolment, module, slot.block_id)
        if reflection is None:
            raise
    return reflection


ALREADY_SUBMITTED = "already_submitted"


def save_draft(enrolment, module, slot, text):
    """Keep the text as the learner's draft. Returns the reflection, or None when there was
    nothing to keep (empty text and no draft yet). A submitted reflection is never changed."""
    text = normalise_text(text)
    check_length(text)
    with transaction.atomic():
        reflection = _locked(enrolment, module, slot.block_id)
        if reflection is None and not text:
            return None
        if reflection is None:
            reflection = _locked_or_new(enrolment, module, slot)
        if reflection.is_submitted:
            raise ValidationError(
                _("You have already submitted this reflection, so it can no longer be changed."),
                code=ALREADY_SUBMITTED,
            )
        reflection.text = text
        _snapshot(reflection, enrolment, module, slot)
        reflection.save()
    return reflection


def text_to_lrs_allowed(site=None):
    """Whether the site's setting lets learners send reflection text to the LRS (the default
    site's when none is given)."""
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return False
    return StorybridgeSettings.for_site(site).send_reflection_text_to_lrs


def submit(enrolment, module, slot, text, *, agreed_to_send_text=False, text_allowed=None):
    """Submit the learner's reflection. Returns (reflection, submitted_now). Submitting again
    changes nothing and returns the stored reflection: a double click stores one reflection.

    Its xAPI statement is stored with it: the word count, and the text only when the site
    allows it (`text_allowed`, read from the default site's settings when None) and the
    learner ticked the agreement (`agreed_to_send_text`).

    Too few words: the text is kept as a draft and a ValidationError says how many are needed.
    Too long or empty: nothing changes."""
    text = normalise_text(text)
    check_length(text)
    existing = Reflection.objects.filter(
        enrolment=enrolment, module=module, block_id=slot.block_id
    ).first()
    if existing is not None and existing.is_submitted:
        return existing, False
    if not text:
        raise ValidationError(
            _("Write your reflection in the box before you submit it."), code="empty"
        )
    try:
        check_minimum_words(text, slot.min_words)
    except ValidationError:
        save_draft(enrolment, module, slot, text)
        raise
    with transaction.atomic():
        reflection = _locked_or_new(enrolment, module, slot)
        if reflection.is_submitted:
            return reflection, False
        if text_allowed is None:
            text_allowed = text_to_lrs_allowed()
        reflection.text = text
        reflection.status = Reflection.Status.SUBMITTED
        reflection.submitted_at = timezone.now()
        # Kept only when it was offered: a ticked box the site does not offer means nothing.
        reflection.text_to_lrs_agreed = bool(text_allowed and agreed_to_send_text)
        _snapshot(reflection, enrolment, module, slot)
        reflection.save()
        record(
            learning.reflection_submitted(
                enrolment,
                module,
                slot.block_id,
                slot.prompt,
                text,
                count_words(text),
                send_text=reflection.text_to_lrs_agreed,
            ),
            user=enrolment.user,
        )
    refresh_module_completion(enrolment, module)
    return reflection, True


def set_shared(reflection, shared):
    """Share a submitted reflection with the educators of the learner's cohort, or stop sharing
    it (at once: the educators' listing reads this flag)."""
    if shared:
        if not reflection.is_submitted:
            raise ValidationError(
                _("Submit your reflection first; then you can share it."), code="draft"
            )
        if reflection.enrolment.cohort_id is None:
            raise ValidationError(
                _(
                    "You are not in a cohort on this course, so there is no educator to share "
                    "it with. Join your group with the code your educator gave you."
                ),
                code="no_cohort",
            )
        if reflection.shared_with_educators:
            return reflection
        reflection.shared_at = timezone.now()
    else:
        reflection.shared_at = None
    reflection.shared_with_educators = shared
    # An update, not save(): sharing is not writing, so the "last saved" time stays.
    Reflection.objects.filter(pk=reflection.pk).update(
        shared_with_educators=reflection.shared_with_educators, shared_at=reflection.shared_at
    )
    return reflection


# The form token ------------------------------------------------------------------------------


def _user_check(user):
    # Changing the password voids the learner's tokens, as it ends their other sessions.
    return salted_hmac(TOKEN_SALT, user.password or "").hexdigest()[:16]


def form_token(user, module_id, block_id):
    """A token for the reflection form that lets its text be kept as a draft for this learner if
    their session has ended by the time they send it."""
    value = f"{user.pk}:{module_id}:{block_id}:{_user_check(user)}"
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(value)


def user_from_token(token, module_id, block_id):
    """The active learner the token was made for, for this module and block, or None when the
    token is missing, altered, more than a week old or for another form."""
    try:
        value = signing.TimestampSigner(salt=TOKEN_SALT).unsign(token or "", max_age=TOKEN_MAX_AGE)
        user_id, token_module, token_block, check = value.split(":", 3)
    except (signing.BadSignature, ValueError):
        return None
    if token_module != str(module_id) or token_block != block_id:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not constant_time_compare(check, _user_check(user)):
        return None
    return user
