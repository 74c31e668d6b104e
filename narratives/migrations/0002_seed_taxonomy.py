"""Seed the content-warning taxonomy, the CHIME themes and starting characterisation dimensions.
Editors can change all of these afterwards."""

from django.db import migrations

DOMAINS = [
    ("violence", "Violence", "Physical violence or threats of violence."),
    ("sex", "Sex", "Sexual content or sexual relationships."),
    ("stigma", "Stigma", "Prejudice, discrimination or hurtful language about mental health."),
    ("disturbing-content", "Disturbing content", "Events or images some people find upsetting."),
    ("language", "Language", "Swearing or offensive words."),
    ("risky-behaviours", "Risky behaviours", "Drinking, drugs, gambling or other risk taking."),
    ("mental-health", "Mental health", "Detailed descriptions of mental distress or crisis."),
    ("death", "Death", "Death, dying or bereavement."),
    ("parental-guidance", "Parental guidance", "Topics about children or parenting that some find hard."),
    ("crime", "Crime", "Crime, police or prison."),
    ("abuse", "Abuse", "Physical, emotional or sexual abuse, or neglect."),
    ("socio-political", "Socio-political", "Politics, racism, poverty or other social issues."),
    ("flashing-lights", "Flashing lights", "Flashing or flickering images that can affect people "
     "with photosensitive epilepsy."),
    ("objects", "Objects", "Objects some people find distressing, such as needles or weapons."),
]

ITEMS = [
    ("self-harm", "Self-harm", "mental-health", "Someone hurting themselves on purpose."),
    ("suicide", "Suicide", "mental-health", "Suicide, suicidal thoughts or a suicide attempt."),
    ("eating-difficulties", "Eating difficulties", "mental-health",
     "Eating disorders, weight or food restriction."),
    ("psychosis", "Psychosis", "mental-health", "Hearing voices, unusual beliefs or experiences."),
    ("detention", "Detention in hospital", "mental-health",
     "Being admitted or kept in hospital against their wishes, or restraint."),
    ("substance-use", "Substance use", "risky-behaviours", "Alcohol or drug use."),
    ("bereavement", "Bereavement", "death", "The death of someone close."),
    ("domestic-abuse", "Domestic abuse", "abuse", "Abuse by a partner or family member."),
    ("childhood-abuse", "Childhood abuse", "abuse", "Abuse or neglect in childhood."),
    ("sexual-violence", "Sexual violence", "abuse", "Rape or sexual assault."),
]

THEMES = [
    ("connectedness", "Connectedness", "Relationships, peer support and being part of a community."),
    ("hope", "Hope", "Belief that recovery is possible; motivation to change; dreams."),
    ("identity", "Identity", "Rebuilding a positive sense of self beyond illness; overcoming stigma."),
    ("meaning", "Meaning", "Meaning in life and in the experience of mental health problems."),
    ("empowerment", "Empowerment", "Personal responsibility, control over life, and strengths."),
]

DIMENSIONS = [
    ("Genre", "The overall kind of story being told.", False,
     ["Escape", "Endurance", "Reconciliation", "Transformation", "Advocacy"]),
    ("Emotional tone", "How the narrative feels to hear.", False,
     ["Hopeful", "Mixed", "Sombre", "Angry", "Matter-of-fact"]),
    ("Trajectory", "How things change over the course of the narrative.", False,
     ["Upward", "Downward", "Stable", "Up and down"]),
    ("Relationship with recovery", "How the narrator relates to the idea of recovery.", False,
     ["Embraces it", "Ambivalent", "Rejects it", "Does not mention it"]),
    ("Turning points", "Moments the narrator describes as changing things.", True,
     ["Diagnosis", "Treatment", "A relationship", "Work or study", "Peer support", "Faith or spirituality"]),
]


def seed(apps, schema_editor):
    ContentWarning = apps.get_model("narratives", "ContentWarning")
    Theme = apps.get_model("narratives", "Theme")
    Dimension = apps.get_model("narratives", "CharacterisationDimension")
    Value = apps.get_model("narratives", "CharacterisationValue")

    domains = {}
    for order, (slug, name, description) in enumerate(DOMAINS):
        domains[slug], _ = ContentWarning.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )
    for order, (slug, name, domain, description) in enumerate(ITEMS):
        ContentWarning.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "domain": domains[domain],
                      "sort_order": order},
        )
    for order, (slug, name, description) in enumerate(THEMES):
        Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )
    for order, (name, description, allow_multiple, values) in enumerate(DIMENSIONS):
        dimension, created = Dimension.objects.get_or_create(
            name=name,
            defaults={"description": description, "allow_multiple": allow_multiple,
                      "sort_order": order},
        )
        if created:
            for position, value in enumerate(values):
                Value.objects.create(dimension=dimension, value=value, sort_order=position)


class Migration(migrations.Migration):
    dependencies = [("narratives", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
