"""Data the page benchmarks serve. Imported only after Django is set up against the bench DB."""

import datetime
import io
import itertools
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django.utils.crypto import get_random_string
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
    one narrative in each is a self-hosted audio file. Returns {size: SizedModule}."""
    course = course_page("bench-sizes", "Bench: module sizes")
    modules = {}
    for size in sizes:
        narratives = [make_narrative(warnings=i % 3 != 2, media=i == 0) for i in range(size)]
        warned = {n.pk for i, n in enumerate(narratives) if i % 3 != 2}
        if size >= 5:
            choice = narratives[-min(4, size // 5 + 1) :]  # 2 of 5, 4 of 20
            singles = narratives[: -len(choice)]
        else:
            singles, choice = narratives, ()
        module = add_module(
            course, f"size-{size}", f"{size} narratives", module_body(singles, choice)
        )
        modules[size] = SizedModule(
            path=module.get_url(),
            titles=tuple(n.title for n in narratives),
            interstitials=sum(1 for n in singles if n.pk in warned),
            opened=sum(1 for n in singles if n.pk not in warned),
            choice=len(choice),
        )
    return modules


@dataclass(frozen=True)
class SizedModule:
    """A module of `sized_modules`: what a learner who has not started it should see."""

    path: str
    titles: tuple  # every narrative's title appears (in its slot or in the choice set)
    interstitials: int  # narrative blocks with warnings: behind an interstitial
    opened: int  # narrative blocks without warnings: the narrative itself is shown
    choice: int  # narratives in the choice set ("Choose this story" each)


def fresh_learners(count, prefix="journey"):
    """`count` new plain learners, each with a signed-in session, made in bulk (a few queries
    whatever the count). Returns their session keys, in the order made."""
    user_model = get_user_model()
    start = user_model.objects.filter(username__startswith=f"{prefix}-").count()
    # One unusable password for all: signing in is not what the journey measures.
    password = make_password(None)
    users = user_model.objects.bulk_create(
        [
            user_model(
                username=f"{prefix}-{start + i}",
                email=f"{prefix}-{start + i}@example.invalid",
                password=password,
                role=user_model.Role.NURSING_TRAINEE,
            )
            for i in range(count)
        ]
    )
    expires = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    sessions, keys = [], []
    for user in users:
        key = get_random_string(32, VALID_KEY_CHARS)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=SessionStore().encode(data), expire_date=expires)
        )
        keys.append(key)
    Session.objects.bulk_create(sessions)
    return keys


def demo_course_id(module_path):
    """The id of the course the demo module belongs to (what its enrol form posts to)."""
    module = ModulePage.objects.get(slug=DEMO_MODULE_SLUG)
    if module.get_url() != module_path:
        raise ValueError(f"the demo module moved: {module.get_url()} is not {module_path}")
    return module.get_parent().pk
