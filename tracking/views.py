"""Public descriptions: the JSON-LD xAPI profile and each activity's JSON description."""

from django.http import Http404


def profile(request):
    raise Http404  # being built: tracking/profile.py


def activity(request, path):
    raise Http404  # being built
