"""Replace Wagtail's default welcome page with Storybridge's HomePage as the site root."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("core", "HomePage")

    default_ct = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    if default_ct:
        Page.objects.filter(depth=2, slug="home", content_type=default_ct).delete()
    if HomePage.objects.exists():
        return
    home_ct, _ = ContentType.objects.get_or_create(app_label="core", model="homepage")
    root = Page.objects.get(depth=1)
    path = root.path + "0001"
    while Page.objects.filter(path=path).exists():
        path = root.path + str(int(path[-4:]) + 1).zfill(4)
    home = HomePage.objects.create(
        title="Storybridge",
        draft_title="Storybridge",
        slug="home",
        content_type=home_ct,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=Locale.objects.order_by("pk").values_list("pk", flat=True).first(),
        live=True,
        intro="<p>Learn from people's own stories of living with and recovering from mental "
        "health problems.</p>",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                        site_name="Storybridge")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_pages_and_settings"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
