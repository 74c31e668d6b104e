from django import template

from assessments.models import MAX_REFLECTION_CHARS
from assessments.reflections import rules
from core import browser_storage
from core.models import StorybridgeSettings

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def reflection_form_token(context, module, block_id):
    """The signed token that keeps a draft if the learner's session ends while they write."""
    user = _user(context)
    if user is None or not user.is_authenticated or module is None:
        return ""
    return rules.form_token(user, module.pk, block_id)


@register.simple_tag(takes_context=True)
def reflection_storage_key(context, module, block_id):
    """A name for the browser's unsaved copy that says nothing about who the learner is, so
    learners sharing a computer never read each other's words back."""
    if module is None:
        return ""
    user = _user(context)
    return browser_storage.draft_key(
        user, "reflection", getattr(user, "pk", ""), module.pk, block_id
    )


@register.simple_tag
def reflection_max_chars():
    return MAX_REFLECTION_CHARS


@register.filter
def word_count(text):
    return rules.count_words(text)


@register.simple_tag
def reflection_draft_text(reflection, posted_text=None):
    """What the text box holds: what was just posted (on an error), else the saved draft."""
    if posted_text:
        return posted_text
    return reflection.text if reflection is not None else ""


@register.simple_tag(takes_context=True)
def reflection_text_to_lrs(context):
    """Whether the site sends reflection text to its LRS when the learner agrees, so the form
    offers the agreement (read once per request)."""
    request = context.get("request")
    if request is None:
        return False
    return StorybridgeSettings.for_request(request).send_reflection_text_to_lrs
