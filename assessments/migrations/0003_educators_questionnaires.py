"""Educators may view, add and change questionnaires (instruments) in the admin; deleting one
stays with administrators."""

from django.db import migrations

EDUCATORS = "Educators"
ACTIONS = ["add", "change", "view"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    educators, _ = Group.objects.get_or_create(name=EDUCATORS)
    content_type, _ = ContentType.objects.get_or_create(app_label="assessments", model="instrument")
    for action in ACTIONS:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_instrument",
            defaults={"name": f"Can {action} questionnaire"},
        )
        educators.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    educators = Group.objects.filter(name=EDUCATORS).first()
    if educators:
        educators.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="assessments",
                codename__in=[f"{action}_instrument" for action in ACTIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_questionnaires"),
        ("narratives", "0003_groups_and_panel_review"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
