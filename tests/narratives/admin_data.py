"""Form data for the narrative snippet admin, built with Wagtail's `form_data` helpers."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from narratives.models import TEXT_BODY_FEATURES


def narrative_form_data(warnings=(), **fields):
    """POST data for the narrative add/edit view: a valid text narrative unless overridden."""
    data = {
        "title": "Coming home",
        "narrator_pseudonym": "Sam",
        "language": "en",
        "summary": "Sam talks about the months after leaving hospital and who helped.",
        "modality": "text",
        "embed_url": "",
        "duration": "",
        "transcript": "",
        "text_body": "<p>I remember the day I came home.</p>",
        "source": "",
        "attribution": "",
        "licence": "",
        "last_reviewed": "",
        "warnings": inline_formset(list(warnings)),
    }
    data.update(fields)
    data["text_body"] = rich_text(data["text_body"], features=TEXT_BODY_FEATURES)
    return nested_form_data(data)
