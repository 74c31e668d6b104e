"""What tracking asks the library (tracking.player.content.LibraryContent): which story a
library page view may record playback of, and the words of a feedback question for its
activity description. Registered in LibraryConfig.ready()."""

from narratives.models import Narrative
from tracking.player.content import LibraryContent

from .feedback import BY_KEY, SCALE


class StoriesContent(LibraryContent):
    def narrative(self, user, narrative_uuid):
        return (
            Narrative.objects.available_to(user)
            .filter(uuid=narrative_uuid)
            .select_related("consent")
            .first()
        )

    def feedback_question(self, key):
        question = BY_KEY.get(key)
        return (
            (str(question.text), [(value, str(label)) for value, label in SCALE])
            if question
            else None
        )
