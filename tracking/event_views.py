"""The endpoint the browser's tracking script posts player events to."""

from django.http import Http404


def events(request):
    raise Http404  # being built
