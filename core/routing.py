from django.apps import apps


class SpecificChildRouteMixin:
    """Routes to a child page of `routable_child_model` ("app.Model") in one query that returns
    it already specific, instead of Wagtail's two (the child, then its specific page). Other
    children fall back to Wagtail's routing."""

    routable_child_model = None

    def route(self, request, path_components):
        if path_components:
            model = apps.get_model(self.routable_child_model)
            child = model.objects.child_of(self).filter(slug=path_components[0]).first()
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)
