"""The benchmark floor (bench/run.py): static HTML of a given size, served through the same
middleware as every page, so a page benchmark's ratio measures only what rendering adds. Routed
only with STORYBRIDGE_BENCH_FLOOR (storybridge/urls.py)."""

from functools import lru_cache

from django.http import HttpResponse, HttpResponseBadRequest

MAX_FLOOR_BYTES = 2 * 1024 * 1024


@lru_cache(maxsize=16)
def floor_html(size):
    """Static HTML of exactly `size` bytes (ASCII), built once per size."""
    head = "<!doctype html><html lang='en'><title>floor</title><body>"
    tail = "</body></html>"
    chunk = "<p>Storybridge benchmark floor: static text of a realistic size.</p>\n"
    filler = (chunk * (size // len(chunk) + 1))[: max(size - len(head) - len(tail), 0)]
    return head + filler + tail


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
