"""The learner library searches a text or poetry narrative's own words (`text_body` joined the
search fields). A data migration, so that `migrate` re-indexes every narrative once it has run
(core/search_index.py): stories saved before this change are found by their words too."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("narratives", "0006_kept_uploads")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
