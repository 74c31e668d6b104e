"""Create the 'Educators' and 'Narrative curators' groups and the 'Lived-experience panel review'
workflow on narratives.

Permissions are normally created after all migrations run; on a fresh database they do not exist
yet, so this migration creates the ones it grants (Django's post-migrate step skips existing ones).
"""

from django.db import migrations

PANEL_REVIEW = "Lived-experience panel review"
CURATORS = "Narrative curators"
EDUCATORS = "Educators"

NARRATIVE_MODELS = ["narrative", "consent", "contentwarning", "theme", "characterisationdimension"]


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def _model_permissions(apps, app_label, model, actions):
    return [
        _permission(apps, app_label, model, f"{action}_{model}", f"Can {action} {model}")
        for action in actions
    ]


def create_groups_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin",
                               "Can access Wagtail admin")
    curators, _ = Group.objects.get_or_create(name=CURATORS)
    educators, _ = Group.objects.get_or_create(name=EDUCATORS)

    curator_perms = [access_admin]
    curator_perms += _model_permissions(
        apps, "narratives", "narrative",
        ["add", "change", "delete", "view", "publish", "lock", "unlock"],
    )
    for model in NARRATIVE_MODELS[1:]:
        curator_perms += _model_permissions(apps, "narratives", model,
                                            ["add", "change", "delete", "view"])
    curators.permissions.add(*curator_perms)

    # Educators draft narratives and submit them to the panel; only curators publish.
    educator_perms = [access_admin]
    educator_perms += _model_permissions(apps, "narratives", "narrative",
                                         ["add", "change", "view", "lock", "unlock"])
    for model in NARRATIVE_MODELS[1:]:
        educator_perms += _model_permissions(apps, "narratives", model, ["view"])
    educators.permissions.add(*educator_perms)

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection:
        for group in (curators, educators):
            for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document"),
                                     ("wagtailmedia", "media")):
                for permission in _model_permissions(apps, app_label, model,
                                                     ["add", "change", "choose"]):
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )

    home = Page.objects.filter(depth=2).order_by("path").first()
    if home:
        for action in ("add", "change", "publish"):
            GroupPagePermission.objects.get_or_create(
                group=educators, page=home,
                permission=_permission(apps, "wagtailcore", "page", f"{action}_page",
                                       f"Can {action} page"),
            )

    task_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore",
                                                   model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=PANEL_REVIEW).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=PANEL_REVIEW, content_type=task_ct,
                                                active=True)
    task.groups.add(curators)
    workflow, _ = Workflow.objects.get_or_create(name=PANEL_REVIEW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    narrative_ct, _ = ContentType.objects.get_or_create(app_label="narratives", model="narrative")
    WorkflowContentType.objects.update_or_create(content_type=narrative_ct,
                                                 defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("narratives", "0002_seed_taxonomy"),
        ("core", "0003_home_page"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [migrations.RunPython(create_groups_and_workflow, migrations.RunPython.noop)]
