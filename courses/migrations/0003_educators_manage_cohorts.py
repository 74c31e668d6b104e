"""Educators create and run cohorts: give the group the cohort permissions.

On a fresh database the permissions do not exist yet (they are created after all migrations),
so this creates the ones it grants, as narratives/0003 does.
"""

from django.db import migrations

EDUCATORS = "Educators"
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="courses", model="cohort")
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_cohort",
            defaults={"name": f"Can {action} cohort"},
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
                content_type__app_label="courses",
                codename__in=[f"{action}_cohort" for action in ACTIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_cohorts_enrolments_progress"),
        ("narratives", "0003_groups_and_panel_review"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
