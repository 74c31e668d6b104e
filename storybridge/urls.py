from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve as static_serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import page_cache, wagtail_reports
from core import views as core_views
from narratives import views as narrative_views
from portal import views as portal_views
from portal.accounts import views as account_views
from portal.accounts.mfa import AdminLoginView

urlpatterns = [
    # Ahead of Wagtail's own: its "forgotten password" page, with the learner page's limits.
    path(
        "admin/password_reset/",
        account_views.AdminPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    # Wagtail's sign-in page, finishing through allauth's steps (the second factor).
    path("admin/login/", AdminLoginView.as_view(), name="wagtailadmin_login"),
    # Wagtail's reports with their exports neutralised: before Wagtail's own routes to them.
    path("admin/reports/", include(wagtail_reports)),
    # Wagtail's admin, less its own sign-in view (replaced above: one sign-in page, not two).
    path(
        "admin/",
        include(
            [
                pattern
                for pattern in wagtailadmin_urls.urlpatterns
                if getattr(pattern, "name", None) != "wagtailadmin_login"
            ]
        ),
    ),
    path("documents/", include(wagtaildocs_urls)),
    # Narrative files, checked on every request; editors' links to them (narratives/files.py).
    path("", include("narratives.urls")),
    path(
        settings.PROTECTED_MEDIA_URL.strip("/") + "/<path:name>",
        narrative_views.editor_file_view,
        name="protected_media",
    ),
    path("healthz", core_views.health, name="health"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    # Before Wagtail's page patterns (added last), which would otherwise route these as pages.
    path("", include("courses.urls")),
    path("", include("assessments.urls")),
    path("", include("library.urls")),
    path("", include("tracking.urls")),
    # Ahead of allauth's own "confirm your email address" page, which had no way on.
    path(
        "accounts/confirm-email/",
        account_views.confirm_email_sent,
        name="account_email_verification_sent",
    ),
    path(
        "accounts/confirm-email/change-address/",
        account_views.change_unconfirmed_email,
        name="account_change_unconfirmed_email",
    ),
    path("", include("integrations.urls")),
    path("accounts/", include("allauth.urls")),
    path("profile/", include("portal.accounts.urls")),
    path("preferences/", include("narratives.preferences.urls")),
]

if settings.STORYBRIDGE_BENCH_FLOOR:
    urlpatterns.append(path("bench/floor/", portal_views.bench_floor, name="bench_floor"))
    # The same floor for files: Django's own static-file view through the same middleware, for
    # media.gated_vs_static (bench/media.py). STATIC_ROOT holds nothing private.
    urlpatterns.append(
        path(
            "bench/floor/static/<path:path>",
            static_serve,
            {"document_root": settings.STATIC_ROOT},
            name="bench_floor_static",
        )
    )

if settings.DEBUG:
    # Only image renditions live here; every other upload is in PROTECTED_MEDIA_ROOT, never
    # served by path (core/protected_files.py).
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's front-end patterns, with its page-serving view replaced by the same view routing
# through the shared route cache (core/page_cache.py). `wagtail_serve` stays last, for reversing.
# Its plain sign-in page (Django's, with no limits and no verification) sends people to the
# learner sign-in instead; the name stays, as Wagtail reverses it.
for pattern in wagtail_urls.urlpatterns:
    name = getattr(pattern, "name", None)
    if name == "wagtailcore_login":
        pattern = path(
            "_util/login/",
            RedirectView.as_view(pattern_name="account_login", query_string=True),
            name=name,
        )
    if name == "wagtail_serve":
        urlpatterns.append(re_path(wagtail_urls.serve_pattern, page_cache.serve))
    urlpatterns.append(pattern)
