from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Consent


class NarrativeForm(WagtailAdminModelForm):
    """Refuses to publish a narrative whose narrator's consent is not in force."""

    def clean(self):
        cleaned_data = super().clean()
        if self.is_publishing():
            status = self.instance.consent_status() if self.instance.pk else Consent.Status.MISSING
            if status != Consent.Status.ACTIVE:
                self.add_error(None, publish_blocked_message(status))
        values = cleaned_data.get("characterisation") or []
        seen = {}
        for value in values:
            dimension = value.dimension
            if not dimension.allow_multiple and dimension.pk in seen:
                self.add_error(
                    "characterisation",
                    _("Choose only one value for '%(dimension)s'.") % {"dimension": dimension},
                )
            seen[dimension.pk] = value
        return cleaned_data

    def is_publishing(self):
        """Publishing, or approving in the panel review (whose approval publishes)."""
        if "action-publish" in self.data:
            return True
        return bool(self.data.get("action-workflow-action")) and (
            self.data.get("workflow-action-name") == "approve"
        )


def publish_blocked_message(status):
    messages = {
        Consent.Status.MISSING: _(
            "This narrative cannot be published until the narrator's consent is recorded. "
            "Save it as a draft, then add a consent record under Narrative library → Consent."
        ),
        Consent.Status.EXPIRED: _(
            "The narrator's consent has expired, so this narrative cannot be published. "
            "Record renewed consent first."
        ),
        Consent.Status.WITHDRAWN: _(
            "The narrator has withdrawn consent, so this narrative cannot be published."
        ),
        Consent.Status.NOT_YET: _(
            "The narrator's consent is not in force yet, so this narrative cannot be published."
        ),
    }
    return messages[status]
