"""Storybridge's own xAPI profile: the JSON-LD document served at vocabulary.PROFILE, in the
form of the xAPI Profiles specification 1.0 (https://github.com/adlnet/xapi-profiles).

The concepts are read from tracking/vocabulary.py — every constant whose IRI lies under the
profile — and described here. A concept added to the vocabulary without a description below
makes `document()` raise, so it cannot be served half-described (the tests build it).
"""

import json

from . import vocabulary as v

CONTEXT = "https://w3id.org/xapi/profiles/context"
CONFORMS_TO = "https://w3id.org/xapi/profiles#1.0"
VERSION = f"{v.PROFILE}/v1"
VERSION_DATE = "2026-11-22T00:00:00Z"
LANGUAGE = "en"

# The concept type of each IRI kind (the segment after the profile IRI).
KINDS = {"verbs": "Verb", "activity-types": "ActivityType", "extensions": None}


def _schema(schema):
    return json.dumps(schema, separators=(",", ":"))


# IRI -> (prefLabel, definition, extra properties). Extensions name their type.
CONCEPTS = {
    v.WARNING_SHOWN: (
        "was shown the content warning for",
        "The learner was shown the notice naming a narrative's content warnings before it "
        "began. The object is the notice (activity type content-warning).",
        {},
    ),
    v.WARNING_ACCEPTED: (
        "accepted the content warning for",
        "The learner chose to go on to the narrative after reading its content warnings.",
        {},
    ),
    v.WARNING_DECLINED: (
        "declined the content warning for",
        "The learner chose not to go on to the narrative after reading its content warnings "
        "(they may read a transcript, choose another narrative or skip it).",
        {},
    ),
    v.CHOSE: (
        "chose",
        "The learner chose one narrative from a choice set. The object is the chosen "
        "narrative; the choice set is the parent in context.",
        {},
    ),
    v.TOOK_A_BREAK: (
        "took a break from",
        "Someone stopped a narrative (or the support page) to take a break. Never linked to a "
        "person: a fresh random account and no registration; sent only after the day has ended, "
        "its timestamp the start of that day in the platform's time zone, in random order and "
        "in batches of such statements only. Only their number per object and day means "
        "anything.",
        {},
    ),
    v.ASKED_FOR_SUPPORT: (
        "asked for support while viewing",
        "Someone asked for support before a narrative. Never linked to a person, and sent as "
        "took-a-break statements are: a fresh random account, no registration, after the day, "
        "timed at its start, in random order and in batches of such statements only.",
        {},
    ),
    v.NARRATIVE: (
        "text narrative",
        "A lived-experience story told in text. Video and audio narratives use the Video and "
        "Audio Profiles' activity types.",
        {},
    ),
    v.CONTENT_WARNING: (
        "content warning notice",
        "The notice shown before a narrative, naming the difficult topics it describes.",
        {},
    ),
    v.CHOICE_SET: (
        "narrative choice set",
        "Two to four narratives in a module, from which each learner picks one.",
        {},
    ),
    v.REFLECTION: (
        "reflection",
        "A question in a module that the learner answers in writing, in a private journal.",
        {},
    ),
    v.SUPPORT: (
        "support resources",
        "The page of support resources a learner can open at any time.",
        {},
    ),
    v.LIBRARY: (
        "story library",
        "The library of narratives learners browse and open outside any course. Statements "
        "about a story opened there have the library as their parent (or grouping) and no "
        "registration.",
        {},
    ),
    v.EXT_WORD_COUNT: (
        "word count",
        "The number of words in a submitted reflection. The text itself is not sent unless "
        "the platform's setting and the learner both allow it.",
        {
            "type": "ResultExtension",
            "recommendedVerbs": [v.SUBMITTED],
            "inlineSchema": _schema({"type": "integer", "minimum": 0}),
        },
    ),
    v.EXT_TIMEPOINT: (
        "questionnaire timepoint",
        "When in the course a questionnaire was answered: before it (pre), after its last "
        "module (post) or weeks after completing it (follow-up).",
        {
            "type": "ContextExtension",
            "recommendedVerbs": [v.ANSWERED, v.COMPLETED],
            "inlineSchema": _schema({"type": "string", "enum": list(v.TIMEPOINT_VALUES)}),
        },
    ),
    v.EXT_SUBSCALE_SCORES: (
        "subscale scores",
        "The score of each subscale of a completed questionnaire, by subscale key; null where "
        "too few of its items were answered.",
        {
            "type": "ResultExtension",
            "recommendedVerbs": [v.COMPLETED],
            "inlineSchema": _schema(
                {"type": "object", "additionalProperties": {"type": ["number", "null"]}}
            ),
        },
    ),
    v.EXT_INSTRUMENT_VERSION: (
        "questionnaire version",
        "The version of the questionnaire answered, so results of different versions are "
        "not compared by mistake.",
        {
            "type": "ContextExtension",
            "recommendedVerbs": [v.ANSWERED, v.COMPLETED],
            "inlineSchema": _schema({"type": "string"}),
        },
    ),
    v.EXT_ATTEMPT: (
        "attempt",
        "How many times the learner has answered this knowledge check, this answer included.",
        {
            "type": "ResultExtension",
            "recommendedVerbs": [v.ANSWERED],
            "inlineSchema": _schema({"type": "integer", "minimum": 1}),
        },
    ),
    v.EXT_WARNINGS: (
        "content warnings",
        "The content warnings named on the notice shown before a narrative.",
        {
            "type": "ContextExtension",
            "recommendedVerbs": [v.WARNING_SHOWN, v.WARNING_ACCEPTED, v.WARNING_DECLINED],
            "inlineSchema": _schema({"type": "array", "items": {"type": "string"}}),
        },
    ),
}


