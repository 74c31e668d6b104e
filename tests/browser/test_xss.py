"""Cross-site scripting: every payload in tests/browser/xss_payloads.py, stored wherever a
person can type text that pages show later, is shown as the text that was typed and never runs.

DESIGN.md, "Privacy and safety rules": everything a person types is escaped on output.

Each target in TARGETS says how to store values and which pages show them, to whom. Adding a
place people type into (reflections, say) is one more `Target` with a `store` function; the
runner loads every page in Chromium as the person who would see it and checks that no frame
has `window.__xss` set, no dialog opened, no script error or policy violation was logged,
nothing was fetched from another site, the page did not navigate away, and each stored value
can be read on the page (as text, or in a form field) exactly as typed.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import MAX_REFLECTION_CHARS, Reflection
from assessments.reflections import rules as reflections
from courses import enrolment as rules
from courses.models import Cohort, Enrolment
from portal.accounts.forms import ProfileForm
from tests.factories import UserFactory

from .xss_payloads import MAX_LENGTH, PAYLOADS, pack

pytestmark = pytest.mark.browser

NAME_LENGTH = 150  # first_name and last_name
ORGANISATION_LENGTH = 200
COHORT_NAME_LENGTH = 120

# Run in the page: the values that cannot be read on it, as text or in a form field.
MISSING_TEXTS = """(texts) => {
  const norm = (s) => s.replace(/\\s+/g, " ").trim();
  const shown = [norm(document.body.innerText)];
  for (const el of document.querySelectorAll("input, textarea")) shown.push(norm(el.value));
  return texts.filter((t) => !shown.some((s) => s.includes(norm(t))));
}"""
# Let anything a payload queued (focus, toggle, error events) run before the flag is read.
SETTLE = "() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))"


@dataclass
class Check:
    """A page that shows stored values, and the person who would see it."""

    viewer: object
    path: str
    texts: list = field(default_factory=list)  # each must be readable on the page as typed


@dataclass
class Env:
    """What a target's `store` may build on: a course with one module."""

    course: object
    module: object
    make_module: object = None


@dataclass(frozen=True)
class Target:
    """A place a person types text. `store(env, chunks)` saves each chunk (a list of payloads
    that, joined by spaces, takes at most `max_length` characters) the way the site would, and
    returns the Checks for the pages that show them."""

    name: str
    max_length: int
    store: object


def split_in_two(chunk, limit):
    """The payloads of a chunk as two values of at most `limit` characters, as even as can be
    (the one payload twice if there is only one)."""
    if len(chunk) == 1:
        return chunk[0], chunk[0]
    splits = [(" ".join(chunk[:cut]), " ".join(chunk[cut:])) for cut in range(1, len(chunk))]
    fitting = [pair for pair in splits if max(map(len, pair)) <= limit]
    return min(fitting, key=lambda pair: abs(len(pair[0]) - len(pair[1])))


# --- targets ---------------------------------------------------------------------------------


def save_profile(user, first_name, last_name, organisation):
    """Through the profile form, as the profile page saves it."""
    form = ProfileForm(
        {
            "first_name": first_name,
            "last_name": last_name,
            "organisation": organisation,
            "role": "care_assistant",
        },
        instance=user,
    )
    assert form.is_valid(), form.errors
    form.save()
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.organisation) == (
        first_name,
        last_name,
        organisation,
    )


def profile_checks(env, user):
    """Pages that show a person's name and organisation: their own profile and completion
    record, and the Wagtail admin (their name in the account menu's data)."""
    enrolment = rules.enrol(user, env.course)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())
    return [
        Check(
            user, reverse("accounts:profile"), [user.first_name, user.last_name, user.organisation]
        ),
        Check(user, reverse("courses:record", args=[enrolment.uuid]), [user.get_full_name()]),
        # Not necessarily shown until the menu opens; it must not run either way.
        Check(user, reverse("wagtailadmin_home")),
    ]


