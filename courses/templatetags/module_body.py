"""`{% module_body %}`: the module page's body for the learner looking at it (see
courses/module_render.py)."""

from django import template

from courses.module_render import render_body

register = template.Library()


@register.simple_tag(takes_context=True)
def module_body(context):
    return render_body(context["request"], context["page"], context.flatten(), context["learner"])