class UndescribedConcept(LookupError):
    """A concept in the vocabulary with no description here."""


def own_iris():
    """Every IRI in tracking/vocabulary.py under the profile, except the profile's own."""
    prefix = f"{v.PROFILE}/"
    return sorted(
        {
            value
            for name, value in vars(v).items()
            if name.isupper() and isinstance(value, str) and value.startswith(prefix)
        }
    )


def concept(iri):
    """The JSON-LD description of one concept of the profile, or UndescribedConcept."""
    kind = iri[len(v.PROFILE) + 1 :].split("/", 1)[0]
    if kind not in KINDS or iri not in CONCEPTS:
        raise UndescribedConcept(f"{iri} is in tracking/vocabulary.py but not described")
    label, definition, extra = CONCEPTS[iri]
    described = {
        "id": iri,
        "type": KINDS[kind],
        "inScheme": VERSION,
        "prefLabel": {LANGUAGE: label},
        "definition": {LANGUAGE: definition},
    }
    described.update(extra)
    if not described["type"]:
        raise UndescribedConcept(f"{iri}: an extension needs a type")
    return described


def document():
    """The whole profile as a dict, ready to serve as JSON-LD."""
    return {
        "@context": CONTEXT,
        "id": v.PROFILE,
        "type": "Profile",
        "conformsTo": CONFORMS_TO,
        "prefLabel": {LANGUAGE: "Storybridge"},
        "definition": {
            LANGUAGE: (
                "The concepts Storybridge uses that no published vocabulary has: content "
                "warnings before lived-experience narratives, choosing a narrative, "
                "reflections, support, and questionnaire timepoints and scores. Statements "
                "also use ADL verbs and the xAPI Video and Audio Profiles."
            )
        },
        "author": {"type": "Organization", "name": v.PLATFORM},
        "versions": [{"id": VERSION, "generatedAtTime": VERSION_DATE}],
        "concepts": [concept(iri) for iri in own_iris()],
    }


def concept_for_path(kind, name):
    """The concept at `<profile>/<kind>/<name>` with the JSON-LD context, or None."""
    iri = f"{v.PROFILE}/{kind}/{name}"
    if iri not in own_iris():
        return None
    return {"@context": CONTEXT, **concept(iri)}
