"""manage.py lti_register_platform: register an LMS (LTI 1.3 platform) as Settings → LTI platforms
does, and print the addresses to give the LMS."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from integrations.lti import registration


class Command(BaseCommand):
    help = "Register an LTI 1.3 platform (an LMS) and its deployment ids."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="what to call it, e.g. 'Moodle'")
        parser.add_argument("--issuer", required=True, help="the platform's issuer (its address)")
        parser.add_argument("--client-id", required=True, help="the client id the LMS gave")
        parser.add_argument("--auth-url", required=True, help="its authentication request URL")
        parser.add_argument("--token-url", required=True, help="its access token URL")
        parser.add_argument("--keyset-url", required=True, help="its public keyset (JWKS) URL")
        parser.add_argument(
            "--deployment-id",
            action="append",
            default=[],
            required=True,
            help="a deployment id (repeat for several)",
        )

    def handle(self, **options):
        try:
            found = registration.save(
                name=options["name"],
                issuer=options["issuer"],
                client_id=options["client_id"],
                auth_url=options["auth_url"],
                token_url=options["token_url"],
                keyset_url=options["keyset_url"],
                deployment_ids=options["deployment_id"],
            )
        except ValidationError as problem:
            raise CommandError("; ".join(problem.messages)) from problem
        self.stdout.write(f"Registered {found.name} ({found.uuid}). Give the LMS:")
        for label, url in registration.tool_addresses(settings.SITE_BASE_URL, found).items():
            self.stdout.write(f"  {label}: {url}")
