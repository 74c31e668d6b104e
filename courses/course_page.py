"""What apps above courses add to the course page: to an enrolled learner's view of it (the
questionnaires they may answer, say), and to its editor (the course's questionnaire settings).

Two registries filled in each app's AppConfig.ready(): courses never imports those apps.
- A part is a function (enrolment, course, progress) -> dict of template context, where
  `progress` is the course page's list of ModuleStates.
- A panel is a Wagtail panel (an InlinePanel over the app's own child model of the course
  page, say), shown in the course's content tab after its own fields and before its learning
  outcomes.
"""

from django.apps import apps

_parts = []
# Where registered panels go among CoursePage.content_panels: before this relation's panel.
PANELS_BEFORE = "learning_outcomes"


def register_course_page_part(part):
    if part not in _parts:
        _parts.append(part)
    return part


def course_page_context(enrolment, course, progress):
    context = {}
    for part in _parts:
        context.update(part(enrolment, course, progress))
    return context


def register_course_page_panel(panel):
    """Add a panel to the course page's editor. Call from AppConfig.ready(), before Wagtail
    builds the page's edit handler (on the first request or system check)."""
    course_page = apps.get_model("courses", "CoursePage")
    panels = course_page.content_panels
    if panel in panels:
        return panel
    before = [i for i, p in enumerate(panels) if getattr(p, "relation_name", None) == PANELS_BEFORE]
    panels.insert(before[0] if before else len(panels), panel)
    return panel
