"""`manage.py load_demo`: the demo courses, narratives, site settings and (in development) users.

Safe to run again: everything is found by a fixed slug, UUID, title or username and updated in
place. It all happens in one transaction, so a failure half-way leaves nothing behind.
"""

import hashlib
from datetime import timedelta
from pathlib import Path
from uuid import UUID, uuid5

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from wagtail.models import Page, Site
from wagtailmedia.models import get_media_model

from assessments.models import (
    CourseQuestionnaires,
    Instrument,
    InstrumentItem,
    ScalePoint,
    Subscale,
)
from assessments.questionnaires.models import validate_instrument
from core.models import HomePage, StorybridgeSettings
from courses.models import CourseIndexPage, CoursePage, LearningOutcome, ModulePage
from narratives.models import (
    CharacterisationValue,
    Consent,
    ContentWarning,
    Narrative,
    NarrativeContentWarning,
    Theme,
)
from portal.demo import courses as course_content
from portal.demo import questionnaires as questionnaire_content
from portal.demo import site as site_content
from portal.demo.learners import simulate_learners
from portal.demo.narratives import (
    ATTRIBUTION,
    CONSENT_NOTES,
    LICENCE,
    NARRATIVES,
    SOURCE,
)

FILES = Path(__file__).resolve().parents[2] / "demo" / "files"
# Block ids derive from this, so a module's blocks keep their ids across re-runs.
BLOCK_NAMESPACE = UUID("6a0f4d1e-3b8c-4f57-9a52-7c1e2d9b0a41")