def user_list_check(users):
    """The admin's list of users (names shown) for a superuser, filtered to `users`' group."""
    group = Group.objects.create(name=f"XSS people {users[0].pk}")
    group.user_set.add(*users)
    superuser = UserFactory(username="xss_admin", is_superuser=True, is_staff=True)
    names = [name for user in users for name in (user.first_name, user.last_name)]
    return Check(superuser, f"{reverse('wagtailusers_users:index')}?group={group.pk}", names)


def store_profiles(env, chunks):
    """Each chunk in a person's organisation, and split between their first and last names."""
    checks = []
    for start in range(0, len(chunks), 20):  # 20 people to a page of the admin's user list
        users = []
        for n, chunk in enumerate(chunks[start : start + 20], start=start):
            user = UserFactory(username=f"xss_profile_{n}", groups=["Educators"])
            first, last = split_in_two(chunk, NAME_LENGTH)
            save_profile(user, first, last, " ".join(chunk))
            checks += profile_checks(env, user)
            users.append(user)
        checks.append(user_list_check(users))
    return checks


def cohort_checks(env, cohort, educator, learner, progress=True):
    """Pages that show a cohort's name: the course page and completion record of a learner in
    it, and the admin's edit and progress pages for its educator (the list is checked once for
    many cohorts). The progress page puts the name in the same places as the edit page (title,
    breadcrumbs) and in a caption: `progress=False` leaves it to the typed names."""
    enrolment = rules.enrol(learner, env.course, cohort=cohort)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())
    checks = [
        Check(learner, env.course.url, [cohort.name]),
        Check(learner, reverse("courses:record", args=[enrolment.uuid]), [cohort.name]),
        Check(educator, reverse("cohorts:edit", args=[cohort.pk]), [cohort.name]),
    ]
    if progress:
        checks.append(Check(educator, reverse("cohorts:progress", args=[cohort.pk]), [cohort.name]))
    return checks


def store_cohorts(env, chunks):
    """Each chunk as the name of a cohort with one learner."""
    checks = []
    for start in range(0, len(chunks), 20):  # an educator per page of the cohort list
        educator = UserFactory(username=f"xss_educator_{start}", groups=["Educators"])
        names = []
        for n, chunk in enumerate(chunks[start : start + 20], start=start):
            value = " ".join(chunk)
            cohort = Cohort(course=env.course, name=value, starts_on=datetime.date.today())
            cohort.full_clean()
            cohort.save()
            cohort.educators.add(educator)
            assert Cohort.objects.get(pk=cohort.pk).name == value
            names.append(value)
            learner = UserFactory(username=f"xss_in_{n}")
            checks += cohort_checks(env, cohort, educator, learner, progress=False)
        checks.append(Check(educator, reverse("cohorts:index"), names))
    return checks


def store_reflections(env, chunks):
    """Each chunk as a learner's reflection twice over: one submitted and shared with their
    cohort's educator, one left as a draft. The learner sees both on the module page (the draft
    in its text box), in their journal and on each reflection's page; the educator sees the
    shared one in the admin."""
    educator = UserFactory(username="xss_reflection_educator", groups=["Educators"])
    cohort = Cohort.objects.create(
        course=env.course, name="Reflection cohort", starts_on=datetime.date.today()
    )
    cohort.educators.add(educator)
    block = {"type": "reflection", "value": {"prompt": "What stayed with you?", "required": True}}
    checks = []
    for n, chunk in enumerate(chunks):
        text = " ".join(chunk)
        module = env.make_module(
            title=f"Reflecting {n}", body=[{**block, "id": "shared"}, {**block, "id": "draft"}]
        )
        learner = UserFactory(username=f"xss_reflector_{n}")
        enrolment = rules.enrol(learner, env.course, cohort=cohort)
        shared, _ = reflections.submit(
            enrolment, module, reflections.reflection_slot(module, "shared"), text
        )
        reflections.set_shared(shared, True)
        draft = reflections.save_draft(
            enrolment, module, reflections.reflection_slot(module, "draft"), text
        )
        assert Reflection.objects.get(pk=shared.pk).text == text
        checks += [
            Check(learner, module.url, [text]),
            Check(learner, reverse("assessments:journal")),
            Check(learner, reverse("assessments:reflection", args=[shared.uuid]), [text]),
            Check(learner, reverse("assessments:reflection", args=[draft.uuid]), [text]),
            Check(educator, reverse("shared_reflections:detail", args=[shared.uuid]), [text]),
            Check(educator, reverse("shared_reflections:index")),
        ]
    return checks


