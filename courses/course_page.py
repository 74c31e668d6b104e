"""What apps above courses add to an enrolled learner's course page (the questionnaires, say).

A registry filled in each app's AppConfig.ready(): courses never imports them. A part is a
function (enrolment, course, progress) -> dict of template context, where `progress` is the
course page's list of ModuleStates.
"""

_parts = []


def register_course_page_part(part):
    if part not in _parts:
        _parts.append(part)
    return part


def course_page_context(enrolment, course, progress):
    context = {}
    for part in _parts:
        context.update(part(enrolment, course, progress))
    return context
