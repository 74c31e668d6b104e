"""The library's parts of a person's data export (core/personal_data.py): the stories they
opened from the library and their answers to the feedback questions. Registered in
LibraryConfig.ready()."""

from core.personal_data import Provider, register, when

from .models import StoryFeedback, StoryProgress


@register
class LibraryStories(Provider):
    """The stories they opened from the library, and how far they got."""

    name = "library_stories"
    models = ("library.StoryProgress",)
    order = 60

    def rows(self, owner):
        return (
            StoryProgress.objects.filter(user=owner)
            .select_related("narrative")
            .order_by("narrative__title", "pk")
        )

    def row(self, progress):
        return {
            "story": progress.narrative.title,
            "status": progress.get_status_display(),
            "finished": when(progress.finished_at),
            "updated": when(progress.updated_at),
        }


@register
class LibraryFeedback(Provider):
    """Their answers to the questions after a story."""

    name = "library_feedback"
    models = ("library.StoryFeedback",)
    order = 61

    def rows(self, owner):
        return (
            StoryFeedback.objects.filter(user=owner)
            .select_related("narrative")
            .order_by("narrative__title", "question", "pk")
        )

    def row(self, answer):
        return {
            "story": answer.narrative.title,
            "question": str(answer.get_question_display()),
            "answer": answer.value,
            "updated": when(answer.updated_at),
        }
