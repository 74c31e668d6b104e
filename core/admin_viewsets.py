"""What several Wagtail admin viewsets share."""


class OnlyTheseViewsMixin:
    """For a ModelViewSet whose rows are made elsewhere (a record kept by the code, a package made
    from a page): only the views named in `views` exist, and no page links to the others."""

    views = ("index", "index_results")
    OPTIONAL = ("add", "edit", "delete", "history", "usage")

    def get_common_view_kwargs(self, **kwargs):
        gone = {f"{name}_url_name": None for name in self.OPTIONAL if name not in self.views}
        return super().get_common_view_kwargs(**{**gone, **kwargs})

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in self.views]
