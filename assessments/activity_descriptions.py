"""The descriptions tracking serves at questionnaire and questionnaire item activity IRIs
(tracking/descriptions.py): registered from AssessmentsConfig.ready()."""

from django.db.models import Prefetch

from assessments.models import Instrument, InstrumentItem, ScalePoint
from tracking import activities
from tracking.descriptions import register_describer


def describe_questionnaire(key, rest):
    if rest:
        return None
    instrument = Instrument.objects.filter(uuid=key).first()
    return instrument and activities.questionnaire(instrument)


def describe_item(key, rest):
    if rest:
        return None
    item = (
        InstrumentItem.objects.filter(uuid=key)
        .prefetch_related(
            Prefetch("instrument__scale_points", queryset=ScalePoint.objects.order_by("sort_order"))
        )
        .first()
    )
    return item and activities.questionnaire_item(item, item.instrument.scale_points.all())


register_describer("questionnaire", describe_questionnaire)
register_describer("questionnaire-item", describe_item)
