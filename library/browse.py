"""What /stories/ lists for one person: every story they may see (narratives.available_to:
consent in force, and public consent for visitors), never one in a topic they hide, narrowed by
the filters, searched and ranked, sorted and paginated.

Search goes through Wagtail's search backend (PostgreSQL's full-text search on PostgreSQL,
SQLite's FTS5 on SQLite) over the title, narrator, summary, transcript and text. The backend
ranks the stories that match the words; the filters are then applied by the database in one
query, keeping the ranking. The number of queries does not grow with the catalogue.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from wagtail.search.backends import get_search_backend

from narratives.catalogue import matching
from narratives.models import Narrative

from .filters import PER_PAGE, Sort

MAX_SEARCH_RESULTS = 5000
ORDERING = {
    Sort.TITLE: ("title", "pk"),
    Sort.SHORTEST: ("duration", "title", "pk"),
    Sort.NEWEST: ("-first_published_at", "title", "pk"),
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


def search_ids(query):
    """The pks of live narratives matching every word of `query`, best match first."""
    backend = get_search_backend()
    found = backend.search(query, Narrative.objects.filter(live=True).only("pk"), operator="and")
    return [story.pk for story in found[:MAX_SEARCH_RESULTS]]


def browse(user, story_filter, query="", sort=Sort.TITLE, page=1):
    """The page `page` of what this person finds; PageOutOfRange past the last page."""
    stories = matching(Narrative.objects.available_to(user), story_filter)
    if query:
        ranked = search_ids(query)
        if sort == Sort.RELEVANCE:
            kept = set(stories.filter(pk__in=ranked).values_list("pk", flat=True))
            ids = [pk for pk in ranked if pk in kept]
        else:
            ids = list(
                stories.filter(pk__in=ranked).order_by(*ORDERING[sort]).values_list("pk", flat=True)
            )
    else:
        ids = list(
            stories.order_by(*ORDERING.get(sort, ORDERING[Sort.TITLE])).values_list("pk", flat=True)
        )
    paginator = Paginator(ids, PER_PAGE, allow_empty_first_page=True)
    if page > paginator.num_pages:
        raise PageOutOfRange(page, paginator.num_pages)
    page_ids = paginator.page(page).object_list
    loaded = (
        Narrative.objects.filter(pk__in=page_ids)
        .prefetch_related("themes", "warnings__warning")
        .in_bulk()
    )
    return Results(
        stories=[loaded[pk] for pk in page_ids if pk in loaded],
        count=paginator.count,
        number=page,
        pages=paginator.num_pages,
    )
