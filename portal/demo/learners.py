"""Simulated learners for the demo (`load_demo --learners N`), so the dashboards show real
figures on first run. Every step goes through the platform's own rules, as a real learner's
request would: enrolling in a cohort, the baseline questionnaire, each module's narratives
(the content-warning interstitial included), reflections and knowledge checks, the post
questionnaire and, for some, the delayed follow-up.

Attitudes are drawn per person and move by a realistic, noisy amount after the course: most
improve a little, some not at all, a few get worse. The random generator is seeded, so the
same N gives the same figures. Learners already simulated are left as they are.
"""

import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.knowledge import checks as knowledge_checks
from assessments.models import Timepoint
from assessments.questionnaires import answering as questionnaires
from assessments.questionnaires import timepoints
from assessments.questionnaires.per_course import questionnaires_for
from assessments.reflections import rules as reflections
from courses import choices, viewing
from courses import enrolment as enrolment_rules
from courses.body import CHOICE_BLOCK_TYPES, NARRATIVE_BLOCK_TYPES, module_body
from courses.completion import refresh_module_completion
from courses.models import Cohort, Enrolment
from narratives.models import Narrative
from tracking.player import content, storage, tokens

from .library_readers import read_library

USERNAME = "demo-learner-{:04d}"
OLD_COHORT_NAME = "Demo cohort (simulated learners)"  # the name both cohorts once shared
REFLECTION_SENTENCES = [
    "The story made me think about how much small things matter on a shift.",
    "I noticed how often hope came from another person rather than a treatment.",
    "I want to ask people what helps them instead of guessing.",
    "It reminded me that recovery is not the same as the symptoms going away.",
    "I will try to use the person's own words when I write notes.",
    "Listening without rushing seemed to matter more than anything I could say.",
    "I recognised some of the attitudes described, including my own at times.",
]
ROLES = {
    "care-assistant-induction": ["care_assistant"] * 3 + ["other_staff"],
    "understanding-recovery": ["nursing_trainee", "nursing_trainee", "psychology_trainee"],
}


def simulate_learners(count, courses, write):
    """Enrol `count` simulated learners across `courses` and walk them through. `write` takes
    one line of output."""
    if not count:
        return
    rng = random.Random(20261122)
    cohorts = {course.pk: demo_cohort(course) for course in courses}
    made = skipped = 0
    users = []
    for number in range(1, count + 1):
        course = courses[(number - 1) % len(courses)]
        user, created = learner(number, rng.choice(ROLES.get(course.slug, ["other_staff"])))
        users.append(user)
        if not created and Enrolment.objects.filter(user=user).exists():
            skipped += 1
            continue
        Learner(user, course, cohorts[course.pk], rng).work_through()
        made += 1
    write(f"Simulated learners: {made} new, {skipped} already there.")
    read_library(users, rng, write)


def cohort_name(course):
    """One cohort per demo course, named so an educator can tell them apart in any list."""
    return f"Simulated learners ({course.title})"[:120]


def demo_cohort(course):
    # A demo loaded before the cohorts had their own names keeps its cohort, renamed.
    Cohort.objects.filter(course=course, name=OLD_COHORT_NAME).update(name=cohort_name(course))
    cohort, _ = Cohort.objects.get_or_create(
        course=course,
        name=cohort_name(course),
        defaults={"starts_on": timezone.localdate() - datetime.timedelta(weeks=26)},
    )
    educator = get_user_model().objects.filter(username="educator").first()
    if educator is not None:
        cohort.educators.add(educator)
    return cohort


def learner(number, role):
    user, created = get_user_model().objects.get_or_create(
        username=USERNAME.format(number),
        defaults={
            "email": f"{USERNAME.format(number)}@demo.invalid",
            "first_name": "Simulated",
            "last_name": f"learner {number}",
            "role": role,
        },
    )
    if created:
        user.set_unusable_password()  # nobody signs in as a simulated learner
        user.save(update_fields=["password"])
    return user, created


