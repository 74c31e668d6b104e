"""Which pages use which narratives, from Wagtail's reference index."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex


def modules_using(narrative):
    """Live or draft pages whose content references `narrative`, ordered by title: module pages,
    the only pages that show narratives. Plain `Page` rows (title, live, parent, admin link are
    all the listings need), so narratives need not know the courses app."""
    page_ct = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(narrative)
        .filter(base_content_type=page_ct)
        .values_list("object_id", flat=True)
    )
    return Page.objects.filter(pk__in=[int(pk) for pk in page_ids]).order_by("title")
