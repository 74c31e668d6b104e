"""Educators see, rename and withdraw SCORM packages (Settings → SCORM packages); they make them
from a course or module they may edit. Creates the permissions it grants on a fresh database, as
courses/0003 does."""

from django.db import migrations

EDUCATORS = "Educators"
ACTIONS = ("change", "delete", "view")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="integrations", model="scormpackage"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_scormpackage",
            defaults={"name": f"Can {action} SCORM package"},
        )[0]
        for action in ACTIONS
    ]
    educators, _ = Group.objects.get_or_create(name=EDUCATORS)
    educators.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    educators = Group.objects.filter(name=EDUCATORS).first()
    if educators:
        educators.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="integrations",
                codename__in=[f"{action}_scormpackage" for action in ACTIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0001_initial"),
        ("courses", "0003_educators_manage_cohorts"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
