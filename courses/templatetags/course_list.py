"""`{% live_courses page as courses %}`: the live, public courses under a page, in tree order,
for the home page's list (core's HomePage knows no app above core)."""

from django import template

from courses.models import CoursePage

register = template.Library()


@register.simple_tag
def live_courses(page):
    return CoursePage.objects.live().public().descendant_of(page).order_by("path")
