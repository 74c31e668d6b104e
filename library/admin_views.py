"""Wagtail admin: "Story feedback", for the narrative curators (and superusers): per story,
how many finished it in the library and how they answered the questions after it, in groups of
five or more only (library/curation.py). Registered by library/wagtail_hooks.py."""

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from core.access import NARRATIVE_CURATORS, CuratorsMenuItem, GroupRequiredMixin
from core.small_numbers import MIN_GROUP

from .curation import feedback_figures, stories_with_activity
from .feedback import QUESTIONS, SCALE

VIEWSET_NAME = "story_feedback"
PER_PAGE = 25


class StoryFeedbackView(GroupRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    required_group = NARRATIVE_CURATORS
    template_name = "library/admin/story_feedback.html"
    page_title = _("Story feedback")
    header_icon = "comment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number = self.request.GET.get("page", "1")
        if not number.isdigit() or int(number) < 1:
            raise Http404
        paginator = Paginator(stories_with_activity(), PER_PAGE)
        if int(number) > max(paginator.num_pages, 1):
            raise Http404
        page = paginator.page(int(number))
        context.update(
            page_obj=page,
            figures=feedback_figures(list(page.object_list)),
            questions=QUESTIONS,
            scale=SCALE,
            min_group=MIN_GROUP,
        )
        return context


class StoryFeedbackViewSet(ViewSet):
    icon = "comment"
    menu_label = _("Story feedback")
    menu_order = 285
    add_to_admin_menu = True
    menu_item_class = CuratorsMenuItem

    def get_urlpatterns(self):
        return [path("", StoryFeedbackView.as_view(), name="index")]
