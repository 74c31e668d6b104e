"""Factories shared by the test suite."""

import datetime

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from courses.models import (
    Cohort,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LearningOutcome,
    ModulePage,
)
from narratives.models import Consent, ContentWarning, Narrative, NarrativeContentWarning


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("password")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """`verified_email=True`: the address is verified, as both sign-in pages require."""
        if create and extracted:
            EmailAddress.objects.update_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class NarrativeFactory(factory.django.DjangoModelFactory):
    """A live text narrative; pass `consent=None` to create one without consent."""

    class Meta:
        model = Narrative
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Narrative {n}")
    narrator_pseudonym = factory.Sequence(lambda n: f"Narrator {n}")
    summary = "Sam talks about the months after leaving hospital and who helped."
    modality = Narrative.Modality.TEXT
    text_body = "<p>I remember the day I came home. The kettle was the loudest thing.</p>"
    live = True
    last_reviewed = factory.LazyFunction(datetime.date.today)

    @factory.post_generation
    def consent(self, create, extracted, **kwargs):
        """`consent=False`: no consent record. Otherwise `consent__withdrawn=...` and so on."""
        if not create or extracted is False:
            return
        Consent.objects.create(
            narrative=self,
            given=kwargs.pop("given", datetime.date.today() - datetime.timedelta(days=30)),
            **kwargs,
        )


class NarrativeWarningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NarrativeContentWarning

    narrative = factory.SubFactory(NarrativeFactory)
    warning = factory.LazyFunction(lambda: ContentWarning.objects.get(slug="self-harm"))
    note = "describes self-harm in the past"
    timestamp = "04:10"


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseIndexPage

    title = "Courses"


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "A short course about recovery."
    estimated_minutes = 90
    audience = CoursePage.Audience.ALL


class LearningOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningOutcome

    course = factory.SubFactory(CoursePageFactory)
    text = "Describe what recovery can mean to the person living it."


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Module {n}")
    intro = "Three people talk about coming home."
    estimated_minutes = 20


class CohortFactory(factory.django.DjangoModelFactory):
    """An open cohort (started a week ago, no end) on a course you pass as `course`."""

    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=7))


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
