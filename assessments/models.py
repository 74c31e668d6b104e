"""Every model of the assessments app, for Django to find and for others to import. The models
live with their domain: reflections/models.py, knowledge/models.py, questionnaires/models.py."""

from .knowledge.models import KnowledgeCheckAnswer
from .questionnaires.models import (
    CourseQuestionnaires,
    Instrument,
    InstrumentItem,
    ItemAnswer,
    QuestionnaireResponse,
    ScalePoint,
    Subscale,
    Timepoint,
)
from .reflections.models import MAX_REFLECTION_CHARS, Reflection

__all__ = [
    "MAX_REFLECTION_CHARS",
    "CourseQuestionnaires",
    "Instrument",
    "InstrumentItem",
    "ItemAnswer",
    "KnowledgeCheckAnswer",
    "QuestionnaireResponse",
    "Reflection",
    "ScalePoint",
    "Subscale",
    "Timepoint",
]