class Learner:
    """One simulated person: an attitude, how far they get, and what they choose."""

    def __init__(self, user, course, cohort, rng):
        self.user, self.course, self.rng = user, course, rng
        self.attitude = rng.gauss(3.0, 0.55)  # on the 1-5 scale, before the course
        self.shift = rng.gauss(0.35, 0.45)  # what the course does for them
        self.finishes = rng.random() < 0.8
        self.enrolment = enrolment_rules.enrol(user, course, cohort=cohort)
        # Spread the start dates over the last half year; some finished long enough ago for
        # the follow-up.
        self.started = timezone.now() - datetime.timedelta(days=rng.randint(10, 180))
        Enrolment.objects.filter(pk=self.enrolment.pk).update(enrolled_at=self.started)

    def work_through(self):
        self.questionnaire(Timepoint.PRE, level=self.attitude, answer=0.85, decline=0.1)
        modules = self.course.modules
        stop = len(modules) if self.finishes else self.rng.randint(1, max(len(modules) - 1, 1))
        for module in modules[:stop]:
            self.module(module)
        self.enrolment.refresh_from_db()
        if self.enrolment.completed_at is None:
            return
        self.questionnaire(Timepoint.POST, level=self.attitude + self.shift, answer=0.8)
        weeks = questionnaires_for(self.course).follow_up_weeks
        if weeks and self.rng.random() < 0.5:
            # As if they had completed the course long enough ago to be asked again.
            done = timezone.now() - datetime.timedelta(weeks=weeks, days=self.rng.randint(1, 20))
            Enrolment.objects.filter(pk=self.enrolment.pk).update(completed_at=done)
            self.enrolment.refresh_from_db()
            kept = self.shift * self.rng.uniform(0.4, 1.0)  # some of the change fades
            self.questionnaire(Timepoint.FOLLOW_UP, level=self.attitude + kept, answer=0.7)

    def questionnaire(self, timepoint, *, level, answer, decline=0.0):
        if not timepoints.configured(self.course, timepoint):
            return
        roll = self.rng.random()
        if roll < answer:
            instrument = questionnaires.instrument_for(
                self.enrolment, timepoint, course=self.course
            )
            values = sorted(instrument.scale_values)
            low, high = values[0], values[-1]
            answers = {}
            for item in instrument.items.all():
                raw = round(min(high, max(low, self.rng.gauss(level, 0.8))))
                answers[str(item.uuid)] = low + high - raw if item.reverse_scored else raw
            questionnaires.submit(self.enrolment, timepoint, answers, instrument=instrument)
        elif roll < answer + decline:
            questionnaires.decline(self.enrolment, timepoint)

    def module(self, module):
        visit = enrolment_rules.enrolment_for_visit(self.user, self.course, module)
        enrolment_rules.record_visit(visit, module)
        for block in module_body(module):
            if block.type in NARRATIVE_BLOCK_TYPES:
                self.narrative_slot(module, block.id)
            elif block.type == "reflection":
                self.reflection(module, block.id)
            elif block.type == "knowledge_check":
                self.knowledge_check(module, block.id)
        state = enrolment_rules.course_progress(self.enrolment, [module])[0].state
        if state != enrolment_rules.COMPLETE:
            # Nothing left undone in the body: opening it was enough.
            refresh_module_completion(self.enrolment, module)

    def narrative_slot(self, module, block_id):
        slot = viewing.slot_options(module, block_id)
        if slot is None or not slot.options:
            return
        choose = lambda choice, pk: choices.record_choice(  # noqa: E731
            self.enrolment, module, slot, choice, pk
        )
        if slot.block_type in CHOICE_BLOCK_TYPES:  # a choice set or a library choice
            current = self.rng.choice(slot.options)
            choose("chosen", current)
        else:
            current = slot.options[0]
            roll = self.rng.random()
            if roll < 0.06 and len(slot.options) > 1:
                # Declined at the interstitial, and took another on the same themes.
                choose("another", current)
                current = self.rng.choice(slot.options[1:])
                choose("chosen", current)
            elif roll < 0.1:
                choose("skip", current)
                choose("reset", current)
        if self.rng.random() < 0.15:
            choose("transcript", current)
        else:
            choose("continue", current)
            self.playback(module, current)
        choose("experienced", current)

    def playback(self, module, narrative_pk):
        """Listening to or watching a narrative to the end, as the tracking script reports it,
        through the endpoint's own function: some pause half-way and go back a little."""
        narrative = Narrative.objects.filter(pk=narrative_pk, modality__in=("audio", "video"))
        narrative = narrative.first()
        if narrative is None or not narrative.duration:
            return
        length = narrative.duration.total_seconds()
        # A generator of its own, so that the learners' other draws (and the dashboards'
        # figures) stay as they were before playback was simulated.
        key, rng = str(narrative.uuid), random.Random(f"{self.user.username}:{narrative.uuid}")
        view = tokens.PageView(
            user_id=self.user.pk,
            enrolment_uuid=self.enrolment.uuid,
            module_id=module.pk,
            nonce=uuid.UUID(int=rng.getrandbits(128), version=4),
            issued=timezone.now() - datetime.timedelta(seconds=2 * length + 60),
        )
        events = playback_events(key, length, rng)
        tracks = content.tracks(
            user_id=self.user.pk,
            enrolment=self.enrolment,
            module=module,
            course=self.course,
            wanted={key},
        )
        storage.record_batch(view, events, user_id=self.user.pk, tracks=tracks)

    def reflection(self, module, block_id):
        slot = reflections.reflection_slot(module, block_id)
        if slot is None or self.rng.random() < 0.1:
            return  # some never get round to it
        words = max(slot.min_words, 20)
        text = []
        while sum(len(s.split()) for s in text) < words:
            text.append(self.rng.choice(REFLECTION_SENTENCES))
        reflection, _ = reflections.submit(self.enrolment, module, slot, " ".join(text))
        if self.enrolment.cohort_id and self.rng.random() < 0.3:
            reflections.set_shared(reflection, True)

    def knowledge_check(self, module, block_id):
        check = knowledge_checks.knowledge_check(module, block_id)
        if check is None:
            return
        if self.rng.random() < 0.7:
            selected = sorted(check.correct_options)
        else:
            selected = [self.rng.randrange(check.option_count)]
        knowledge_checks.record_answer(self.enrolment, module, check, selected)


def playback_events(key, length, rng):
    """The player's events for one narrative of `length` seconds watched to the end, as the
    tracking script sends them: some learners pause half-way and go back a little."""
    events, clock = [], 2000.0

    def event(kind, **fields):
        events.append(
            {
                "type": kind,
                "narrative": key,
                "seq": len(events),
                "at": clock,
                "length": length,
                **fields,
            }
        )

    event("initialized")
    event("played", time=0)
    segments = [[0, length]]
    if rng.random() < 0.4:
        stop = round(length * rng.uniform(0.3, 0.7), 3)
        back = round(max(0.0, stop - rng.uniform(2, 10)), 3)
        clock += stop * 1000
        event("paused", time=stop, progress=round(stop / length, 3), segments=[[0, stop]])
        clock += rng.uniform(5, 60) * 1000
        event("seeked", **{"from": stop, "to": back})
        event("played", time=back)
        segments = [[0, stop], [back, length]]
        clock += (length - back) * 1000
    else:
        clock += length * 1000
    event("completed", time=length, progress=1, segments=segments)
    event("terminated", time=length, progress=1, segments=segments)
    return events
