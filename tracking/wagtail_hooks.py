"""Wagtail admin registration: the "xAPI statements" menu item and its views
(tracking/admin_views.py), shown only to people allowed to see statements."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from .admin_views import (
    VIEWSET_NAME,
    StatementDetailView,
    StatementIndexView,
    can_view_statements,
    replay,
)


class StatementsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_statements(request.user)


class StatementViewSet(ViewSet):
    icon = "list-ul"
    menu_label = _("xAPI statements")
    menu_order = 900
    add_to_admin_menu = True
    menu_item_class = StatementsMenuItem

    def get_urlpatterns(self):
        return [
            path("", StatementIndexView.as_view(), name="index"),
            path("<uuid:statement_id>/", StatementDetailView.as_view(), name="detail"),
            path("retry/", replay, name="replay"),
        ]


@hooks.register("register_admin_viewset")
def register_statement_viewset():
    return StatementViewSet(VIEWSET_NAME, url_prefix="xapi-statements")
