from django.utils.functional import SimpleLazyObject

from .page_cache import fragment_key


def shared_cache(request):
    """Cache keys for fragments every page shares; built only if a template uses them."""
    return {"footer_cache_key": SimpleLazyObject(lambda: fragment_key(request, "footer") or "")}
