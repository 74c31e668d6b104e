from functools import lru_cache

from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache

MAX_FLOOR_BYTES = 2 * 1024 * 1024


@lru_cache(maxsize=16)
def floor_html(size):
    """Static HTML of exactly `size` bytes (ASCII), built once per size."""
    head = "<!doctype html><html lang='en'><title>floor</title><body>"
    tail = "</body></html>"
    chunk = "<p>Storybridge benchmark floor: static text of a realistic size.</p>\n"
    filler = (chunk * (size // len(chunk) + 1))[: max(size - len(head) - len(tail), 0)]
    return head + filler + tail


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


def bench_floor(request):
    """The floor the page benchmarks divide by: static HTML of a given size, served through the
    same middleware, so a ratio measures only what page rendering adds. Enabled by
    STORYBRIDGE_BENCH_FLOOR only."""
    try:
        size = int(request.GET.get("bytes", 48 * 1024))
    except ValueError:
        return HttpResponseBadRequest("bytes must be a whole number")
    if not 0 < size <= MAX_FLOOR_BYTES:
        return HttpResponseBadRequest("bytes must be between 1 and 2 MiB")
    return HttpResponse(floor_html(size))
