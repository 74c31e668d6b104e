"""What the assessments tell the apps below them, through their registries. Called once, from
AssessmentsConfig.ready():

- courses.course_page: the questionnaires offered on an enrolled learner's course page, and the
  course editor's "Attitude questionnaires" panel (CourseQuestionnaires, a child of the page);
- courses.module_page: a learner's reflections and knowledge-check answers on a module page;
- courses.requirements: completing a module asks for its required reflections submitted and
  its knowledge checks answered.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import InlinePanel

from courses.course_page import register_course_page_panel, register_course_page_part
from courses.module_page import register_module_page_part
from courses.requirements import register_requirement

from .knowledge import checks as knowledge_checks
from .questionnaires.per_course import RELATION as QUESTIONNAIRES
from .questionnaires.timepoints import course_page_part
from .reflections import rules as reflections

# At most one CourseQuestionnaires per course: "Add" shows the three questionnaires and the weeks.
QUESTIONNAIRES_PANEL = InlinePanel(
    QUESTIONNAIRES,
    heading=_("Attitude questionnaires"),
    label=_("Questionnaires"),
    min_num=0,
    max_num=1,
    classname="collapsed",
)


def register_all():
    register_course_page_part(course_page_part)
    register_course_page_panel(QUESTIONNAIRES_PANEL)
    register_module_page_part(reflections.learner_state)
    register_module_page_part(knowledge_checks.learner_state)
    register_requirement(
        reflections.REFLECTION_BLOCK_TYPE,
        reflections.submitted_block_ids,
        required=reflections.is_required,
    )
    register_requirement(
        knowledge_checks.KNOWLEDGE_CHECK_BLOCK_TYPE, knowledge_checks.answered_block_ids
    )
