"""Wagtail admin for SCORM packages: "SCORM package" in the actions of a course or module page
(who may edit the page may make one: choose its title and whether the score is sent, download
the zip), and Settings → SCORM packages (each package again, or withdrawn by deleting it).
Registered by integrations/wagtail_hooks.py."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from . import scorm
from .models import ScormPackage


def _page_for(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if scorm.target_of(page) is None:
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def zip_response(package):
    response = HttpResponse(scorm.build_package(package), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{scorm.file_name(package)}"'
    return response


class PackageForm(forms.Form):
    title = forms.CharField(
        label=_("Title in the LMS"),
        max_length=200,
        help_text=_("What learners see in the learning system's list."),
    )
    send_score = forms.BooleanField(
        label=_("Send the knowledge-check score"),
        required=False,
        help_text=_(
            "With completion, also send the share of knowledge-check questions answered right "
            "(0 to 100). Nothing else ever leaves Storybridge: never attitude answers or "
            "reflections."
        ),
    )


class MakePackageView(WagtailAdminTemplateMixin, FormView):
    """GET: the choices; POST: a new package, downloaded at once."""

    form_class = PackageForm
    template_name = "integrations/scorm/make_package.html"
    page_title = _("SCORM package")
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        self.page = _page_for(request, kwargs["page_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"title": self.page.title}

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.page, **kwargs)

    def form_valid(self, form):
        package = scorm.make_package(
            self.page,
            send_score=form.cleaned_data["send_score"],
            title=form.cleaned_data["title"],
            user=self.request.user,
        )
        return zip_response(package)


def download_package(request, pk):
    package = get_object_or_404(ScormPackage, pk=pk)
    _page_for(request, package.page_id)
    return zip_response(package)


class ScormPackageMenuItem(PageMenuItem):
    label = _("SCORM package")
    icon_name = "download"

    def is_shown(self, user):
        return scorm.target_of(self.page) is not None and (
            self.page.permissions_for_user(user).can_edit()
        )

    @property
    def url(self):
        return reverse("scorm_package_new", args=[self.page.pk])


def urlpatterns():
    return [
        path("scorm/new/<int:page_id>/", MakePackageView.as_view(), name="scorm_package_new"),
        path("scorm/download/<int:pk>/", download_package, name="scorm_package_download"),
    ]
