"""Breaks and support requests are no longer kept one row each (ordered ids, interleaved with
everything else): each day's are a count in tracking.SensitiveEventCount (tracking/sensitive.py).
The rows become counts per kind, narrative and day. Their statements were recorded when they
happened, so the counts are marked as already sent."""

from django.db import migrations
from django.db.models import Count

from tracking import activities


def to_counts(apps, schema_editor):
    SupportRequest = apps.get_model("courses", "SupportRequest")
    Narrative = apps.get_model("narratives", "Narrative")
    SensitiveEventCount = apps.get_model("tracking", "SensitiveEventCount")
    groups = (
        SupportRequest.objects.values("kind", "narrative", "on")
        .annotate(n=Count("id"))
        .order_by()
    )
    narratives = Narrative.objects.in_bulk({g["narrative"] for g in groups if g["narrative"]})
    counts = []
    for group in groups:
        narrative = narratives.get(group["narrative"])
        # The object by id and type only, as tracking.sensitive builds it.
        activity = (
            activities.narrative(narrative) if narrative is not None else activities.support()
        )
        counts.append(
            SensitiveEventCount(
                kind=group["kind"],
                activity_iri=activity.id,
                activity={
                    "id": activity.id,
                    "objectType": "Activity",
                    "definition": {"type": activity.definition.type},
                },
                day=group["on"],
                count=group["n"],
                released=group["n"],
            )
        )
    SensitiveEventCount.objects.bulk_create(counts)


def to_rows(apps, schema_editor):
    SupportRequest = apps.get_model("courses", "SupportRequest")
    Narrative = apps.get_model("narratives", "Narrative")
    SensitiveEventCount = apps.get_model("tracking", "SensitiveEventCount")
    by_iri = {activities.narrative_id(n): n for n in Narrative.objects.all()}
    rows = []
    for count in SensitiveEventCount.objects.order_by("day", "kind", "activity_iri"):
        narrative = by_iri.get(count.activity_iri)
        rows += [
            SupportRequest(kind=count.kind, narrative=narrative, on=count.day)
            for _ in range(count.count)
        ]
    SupportRequest.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0007_module_knowledge_check_block"),
        ("narratives", "0004_viewer_preferences"),
        ("tracking", "0005_sensitive_event_counts"),
    ]

    operations = [
        migrations.RunPython(to_counts, to_rows),
        migrations.DeleteModel(name="SupportRequest"),
    ]
