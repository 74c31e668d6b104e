"""Cohort join codes are generated from an unambiguous alphabet, unique whatever their case, and
a cohort cannot end before it starts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from courses.enrolment_models import JOIN_CODE_ALPHABET, new_join_code
from tests.factories import CohortFactory

TODAY = datetime.date.today()


def test_generated_codes_avoid_characters_people_confuse():
    codes = {new_join_code() for _ in range(200)}

    assert len(codes) == 200
    assert all(len(code) == 8 and set(code) <= set(JOIN_CODE_ALPHABET) for code in codes)
    assert not set("0O1IL") & set("".join(codes))


def test_a_new_cohort_gets_a_code(course):
    assert len(CohortFactory(course=course).join_code) == 8


def test_clearing_the_code_makes_a_new_one_and_typed_codes_are_normalised(course):
    cohort = CohortFactory(course=course, join_code="ACDE7FGH")

    cohort.join_code = ""
    cohort.full_clean()
    assert cohort.join_code not in ("", "ACDE7FGH") and len(cohort.join_code) == 8

    cohort.join_code = " acde-xy34 "
    cohort.full_clean()
    assert cohort.join_code == "ACDEXY34"


def test_codes_are_unique_whatever_their_case(course):
    CohortFactory(course=course, join_code="ACDE7FGH")

    with pytest.raises(IntegrityError), transaction.atomic():
        CohortFactory(course=course, join_code="acde7fgh")


def test_a_cohort_cannot_end_before_it_starts(course):
    cohort = CohortFactory.build(
        course=course, starts_on=TODAY, ends_on=TODAY - datetime.timedelta(days=1)
    )

    with pytest.raises(ValidationError) as error:
        cohort.full_clean()

    assert error.value.message_dict["ends_on"] == [
        "The end date must be on or after the start date."
    ]
