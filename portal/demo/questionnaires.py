"""The demo attitude questionnaire, written for Storybridge.

Its items are our own wording, not taken from any published scale (MICA, CAMI, OMS-HC and
others are copyrighted; organisations load licensed instruments themselves). It has not been
validated: the reliability below is illustrative, so the demo dashboard can show reliable change.
`load_demo` finds it again by name and version, and its items by their fixed UUIDs, so answers
already given keep pointing at the same items.
"""

from decimal import Decimal
from uuid import UUID

# How many weeks after completing a demo course the follow-up questionnaire is asked.
FOLLOW_UP_WEEKS = 12

AGREE_SCALE = [
    ("Strongly disagree", 1),
    ("Disagree", 2),
    ("Neither agree nor disagree", 3),
    ("Agree", 4),
    ("Strongly agree", 5),
]

ATTITUDES = {
    "name": "Attitudes to recovery (Storybridge demo)",
    "version": "1.0",
    "introduction": (
        "These statements are about mental health and recovery. There are no right or wrong "
        "answers: choose how much you agree with each one. Answering is up to you. Educators "
        "see results only for groups of 5 or more people. Your answers may be passed on for "
        "evaluation without your name or email, under a code that does not identify you."
    ),
    "citation": "Written for the Storybridge demo (2026). Not a validated scale.",
    "licence_note": "Written for the Storybridge demo; free to use.",
    "scoring_rule": "mean",
    "higher_is_better": True,
    "min_answered_fraction": Decimal("0.80"),
    # Illustrative only: lets the demo show reliable-change counts. Not a measured value.
    "reliability": Decimal("0.850"),
    "scale": AGREE_SCALE,
    "subscales": [
        ("hope", "Hope: believing recovery is possible"),
        ("distance", "Closeness: being at ease around people who are unwell"),
    ],
    # (uuid, text, reverse-scored, subscale, required). Reverse-scored items are worded so that
    # agreeing means a less hopeful or more distant attitude.
    "items": [
        (
            UUID("5b0e9c1a-7d43-4c8e-9f21-3a6d2e8b1c01"),
            "People who live with a mental health condition can have a life they value.",
            False,
            "hope",
            True,
        ),
        (
            UUID("5b0e9c1a-7d43-4c8e-9f21-3a6d2e8b1c02"),
            "With the right support, people can come through even a very hard time.",
            False,
            "hope",
            True,
        ),
        (
            UUID("5b0e9c1a-7d43-4c8e-9f21-3a6d2e8b1c03"),
            "Once someone has been very unwell, it is unrealistic to expect things to improve.",
            True,
            "hope",
            True,
        ),
        (
            UUID("5b0e9c1a-7d43-4c8e-9f21-3a6d2e8b1c04"),
            "Small things I do on a shift can help someone feel more hopeful.",
            False,
            "hope",
            True,
        ),
        (
            UUID("5b0e9c1a-7d43-4c8e-9f21-3a6d2e8b1c05"),
            "People usually know a lot about what helps their own recovery.",
            False,
            "hope",
            True,
        ),
        (
            UUID("5b0e9c1a-7d43-4c8e-9f21-3a6d2e8b1c06"),
            "Talking about plans for the future with someone who is unwell only sets them up "
            "to be let down.",
            True,
            "hope",
            True,
        ),
        (
            UUID("5b0e9c1a-7d43-4c8e-9f21-3a6d2e8b1c07"),
            "I would be comfortable sitting and chatting with someone who hears voices.",
            False,
            "distance",
            True,
        ),
        (
            UUID("5b0e9c1a-7d43-4c8e-9f21-3a6d2e8b1c08"),
            "I would rather not share a shift with a colleague who has had a mental health crisis.",
            True,
            "distance",
            True,
        ),
        (
            UUID("5b0e9c1a-7d43-4c8e-9f21-3a6d2e8b1c09"),
            "If a friend were struggling with their mental health, I would want them to tell me.",
            False,
            "distance",
            True,
        ),
        (
            UUID("5b0e9c1a-7d43-4c8e-9f21-3a6d2e8b1c10"),
            "When someone is very distressed, I tend to find a reason to be somewhere else.",
            True,
            "distance",
            True,
        ),
        (
            UUID("5b0e9c1a-7d43-4c8e-9f21-3a6d2e8b1c11"),
            "I treat a resident with a mental health diagnosis the same as anyone else in my care.",
            False,
            "distance",
            True,
        ),
        (
            UUID("5b0e9c1a-7d43-4c8e-9f21-3a6d2e8b1c12"),
            "I would feel uneasy if a new neighbour told me they had spent time on a mental "
            "health ward.",
            True,
            "distance",
            False,
        ),
    ],
}

# The demo courses ask this questionnaire before module 1, after the last module and again
# FOLLOW_UP_WEEKS weeks after completion.
COURSE_QUESTIONNAIRE = ATTITUDES
