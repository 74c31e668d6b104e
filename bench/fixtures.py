"""Data the page benchmarks serve. Imported only after Django is set up against the bench DB."""

import datetime
import io
import itertools

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings
from wagtailmedia.models import Media

from courses.models import CourseIndexPage, CoursePage, ModulePage
from narratives.models import Consent, ContentWarning, Narrative, NarrativeContentWarning, Theme

DEMO_MODULE_SLUG = "in-their-own-words"
LEARNER = "learner"

_counter = itertools.count(1)

TEXT_BODY = (
    "<p>I remember the day I came home. The kettle was the loudest thing in the flat, and I "
    "stood in the kitchen for a long time before I made a cup of tea.</p>"
    "<p>My sister came round every evening that first week. She did not ask how I was; she "
    "just sat with me, and that was what I needed.</p>"
)
TRANSCRIPT = (
    "When I first got ill I did not have words for it.\n\n"
    "Looking back, what helped most was people who stayed, and a nurse who asked what "
    "mattered to me rather than what was wrong with me."
)


def load_demo():
    """`manage.py load_demo` with its demo users: the bench database is thrown away afterwards.
    Returns the URL path of its module with three narratives and a choice set."""
    with override_settings(STORYBRIDGE_DEMO_USERS=True):
        call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    return ModulePage.objects.get(slug=DEMO_MODULE_SLUG).get_url()


def learner():
    """load_demo's learner: signed in, with no access to the admin."""
    user = get_user_model().objects.get(username=LEARNER)
    if user.is_staff or user.is_superuser:
        raise ValueError("the demo learner should be a plain learner")
    return user


def session_cookie(user):
    """A signed-in session for `user`, as the value of the session cookie."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def course_page(slug, title):
    """A new course in load_demo's course index."""
    return CourseIndexPage.objects.get(slug="courses").add_child(
        instance=CoursePage(
            title=title,
            slug=slug,
            summary="Modules of different sizes for the page benchmarks.",
            estimated_minutes=90,
        )
    )


def add_module(course, slug, title, body):
    return course.add_child(
        instance=ModulePage(
            title=title,
            slug=slug,
            intro="People talk about what recovery has meant to them.",
            estimated_minutes=30,
            body=body,
        )
    )


def make_narrative(warnings=True, media=False):
    """A live narrative with consent, themes and (optionally) warnings or a self-hosted file."""
    n = next(_counter)
    fields = dict(
        title=f"Coming home, part {n}",
        narrator_pseudonym=f"Narrator {n}",
        summary="Talks about the months after leaving hospital and who helped.",
        live=True,
        last_reviewed=datetime.date.today(),
        attribution="Storybridge narrative collection",
        licence="CC BY-NC-ND 4.0",
    )
    if media:
        file = Media(title=f"Recording {n}", type="audio", duration=272)
        file.file.save(f"bench-recording-{n}.mp3", ContentFile(b"ID3" + b"\0" * 64), save=False)
        file.save()
        narrative = Narrative(
            modality=Narrative.Modality.AUDIO,
            media=file,
            transcript=TRANSCRIPT,
            duration=datetime.timedelta(minutes=4, seconds=32),
            **fields,
        )
    else:
        narrative = Narrative(modality=Narrative.Modality.TEXT, text_body=TEXT_BODY, **fields)
    narrative.save()
    narrative.themes.set(Theme.objects.order_by("sort_order")[: 1 + n % 3])
    narrative.save()
    Consent.objects.create(
        narrative=narrative, given=datetime.date.today() - datetime.timedelta(days=30)
    )
    if warnings:
        for order, slug in enumerate(("self-harm", "suicide")):
            NarrativeContentWarning.objects.create(
                narrative=narrative,
                warning=ContentWarning.objects.get(slug=slug),
                note="described in the past tense",
                timestamp="04:10",
                sort_order=order,
            )
    return narrative


def module_body(narratives, choice=()):
    """Raw StreamField data: text, a block per narrative, an optional choice set, support."""
    body = [{"type": "text", "value": "<h2>Before you start</h2><p>Take your time.</p>"}]
    for narrative in narratives:
        body.append(
            {
                "type": "narrative",
                "value": {
                    "narrative": narrative.pk,
                    "framing": "<p>Listen for what helped, and <b>who</b>.</p>",
                    "discussion_prompts": ["What surprised you?", "What would you do next?"],
                },
            }
        )
    if choice:
        body.append(
            {
                "type": "narrative_choice",
                "value": {
                    "prompt": "Choose the story you would like to hear",
                    "framing": "<p>Each is about ten minutes.</p>",
                    "narratives": [n.pk for n in choice],
                    "discussion_prompts": ["What did they need from staff?"],
                },
            }
        )
    body.append(
        {
            "type": "callout",
            "value": {"style": "tip", "title": "Take a break", "body": "<p>You can stop.</p>"},
        }
    )
    body.append({"type": "support", "value": {"heading": "If this brings things up for you"}})
    return body


def sized_modules(sizes):
    """One module per size with that many narratives (the biggest sets include a choice set);
    one narrative in each is a self-hosted audio file. Returns {size: url path}."""
    course = course_page("bench-sizes", "Bench: module sizes")
    paths = {}
    for size in sizes:
        narratives = [make_narrative(warnings=i % 3 != 2, media=i == 0) for i in range(size)]
        if size >= 5:
            choice = narratives[-min(4, size // 5 + 1) :]  # 2 of 5, 4 of 20
            singles = narratives[: -len(choice)]
        else:
            singles, choice = narratives, ()
        module = add_module(
            course, f"size-{size}", f"{size} narratives", module_body(singles, choice)
        )
        paths[size] = module.get_url()
    return paths
