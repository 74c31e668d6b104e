"""Which module pages use which narratives, from Wagtail's reference index."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex


def modules_using(narrative):
    """Live or draft module pages whose body references `narrative`, ordered by title."""
    from courses.models import ModulePage

    page_ct = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(narrative)
        .filter(base_content_type=page_ct)
        .values_list("object_id", flat=True)
    )
    return ModulePage.objects.filter(pk__in=[int(pk) for pk in page_ids]).order_by("title")
