"""What /stories/ lists for one person: every story they may see (narratives.available_to:
consent in force, and public consent for visitors), never one in a topic they hide, narrowed by
the filters, searched and ranked, sorted and paginated.

Search goes through Wagtail's search backend (PostgreSQL's full-text search on PostgreSQL,
SQLite's FTS5 on SQLite) over the title, narrator, summary, transcript and text. The backend
ranks the stories that match the words; the filters are then applied by the database in one
query, keeping the ranking. The number of queries does not grow with the catalogue.
"""

from dataclasses import dataclass

from wagtail.search.backends import get_search_backend

from narratives.catalogue import matching
from narratives.models import Narrative

from .filters import PER_PAGE, Sort

ORDERING = {
    Sort.TITLE: ("title", "id"),
    Sort.SHORTEST: ("duration", "title", "id"),
    Sort.NEWEST: ("-first_published_at", "title", "id"),
}


class PageOutOfRange(Exception):
    def __init__(self, number, pages):
        super().__init__(number)
        self.number, self.pages = number, pages


@dataclass
class Results:
    stories: list  # the narratives on this page, in order, with themes and warnings loaded
    count: int
    number: int
    pages: int

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.pages

    @property
    def first_index(self):
        return (self.number - 1) * PER_PAGE + 1 if self.count else 0

    @property
    def last_index(self):
        return self.first_index + len(self.stories) - 1 if self.count else 0


def _ranked(query, stories, sort):
    """`stories` that match every word of `query`, through the search backend: best match
    first, or in the order `sort` names. The filters go into the search as a subquery on the
    pk (a filter field), so the backend ranks and counts in the database."""
    within = Narrative.objects.filter(id__in=stories.values("pk")).only("pk")
    if sort != Sort.RELEVANCE:
        within = within.order_by(*ORDERING[sort])
    return get_search_backend().search(
        query, within, operator="and", order_by_relevance=sort == Sort.RELEVANCE
    )


def browse(user, story_filter, query="", sort=Sort.TITLE, page=1):
    """The page `page` of what this person finds; PageOutOfRange past the last page."""
    stories = matching(Narrative.objects.available_to(user), story_filter)
    if query:
        found = _ranked(query, stories, sort)
        count = found.count()
    else:
        found = stories.order_by(*ORDERING.get(sort, ORDERING[Sort.TITLE])).values_list(
            "pk", flat=True
        )
        count = found.count()
    pages = max(1, -(-count // PER_PAGE))
    if page > pages:
        raise PageOutOfRange(page, pages)
    start = (page - 1) * PER_PAGE
    window = found[start : start + PER_PAGE]
    page_ids = [story.pk for story in window] if query else list(window)
    loaded = (
        Narrative.objects.filter(pk__in=page_ids)
        .prefetch_related("themes", "warnings__warning")
        .in_bulk()
    )
    return Results(
        stories=[loaded[pk] for pk in page_ids if pk in loaded],
        count=count,
        number=page,
        pages=pages,
    )
