"""In Chromium, on the real narrative editor: captions chosen on a form that fails for another
reason are kept, the editor is told so, and the next save stores them (issue 14, finding 1)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtailmedia.models import Media

from narratives.models import Narrative
from tests.browser.test_xss import sign_in_as
from tests.factories import NarrativeFactory, UserFactory

from .conftest import PHONE, describe_violations

pytestmark = pytest.mark.browser

TRANSCRIPT = "The first thing I noticed was the quiet."
VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nThe first thing I noticed was the quiet.\n"


@pytest.fixture
def draft(django_db_serialized_rollback, live_server):
    media = Media.objects.create(
        title="The quiet (audio)",
        type="audio",
        duration=1,
        file=ContentFile(b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 64, name="quiet.mp3"),
    )
    return NarrativeFactory(
        title="The quiet",
        modality="audio",
        media=media,
        transcript=TRANSCRIPT,
        text_body="",
        live=False,
        consent=False,
    )


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_captions_are_kept_through_a_failed_save(draft, open_page, axe_source, tmp_path,
                                                  viewport):  # fmt: skip
    educator = UserFactory(username="upload_educator", groups=["Educators"])
    captions = tmp_path / "the-quiet.vtt"
    captions.write_bytes(VTT)
    visit = open_page(**({"viewport": viewport} if viewport else {}))
    sign_in_as(visit, educator)
    visit.goto(reverse("wagtailsnippets_narratives_narrative:edit", args=[draft.pk]))
    page = visit.page

    page.locator("#id_captions").set_input_files(str(captions))
    page.locator("#id_transcript").fill("")
    page.get_by_role("button", name="Save draft").first.click()
    notice = page.get_by_text("We kept the-quiet.vtt; you do not need to choose it again.")
    notice.wait_for()

    assert page.get_by_text("Audio and video narratives need a transcript").first.is_visible()
    # The checks cover the part of the editor this change touched: the captions field with its
    # notice. (Wagtail's own Draftail editor elsewhere on the page has an unnamed textbox.)
    # Through DevTools, not an inline <script>: the admin's CSP refuses one without its nonce.
    page.evaluate(axe_source)
    results = page.evaluate(
        """async () => {
            const field = document.querySelector('#id_captions').closest('[data-field-wrapper]');
            if (!field) throw new Error('The field has no wrapper to check.');
            return await axe.run(field, {resultTypes: ['violations']});
        }"""
    )
    violations = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert not violations, describe_violations(violations)
    draft.refresh_from_db()
    assert not draft.captions

    page.locator("#id_transcript").fill(TRANSCRIPT)
    page.get_by_role("button", name="Save draft").first.click()
    page.get_by_text("updated").first.wait_for()

    narrative = Narrative.objects.get(pk=draft.pk)
    with narrative.captions.open("rb") as stored:
        assert stored.read() == VTT


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_replacing_a_live_narratives_recording_is_refused_on_the_page(
    draft, open_page, axe_source, tmp_path, viewport
):
    Narrative.objects.filter(pk=draft.pk).update(live=True)
    recording = draft.media
    original = recording.file.name
    replacement = tmp_path / "louder.mp3"
    replacement.write_bytes(b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x01" * 64)
    educator = UserFactory(username="upload_educator_media", groups=["Educators"])
    visit = open_page(**({"viewport": viewport} if viewport else {}))
    sign_in_as(visit, educator)
    visit.goto(reverse("wagtailmedia:edit", args=[recording.pk]))
    page = visit.page

    page.locator("#id_file").set_input_files(str(replacement))
    page.get_by_role("button", name="Save").first.click()
    page.get_by_text(
        "This recording is used by the live narrative 'The quiet'. Upload a new media item and "
        "choose it on the narrative; the lived-experience panel reviews that change."
    ).wait_for()

    # Through DevTools, not an inline <script>: the admin's CSP refuses one without its nonce.
    page.evaluate(axe_source)
    results = page.evaluate(
        """async () => {
            const field = document.querySelector('#id_file').closest('[data-field-wrapper]');
            if (!field) throw new Error('The field has no wrapper to check.');
            return await axe.run(field, {resultTypes: ['violations']});
        }"""
    )
    violations = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert not violations, describe_violations(violations)
    recording.refresh_from_db()
    assert recording.file.name == original
