from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from core.models import StorybridgeSettings

from .admin_state import publishing_state, state_context
from .readability import score
from .usage import modules_using


class ReadabilityPanel(Panel):
    """Shows plain-language scores for the summary and text, updated as the editor types."""

    def __init__(self, fields=("summary", "text_body"), **kwargs):
        super().__init__(**kwargs)
        self.fields = fields

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "fields": self.fields}

    class BoundPanel(Panel.BoundPanel):
        template_name = "narratives/panels/readability.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            target = StorybridgeSettings.for_request(self.request).readability_target_grade
            model = type(self.instance)
            context.update(
                target=target,
                endpoint=reverse("narratives_readability"),
                scores=[
                    {
                        "field": name,
                        "label": model._meta.get_field(name).verbose_name,
                        "result": score(getattr(self.instance, name, "")),
                    }
                    for name in self.panel.fields
                ],
            )
            return context


class AffectedModulesPanel(Panel):
    """Lists the module pages that show a consent record's narrative."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "narratives/panels/affected_modules.html"

        def is_shown(self):
            return bool(self.instance.pk and self.instance.narrative_id)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["modules"] = modules_using(self.instance.narrative)
            context["status"] = self.instance.status()
            return context


AFFECTED_MODULES_HEADING = _("Modules that use this narrative")


class NarrativeStatePanel(Panel):
    """Read-only: whether the narrative is draft, in review or live, and its consent."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "narratives/panels/narrative_state.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            # The edit view's instance is the latest revision; live state is on the stored row.
            stored = type(self.instance).objects.filter(pk=self.instance.pk).first()
            context["saved"] = stored is not None
            if stored is not None:
                context.update(state_context(stored))
            return context


class ConsentNarrativePanel(Panel):
    """Read-only: the narrative a consent record belongs to, with a link to edit it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "narratives/panels/consent_narrative.html"

        def is_shown(self):
            return bool(self.instance.pk and self.instance.narrative_id)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            narrative = self.instance.narrative
            context.update(
                narrative=narrative,
                narrative_url=reverse(
                    "wagtailsnippets_narratives_narrative:edit", args=[narrative.pk]
                ),
                publishing_state=publishing_state(narrative),
            )
            return context


NARRATIVE_STATE_HEADING = _("Status and consent")
CONSENT_NARRATIVE_HEADING = _("Narrative")
