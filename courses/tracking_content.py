"""What tracking's narrative player asks of courses (tracking.player.content.PageContent): a
page view's enrolment and module, and the narratives a module page may play. Registered from
CoursesConfig.ready()."""

from narratives.models import Narrative
from tracking.player.content import PageContent, register_page_content

from . import viewing
from .body import LIBRARY_CHOICE, NARRATIVE, module_body
from .models import Enrolment, ModulePage


class CoursePageContent(PageContent):
    def enrolment(self, user, enrolment_uuid):
        return (
            Enrolment.objects.select_related("course")
            .filter(uuid=enrolment_uuid, user=user)
            .first()
        )

    def module(self, enrolment, module_id):
        module = ModulePage.objects.live().filter(pk=module_id).first()
        course = enrolment.course
        if (
            module is None
            or not course.live
            or not module.path.startswith(course.path)
            or module.depth != course.depth + 1
        ):
            return None
        return module

    def narratives(self, module, *, modalities, wanted=None):
        candidates = Narrative.objects.available().filter(modality__in=modalities)
        if wanted is not None:
            candidates = candidates.filter(uuid__in=wanted)
        found = {str(n.uuid): n for n in candidates}
        named = set(module.narrative_ids())
        offered = {key: n for key, n in found.items() if n.pk in named}
        if len(offered) < len(found):
            # Alternatives to the narratives named, and the stories a library block offers: the
            # slots' options, as the page has them.
            options = set()
            for block in module_body(module).of_type(NARRATIVE, LIBRARY_CHOICE):
                slot = viewing.slot_options(module, block.id)
                options.update(slot.options if slot else ())
            offered.update({key: n for key, n in found.items() if n.pk in options})
        return offered


register_page_content(CoursePageContent())