def file_digest(opened):
    digest = hashlib.sha256()
    for chunk in iter(lambda: opened.read(64 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = (
        "Load the demo courses, narratives and site settings, plus demo users when "
        "STORYBRIDGE_DEMO_USERS is on. Safe to run again: it updates the demo in place."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--learners",
            type=int,
            default=0,
            metavar="N",
            help=(
                "Simulate N learners working through the demo courses (default 0). "
                "The simulation arrives with the learner-journey work."
            ),
        )

    def handle(self, *args, learners=0, **options):
        if isinstance(learners, bool) or not isinstance(learners, int) or learners < 0:
            raise CommandError(
                f"--learners must be a whole number, 0 or more (you gave {learners!r}). "
                "Nothing was changed."
            )
        self.verbosity = options.get("verbosity", 1)
        self.today = timezone.localdate()
        self.new_files = []
        try:
            with transaction.atomic():
                site, home = self.default_site()
                narratives = self.load_narratives()
                questionnaire = self.load_questionnaire(questionnaire_content.COURSE_QUESTIONNAIRE)
                courses = self.load_courses(home, narratives, questionnaire)
                self.load_site_settings(site)
                self.load_users()
                self.simulate_learners(learners, courses)
        except BaseException:
            self.remove_new_files()
            raise
        self.say(self.style.SUCCESS("The demo is ready."))

    def simulate_learners(self, count, courses):
        """Plug-in point for the learner simulation (portal/demo/learners.py)."""
        simulate_learners(count, courses, self.say)

    # --- helpers ----------------------------------------------------------------------------

    def say(self, message, level=1):
        if self.verbosity >= level:
            self.stdout.write(message)

    def report(self, kind, obj, created):
        self.say(f"  {'Created' if created else 'Updated'} {kind}: {obj}", level=2)

    def summary(self, kind, created, total):
        self.say(f"{kind}: {created} created, {total - created} updated.")

    def default_site(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = site.root_page.specific if site else None
        if not isinstance(home, HomePage):
            raise CommandError(
                "The default site's root page is not Storybridge's home page. "
                "Run `manage.py migrate` on a fresh database first."
            )
        return site, home

    def store_file(self, field_file, filename):
        """Copy a shipped file into storage unless an identical copy is already there."""
        path = FILES / filename
        with path.open("rb") as shipped:
            wanted = file_digest(shipped)
            old_name = field_file.name
            storage = field_file.storage
            if old_name and storage.exists(old_name):
                with storage.open(old_name, "rb") as stored:
                    if file_digest(stored) == wanted:
                        return False
            shipped.seek(0)
            field_file.save(filename, File(shipped, name=filename), save=False)
        self.new_files.append((storage, field_file.name))
        if old_name and old_name != field_file.name:
            # Only remove the old copy once the new one is committed.
            transaction.on_commit(lambda: storage.delete(old_name))
        return True

    def remove_new_files(self):
        for storage, name in self.new_files:
            storage.delete(name)
        self.new_files = []

    def validate(self, obj):
        try:
            obj.full_clean()
        except ValidationError as error:
            raise CommandError(f"Demo data for {obj!r} is not valid: {error}") from error

    # --- narratives -------------------------------------------------------------------------

    def load_audio(self, spec):
        Media = get_media_model()
        media = Media.objects.filter(title=spec["media_title"]).first()
        created = media is None
        if created:
            media = Media(title=spec["media_title"])
        media.type = "audio"
        media.duration = spec["duration"]
        self.store_file(media.file, spec["file"])
        self.validate(media)
        media.save()
        self.report("audio file", media, created)
        return media

    def lookup(self, model, label, **filters):
        try:
            return model.objects.get(**filters)
        except model.DoesNotExist as error:
            raise CommandError(
                f"The demo needs the {label} {filters}, which is missing. It is created by "
                "the migrations: was it renamed or deleted?"
            ) from error

    def load_narratives(self):
        """Create or update every demo narrative with its consent; return {title: narrative}."""
        loaded, created_count = {}, 0
        for spec in NARRATIVES:
            narrative = Narrative.objects.filter(uuid=spec["uuid"]).first()
            created = narrative is None
            if created:
                narrative = Narrative(uuid=spec["uuid"])
            self.fill_narrative(narrative, spec)
            self.validate(narrative)
            if created:
                narrative.save()
            narrative.save_revision().publish()
            self.load_consent(narrative, spec["consent"])
            loaded[spec["title"]] = narrative
            created_count += created
            self.report("narrative", narrative, created)
        self.summary("Narratives", created_count, len(NARRATIVES))
        return loaded

    def load_consent(self, narrative, spec):
        """The narrator's consent, not withdrawn, as the demo describes it (a negative
        expires_in_days gives consent that has run out)."""
        given = self.today - timedelta(days=spec["given_days_ago"])
        consent, _ = Consent.objects.get_or_create(narrative=narrative, defaults={"given": given})
        consent.scope = spec["scope"]
        consent.given = given
        expires_in = spec["expires_in_days"]
        consent.expires = self.today + timedelta(days=expires_in) if expires_in else None
        consent.withdrawn = None
        consent.notes = CONSENT_NOTES
        self.validate(consent)
        consent.save()

    def fill_narrative(self, narrative, spec):
        narrative.title = spec["title"]
        narrative.narrator_pseudonym = spec["narrator_pseudonym"]
        narrative.summary = spec["summary"]
        narrative.modality = spec["modality"]
        narrative.language = spec.get("language", "en")
        narrative.text_body = spec.get("text_body", "")
        narrative.transcript = spec.get("transcript", "")
        narrative.embed_url = spec.get("embed_url", "")
        seconds = spec.get("duration_seconds")
        narrative.duration = timedelta(seconds=seconds) if seconds else None
        narrative.source = SOURCE
        narrative.attribution = spec.get("attribution", ATTRIBUTION)
        narrative.licence = LICENCE
        narrative.last_reviewed = self.today - timedelta(days=spec["reviewed_days_ago"])

        audio = spec.get("audio")
        if audio:
            narrative.media = self.load_audio(audio)
            self.store_file(narrative.captions, audio["captions"])
        else:
            narrative.media = None
            narrative.captions = ""
        self.fill_narrative_tags(narrative, spec)

    def fill_narrative_tags(self, narrative, spec):
        """Its themes, characterisation and content warnings, from the migrations' lists."""
        narrative.themes = [
            self.lookup(Theme, "theme", slug=slug) for slug in spec.get("themes", [])
        ]
        narrative.characterisation = [
            self.lookup(
                CharacterisationValue,
                "characterisation value",
                dimension__name=dimension,
                value=value,
            )
            for dimension, values in spec.get("characterisation", {}).items()
            for value in values
        ]
        narrative.warnings = [
            NarrativeContentWarning(
                warning=self.lookup(ContentWarning, "content warning", slug=slug),
                note=note,
                timestamp=timestamp,
                sort_order=order,
            )
            for order, (slug, note, timestamp) in enumerate(spec.get("warnings", []))
        ]

    # --- questionnaires ---------------------------------------------------------------------

    def load_questionnaire(self, spec):
        """Create or update the demo instrument, found by name and version. Children are updated
        in place (items by their fixed UUIDs), so answers already given keep their items."""
        instrument = Instrument.objects.filter(name=spec["name"], version=spec["version"]).first()
        created = instrument is None
        if created:
            instrument = Instrument(name=spec["name"], version=spec["version"])
        items = self.fill_instrument(instrument, spec)
        instrument.save()
        self.sync_instrument_rows(instrument, spec, items)
        self.report("questionnaire", instrument, created)
        self.say(
            f"Questionnaire: {instrument} {'created' if created else 'updated'}, "
            f"{len(items)} items."
        )
        return instrument

    def fill_instrument(self, instrument, spec):
        """Set the instrument's fields and check it with its scale, items and subscales, as the
        admin does; return its items (unsaved)."""
        for name in (
            "introduction",
            "citation",
            "licence_note",
            "scoring_rule",
            "higher_is_better",
            "min_answered_fraction",
            "reliability",
        ):
            setattr(instrument, name, spec[name])
        items = [
            InstrumentItem(uuid=uuid, text=text, reverse_scored=rev, subscale=sub, required=req)
            for uuid, text, rev, sub, req in spec["items"]
        ]
        try:
            validate_instrument(
                instrument,
                [value for _label, value in spec["scale"]],
                items,
                [key for key, _name in spec["subscales"]],
            )
        except ValidationError as error:
            raise CommandError(f"The demo questionnaire is not valid: {error}") from error
        self.validate(instrument)
        return items

    def sync_instrument_rows(self, instrument, spec, items):
        """Its scale points, subscales and items, updated in place; rows the demo no longer has
        are deleted (refused if someone answered them)."""

        def sync(model, rows, lookup):
            kept = []
            for order, (key, fields) in enumerate(rows):
                child, _ = model.objects.update_or_create(
                    instrument=instrument, **{lookup: key}, defaults={**fields, "sort_order": order}
                )
                kept.append(child.pk)
            try:
                model.objects.filter(instrument=instrument).exclude(pk__in=kept).delete()
            except ProtectedError as error:
                raise CommandError(
                    f"The demo questionnaire '{instrument}' has answers to rows the demo no longer "
                    "has. Give the demo questionnaire a new version instead of removing items."
                ) from error

        sync(ScalePoint, [(value, {"label": label}) for label, value in spec["scale"]], "value")
        sync(Subscale, [(key, {"name": name}) for key, name in spec["subscales"]], "key")
        sync(
            InstrumentItem,
            [
                (
                    item.uuid,
                    {
                        "text": item.text,
                        "reverse_scored": item.reverse_scored,
                        "subscale": item.subscale,
                        "required": item.required,
                    },
                )
                for item in items
            ],
            "uuid",
        )

    # --- pages ------------------------------------------------------------------------------

    def upsert_page(self, parent, model, slug, fields, relations=None):
        """Create or update the `model` page with `slug` under `parent`, and publish it."""
        page = model.objects.child_of(parent).filter(slug=slug).first()
        created = page is None
        if created and Page.objects.child_of(parent).filter(slug=slug).exists():
            raise CommandError(
                f"'{parent.title}' already has a page with the slug '{slug}' that is not a "
                f"{model._meta.verbose_name}. Rename or move it, then run load_demo again."
            )
        if created:
            page = model(slug=slug)
        for name, value in {**fields, **(relations or {})}.items():
            setattr(page, name, value)
        if created:
            parent.add_child(instance=page)
        page.save_revision().publish()
        self.report(model._meta.verbose_name, page, created)
        return page, created

    def load_courses(self, home, narratives, questionnaire):
        index_spec = course_content.INDEX
        index, created_count = self.upsert_page(
            home,
            CourseIndexPage,
            index_spec["slug"],
            {"title": index_spec["title"], "intro": index_spec["intro"]},
        )
        courses, pages = [], 1
        for spec in course_content.COURSES:
            course, created = self.load_course(index, spec, narratives, questionnaire)
            courses.append(course)
            pages += len(created)
            created_count += sum(created)
        self.summary("Course and module pages", created_count, pages)
        return courses

    def load_course(self, index, spec, narratives, questionnaire):
        """One course page and its modules: (course, [created?] for it and each module)."""
        course, created = self.upsert_page(
            index,
            CoursePage,
            spec["slug"],
            {
                "title": spec["title"],
                "summary": spec["summary"],
                "audience": spec["audience"],
                "estimated_minutes": spec["estimated_minutes"],
            },
            {
                "learning_outcomes": [LearningOutcome(text=text) for text in spec["outcomes"]],
                "questionnaires": [
                    CourseQuestionnaires(
                        baseline_questionnaire=questionnaire,
                        post_questionnaire=questionnaire,
                        follow_up_questionnaire=questionnaire,
                        follow_up_weeks=questionnaire_content.FOLLOW_UP_WEEKS,
                    )
                ],
            },
        )
        created = [created]
        for module_spec in spec["modules"]:
            _, module_created = self.upsert_page(
                course,
                ModulePage,
                module_spec["slug"],
                {
                    "title": module_spec["title"],
                    "intro": module_spec["intro"],
                    "estimated_minutes": module_spec["estimated_minutes"],
                    "body": self.stream_data(module_spec, narratives),
                },
            )
            created.append(module_created)
        return course, created

    def stream_data(self, module_spec, narratives):
        """The module body as StreamField data, with narrative titles swapped for ids."""

        def narrative_id(title):
            try:
                return narratives[title].pk
            except KeyError as error:
                raise CommandError(f"No demo narrative is called '{title}'.") from error

        data = []
        for position, (block_type, value) in enumerate(module_spec["body"]):
            if block_type == "narrative":
                value = {**value, "narrative": narrative_id(value["narrative"])}
            elif block_type == "narrative_choice":
                value = {
                    **value,
                    "narratives": [narrative_id(t) for t in value["narratives"]],
                    "story_words": [
                        {**words, "narrative": narrative_id(words["narrative"])}
                        for words in value.get("story_words", [])
                    ],
                }
            elif block_type == "library_choice":
                value = {**value, "filters": self.library_filters(value.get("filters", {}))}
            elif block_type == "knowledge_check" and value.get("about_narrative"):
                value = {**value, "about_narrative": narrative_id(value["about_narrative"])}
            block_id = uuid5(BLOCK_NAMESPACE, f"{module_spec['slug']}/{position}")
            data.append({"type": block_type, "value": value, "id": str(block_id)})
        return data

    def library_filters(self, filters):
        """A library block's filters with theme and content-warning domain slugs as pks."""
        themes = [str(self.lookup(Theme, "theme", slug=s).pk) for s in filters.get("themes", [])]
        without = [
            str(self.lookup(ContentWarning, "content warning", slug=s, domain__isnull=True).pk)
            for s in filters.get("without_topics", [])
        ]
        return {
            "themes": themes,
            "formats": list(filters.get("formats", [])),
            "lengths": list(filters.get("lengths", [])),
            "language": filters.get("language", ""),
            "characterisation": [],
            "without_topics": without,
        }

    # --- site settings and users ------------------------------------------------------------

    def load_site_settings(self, site):
        spec = site_content.SETTINGS
        site_settings = StorybridgeSettings.for_site(site)
        site_settings.organisation_name = spec["organisation_name"]
        site_settings.contact_email = spec["contact_email"]
        site_settings.contact_phone = spec["contact_phone"]
        site_settings.support_intro = spec["support_intro"]
        site_settings.support_resources = [
            {"type": "resource", "value": resource, "id": str(uuid5(BLOCK_NAMESPACE, name))}
            for resource, name in ((r, f"support/{r['name']}") for r in spec["support_resources"])
        ]
        site_settings.readability_target_grade = spec["readability_target_grade"]
        self.validate(site_settings)
        site_settings.save()
        self.say(f"Site settings: placeholders filled in for {site}.")

    def load_users(self):
        if not settings.STORYBRIDGE_DEMO_USERS:
            self.say(
                "Demo users: none created, because STORYBRIDGE_DEMO_USERS is off "
                "(only development settings turn it on)."
            )
            return
        User = get_user_model()
        created_count = 0
        for username, password, group_names, is_staff, is_superuser in site_content.USERS:
            groups = [self.lookup(Group, "group", name=name) for name in group_names]
            user, created = User.objects.get_or_create(username=username)
            user.email = f"{username}@example.org"
            user.first_name, user.last_name = "Demo", username.title()
            user.is_active, user.is_staff, user.is_superuser = True, is_staff, is_superuser
            user.set_password(password)
            user.save()
            user.groups.set(groups)
            # Both sign-in pages need a verified address; demo ones get no mail. Also for an
            # account of that name made before (`createsuperuser admin`), which has none.
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            created_count += created
            self.report("user", username, created)
        self.summary("Demo users", created_count, len(site_content.USERS))
