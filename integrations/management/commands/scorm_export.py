"""manage.py scorm_export PAGE [--send-score] [--title T] [--output FILE]: a SCORM 1.2 launcher
package for a course or module (integrations/scorm.py), as the admin's "SCORM package" makes."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from integrations import scorm


class Command(BaseCommand):
    help = "Make a SCORM 1.2 launcher package (a zip) for a course or module page."

    def add_arguments(self, parser):
        parser.add_argument("page", help="the page's id, or its URL path such as /courses/x/")
        parser.add_argument(
            "--send-score",
            action="store_true",
            help="also send the knowledge-check score (0 to 100) with completion",
        )
        parser.add_argument("--title", default="", help="the title in the LMS (the page's)")
        parser.add_argument("--output", "-o", help="where to write the zip (a name of its own)")

    def find_page(self, wanted):
        if wanted.isdigit():
            page = Page.objects.filter(pk=int(wanted)).first()
        else:
            path = "/" + wanted.strip("/") + "/"
            page = next((p for p in Page.objects.live() if p.url == path), None)
        if page is None:
            raise CommandError(f"No page {wanted!r}.")
        if scorm.target_of(page) is None:
            raise CommandError(f"{page.title!r} is not a course or a module.")
        return page

    def handle(self, page, send_score, title, output, **options):
        found = self.find_page(page)
        if len(title) > 200:
            raise CommandError("The title has more than 200 characters.")
        package = scorm.make_package(found, send_score=send_score, title=title)
        target = Path(output or scorm.file_name(package))
        try:
            target.write_bytes(scorm.build_package(package))
        except OSError as problem:
            package.delete()
            raise CommandError(f"Could not write {target}: {problem.strerror}.") from problem
        self.stdout.write(f"Wrote {target} ({package.title}; score sent: {package.send_score}).")