TARGETS = [
    Target("profile", ORGANISATION_LENGTH, store_profiles),
    Target("cohort name", COHORT_NAME_LENGTH, store_cohorts),
    Target("reflection", MAX_REFLECTION_CHARS, store_reflections),
]


# --- the runner ------------------------------------------------------------------------------


def sign_in_as(visit, user):
    """Give the browser context a session for `user` alone (the login pages have their own
    tests). One context for everyone keeps the browser's cache of scripts and styles."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    visit.page.context.clear_cookies()
    visit.page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": visit.base_url}]
    )


def watch(visit):
    """Record dialogs (dismissed), console errors and uncaught script errors on the page."""
    events = []

    def on_dialog(dialog):
        events.append(f"dialog: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    def on_console(message):
        if message.type == "error" or "Content Security Policy" in message.text:
            events.append(f"console {message.type}: {message.text}")

    visit.page.on("dialog", on_dialog)
    visit.page.on("console", on_console)
    visit.page.on("pageerror", lambda error: events.append(f"page error: {error}"))
    return events


def executed_frames(page):
    ran = []
    for frame in page.frames:
        try:
            flag = frame.evaluate("() => typeof window.__xss !== 'undefined'")
        except Exception as error:  # a frame that went away is itself a sign of injection
            ran.append(f"{frame.url} ({error})")
        else:
            if flag:
                ran.append(frame.url or "about:blank")
    return ran


def check_page(visit, events, check, label=None):
    """The problems on the page `check` names, already loaded in `visit`."""
    label = label or f"{check.path} as {check.viewer.username}"
    page = visit.page
    page.evaluate(SETTLE)
    problems = [f"{label}: {event}" for event in events]
    events.clear()
    if ran := executed_frames(page):
        problems.append(f"{label}: window.__xss set in {ran}")
    if visit.blocked:
        problems.append(f"{label}: fetched from another site: {visit.blocked}")
        visit.blocked.clear()
    if page.frames[1:]:
        problems.append(f"{label}: the page has frames: {[f.url for f in page.frames[1:]]}")
    if missing := page.evaluate(MISSING_TEXTS, check.texts):
        problems.append(f"{label}: not shown as typed: {missing}")
    return problems


def run_checks(open_page, checks):
    """Every check's page loaded in Chromium as its viewer; the problems found."""
    by_viewer = {}
    for check in checks:
        by_viewer.setdefault(check.viewer.pk, []).append(check)
    visit = open_page()
    events = watch(visit)
    problems = []
    for viewer_checks in by_viewer.values():
        sign_in_as(visit, viewer_checks[0].viewer)
        for check in viewer_checks:
            response = visit.goto(check.path)
            label = f"{check.path} as {check.viewer.username}"
            if response is None or response.status != 200:
                problems.append(f"{label}: status {response and response.status}")
                continue
            if visit.page.url != visit.base_url + check.path:
                problems.append(f"{label}: navigated to {visit.page.url}")
            problems += check_page(visit, events, check, label)
    return problems


@pytest.fixture
def env(django_db_serialized_rollback, live_server, settings, course, make_module):
    # Wagtail's admin shows avatars from Gravatar by default, which sends a hash of each
    # person's email address to another site; here any request to another site is a finding.
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    return Env(course=course, module=make_module(title="Coming home"), make_module=make_module)


def test_the_corpus_is_broad_and_fits_every_target():
    assert len(PAYLOADS) >= 50
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    assert all("__xss=1" in p or "indow.__xss=1" in p.replace("&#119;", "w") for p in PAYLOADS)
    assert all(len(p) <= MAX_LENGTH <= target.max_length for p in PAYLOADS for target in TARGETS)


