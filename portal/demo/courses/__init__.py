"""The demo courses, written for Storybridge in plain language.

One module per course; the blocks they share are in shared.py.

Module bodies are lists of (block type, value) pairs in the shape of courses/blocks/. Narrative
blocks name a narrative by its title in portal/demo/narratives.py; `load_demo` swaps in the id.
Pages are found again by slug, so re-running the command updates them in place.
"""

from .care_assistant import CARE_ASSISTANT_COURSE
from .trainee import TRAINEE_COURSE

INDEX = {
    "slug": "courses",
    "title": "Courses",
    "intro": (
        "<p>Short courses built around people's own stories of mental health and recovery. "
        "These are demo courses: the stories in them are illustrative.</p>"
    ),
}

COURSES = [CARE_ASSISTANT_COURSE, TRAINEE_COURSE]
