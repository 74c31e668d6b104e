from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def favicon(request):
    """`/favicon.ico`, which browsers ask for on every site whatever the page links to: the
    static icon (its stored name may carry a content hash, so this redirects, for a day)."""
    response = redirect(staticfiles_storage.url("favicon.ico"))
    patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    return response