@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.name)
def test_stored_payloads_are_shown_as_text_and_never_run(target, env, open_page):
    chunks = pack(PAYLOADS, target.max_length)

    checks = target.store(env, chunks)

    shown = " ".join(text for check in checks for text in check.texts)
    assert [p for p in PAYLOADS if p not in shown] == [], "never looked for on a page"
    problems = run_checks(open_page, checks)
    assert problems == [], "\n".join(problems)


# --- typed through the real forms -----------------------------------------------------------

TYPED_PROFILE = {
    "first_name": '" autofocus onfocus="window.__xss=1" x="',
    "last_name": "</textarea><script>window.__xss=1</script>",
    "organisation": "'><svg onload=window.__xss=1> <img src=x onerror=window.__xss=1>",
}
TYPED_COHORTS = [
    '"><img src=x onerror=window.__xss=1> </title><script>window.__xss=1</script>',
    "{{constructor.constructor('window.__xss=1')()}} &lt;b&gt;",
]


def test_payloads_typed_into_the_profile_form_are_shown_as_text(env, open_page):
    user = UserFactory(username="typist", email="typist@example.org", groups=["Educators"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    visit = open_page("/accounts/login/?next=/profile/")
    events = watch(visit)
    page = visit.page
    page.fill("#id_login", "typist@example.org")
    page.fill("#id_password", "password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/profile/")

    for name, value in TYPED_PROFILE.items():
        page.fill(f"#id_{name}", value)
    page.get_by_label("Care assistant").check()
    page.get_by_role("button", name="Save your profile").click()
    page.wait_for_url("**/profile/")
    assert page.get_by_text("Your profile was saved.").count() == 1

    user.refresh_from_db()
    assert {name: getattr(user, name) for name in TYPED_PROFILE} == TYPED_PROFILE
    saved = Check(user, "/profile/", list(TYPED_PROFILE.values()))
    problems = check_page(visit, events, saved, "profile after saving")
    problems += run_checks(open_page, [*profile_checks(env, user), user_list_check([user])])
    assert problems == [], "\n".join(problems)


def test_cohort_names_typed_into_the_admin_form_are_shown_as_text(env, open_page):
    educator = UserFactory(username="xss_typing_educator", groups=["Educators"])
    visit = open_page()
    sign_in_as(visit, educator)
    events = watch(visit)
    page = visit.page
    problems = []
    for name in TYPED_COHORTS:
        visit.goto(reverse("cohorts:add"))
        # The course is a page chooser (a modal with its own tests in Wagtail): set its value.
        page.locator("#id_course").evaluate("(input, pk) => { input.value = pk; }", env.course.pk)
        page.locator("#id_name").fill(name)
        page.get_by_role("button", name="Create").click()
        page.wait_for_url(f"**{reverse('cohorts:index')}")
        problems += check_page(visit, events, Check(educator, "", [name]), "after adding")
    cohorts = list(Cohort.objects.order_by("pk"))
    assert [cohort.name for cohort in cohorts] == TYPED_COHORTS
    assert all(list(cohort.educators.all()) == [educator] for cohort in cohorts)

    for n, cohort in enumerate(cohorts):
        learner = UserFactory(username=f"xss_joiner_{n}")
        visit = open_page()
        sign_in_as(visit, learner)
        events = watch(visit)
        visit.goto(reverse("courses:join"))
        visit.page.get_by_label("Join code").fill(cohort.join_code)
        visit.page.get_by_role("button", name="Join").click()
        visit.page.wait_for_url(f"**{env.course.url}")
        joined = Check(learner, "", [f"You have joined {cohort.name} on {env.course.title}."])
        problems += check_page(visit, events, joined, "message after joining")
        checks = cohort_checks(env, cohort, educator, learner)
        problems += run_checks(open_page, checks)
    problems += run_checks(open_page, [Check(educator, reverse("cohorts:index"), TYPED_COHORTS)])
    assert problems == [], "\n".join(problems)
