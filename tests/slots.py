"""Moving a visitor through a module's narrative slots with the real forms, for tests that need
to see the narratives themselves rather than their interstitials."""

from django.urls import reverse


def slot_url(module, block_id):
    return reverse("courses:narrative_choice", args=[module.pk, block_id])


def post_choice(client, module, block_id, choice, narrative_pk):
    response = client.post(
        slot_url(module, block_id), {"choice": choice, "narrative": narrative_pk}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def continue_past_notices(client, module):
    """Choose "Continue" on every single narrative of the module."""
    for block in module.body.raw_data:
        if block["type"] == "narrative" and block["value"].get("narrative"):
            post_choice(client, module, block["id"], "continue", block["value"]["narrative"])


def choose(client, module, narrative, *, then_continue=True):
    """Pick `narrative` in the module's choice set (and continue past its interstitial)."""
    for block in module.body.raw_data:
        if block["type"] == "narrative_choice":
            post_choice(client, module, block["id"], "chosen", narrative.pk)
            if then_continue:
                post_choice(client, module, block["id"], "continue", narrative.pk)
            return block["id"]
    raise AssertionError("The module has no choice set.")


# A module body with one thing to do, so that opening the module does not complete it.
REQUIRED_REFLECTION = [
    {"type": "reflection", "value": {"prompt": "What did you notice?", "required": True}}
]
