"""A learner with some of every kind of personal data Storybridge keeps, made through the real
rules: for the data export and erasure tests."""

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.utils import timezone
from lti_tool.models import LtiContext, LtiDeployment, LtiRegistration, LtiUser
from wagtail.admin.models import EditingSession, FormState
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.log_actions import log
from wagtail.models import (
    APIToken,
    Comment,
    CommentReply,
    PageSubscription,
    TaskState,
    UploadedFile,
)
from wagtail.users.models import UserProfile
from wagtailmedia.models import Media

from assessments.knowledge import checks as knowledge_checks
from assessments.questionnaires import answering as questionnaire_rules
from assessments.reflections import rules as reflection_rules
from courses import choices, viewing
from courses import enrolment as rules
from courses.learner_context import SESSION_SLOTS
from courses.viewing_models import Choice
from integrations import scorm
from integrations.models import LtiGrade
from library import answers as library_answers
from library import story as library_story
from narratives.models import ContentWarning
from narratives.preferences.models import ViewerPreferences
from narratives.preferences.rules import preferences_for
from tests.assessments.factories_questionnaires import answers, make_instrument, set_questionnaires
from tests.factories import CohortFactory, NarrativeFactory, UserFactory
from tracking import activities, outbox, statements
from tracking import vocabulary as v

REFLECTION = {"type": "reflection", "value": {"prompt": "What stayed with you?", "required": True}}
CHECK = {
    "type": "knowledge_check",
    "value": {
        "question": "Which of these helps?",
        "kind": "single",
        "options": [
            {"text": "Listening", "correct": True, "feedback": "<p>Yes.</p>"},
            {"text": "Hurrying", "correct": False, "feedback": "<p>No.</p>"},
        ],
    },
}


def narrative_block(narrative, block_id):
    value = {"narrative": narrative.pk, "framing": "", "discussion_prompts": []}
    return {"type": "narrative", "value": value, "id": block_id}


def learner_with_everything(course, make_module, username, text, instrument=None):
    """An enrolled learner with preferences, progress, a narrative slot they continued past its
    notice (a decision and the slot's viewing state), a submitted reflection (`text`), a
    submitted questionnaire, a knowledge-check answer, an organisation account linked to theirs
    (with a token, which the export never shows), a story finished in the library with an
    answer to its feedback questions, and their statements."""
    story = NarrativeFactory(title=f"Story for {username}")
    module = make_module(
        title=f"Module of {username}",
        body=[
            narrative_block(story, f"n-{username}"),
            {**REFLECTION, "id": f"r-{username}"},
            {**CHECK, "id": f"k-{username}"},
        ],
    )
    instrument = instrument or make_instrument()
    set_questionnaires(course, baseline=instrument)
    user = UserFactory(
        username=username,
        email=f"{username}@example.org",
        first_name=username.capitalize(),
        last_name="Tester",
        organisation=f"Ward of {username}",
        role="nursing_trainee",
    )
    cohort = CohortFactory(course=course, name=f"Cohort of {username}")
    enrolment = rules.enrol(user, course, cohort=cohort)
    questionnaire_rules.submit(enrolment, "pre", answers(instrument, 4, 2, 5, 1))
    preferences = ViewerPreferences.objects.create(user=user, warning_mode="chosen")
    preferences.domains.add(ContentWarning.objects.filter(domain__isnull=True).first())
    rules.record_visit(enrolment, module)
    rules.mark_module_complete(enrolment, module)
    slot = viewing.slot_options(module, f"n-{username}")
    choices.record_choice(enrolment, module, slot, Choice.CONTINUE, story.pk)
    reflection = reflection_rules.reflection_slot(module, f"r-{username}")
    reflection_rules.submit(enrolment, module, reflection, text)
    check = knowledge_checks.knowledge_check(module, f"k-{username}")
    knowledge_checks.record_answer(enrolment, module, check, [0])
    linked = SocialAccount.objects.create(
        user=user,
        provider="example-trust",
        uid=f"sub-of-{username}",
        extra_data={"id_token": {"sub": f"sub-of-{username}", "email": user.email}},
    )
    SocialToken.objects.create(account=linked, token=f"token-secret-of-{username}")
    lms = LtiRegistration.objects.create(
        name=f"LMS of {username}",
        issuer=f"https://lms-of-{username}.example",
        client_id="storybridge",
        auth_url=f"https://lms-of-{username}.example/auth",
        token_url=f"https://lms-of-{username}.example/token",
        keyset_url=f"https://lms-of-{username}.example/jwks",
    )
    deployment = LtiDeployment.objects.create(registration=lms, deployment_id="1", is_active=True)
    lms_course = LtiContext.objects.create(deployment=deployment, id_on_platform=f"c-{username}")
    lms_user = LtiUser.objects.create(
        registration=lms, sub=f"lms-sub-of-{username}", auth_user=user, name=username
    )
    LtiGrade.objects.create(
        user=user,
        lti_user=lms_user,
        context=lms_course,
        page=module,
        lineitem_url=f"https://lms-of-{username}.example/lineitems/1",
    )
    package = scorm.make_package(module, title=f"Package of {username}", user=user)
    scorm.launch(package, user, f"lms-id-of-{username}", f"{user.pk:032x}")
    from_library = NarrativeFactory(title=f"Library story for {username}")
    library_story.choose_as(user, from_library, Choice.EXPERIENCED, preferences_for(user))
    library_answers.save(user, from_library, {"hopeful": 4})
    outbox.record(
        statements.build(
            actor=statements.actor_for(user),
            verb=v.EXPERIENCED,
            activity=activities.module(module),
            registration=enrolment.uuid,
        ),
        user=user,
    )
    return user, enrolment, instrument


def sign_in_session(user, **data):
    """A stored session that signs `user` in, holding `data` too, as Django's login leaves it."""
    session = SessionStore()
    session.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            **data,
        }
    )
    session.create()
    return session


def person_with_everything(course, make_module, username, text, instrument=None):
    """`learner_with_everything` who is also an editor and educator, with a row in every model
    that holds a person's key: e-mail addresses (primary and secondary), a signed-in session
    holding their choices on a course they have not joined, Wagtail's profile with an avatar,
    a cohort they run, and editorial rows (pages, revisions, log entries, comments, workflow,
    uploads, edit forms, an API token), and a second factor with recovery codes. Every text
    that names them contains `username`."""
    user, enrolment, instrument = learner_with_everything(
        course, make_module, username, text, instrument=instrument
    )
    log(instance=user, action="wagtail.create")  # as when an administrator adds an account
    user.groups.add(Group.objects.get(name="Educators"))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    secondary = EmailAddress.objects.create(
        user=user, email=f"{username}.home@example.net", verified=False, primary=False
    )
    EmailConfirmation.create(secondary)
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    EmailConfirmation.objects.filter(email_address=secondary).update(sent=timezone.now())

    module = enrolment.progress.get().module
    story = NarrativeFactory(title=f"Unjoined story for {username}")
    unjoined = make_module(
        title=f"Unjoined module of {username}",
        body=[narrative_block(story, f"u-{username}")],
    )
    sign_in_session(
        user,
        **{SESSION_SLOTS: {str(unjoined.pk): {f"u-{username}": {"n": story.pk, "s": "skipped"}}}},
    )

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en-gb"
    profile.avatar = get_test_image_file(filename=f"avatar-{username}.png")
    profile.save()

    CohortFactory(course=course, name=f"Cohort run by {username}").educators.add(user)

    module.owner, module.locked, module.locked_by = user, True, user
    module.save()
    module.save_revision(user=user)
    log(instance=module, action="wagtail.edit", user=user)
    comment = Comment.objects.create(
        page=module, user=user, text=f"Comment by {username}", contentpath="title"
    )
    comment.resolved_by, comment.resolved_at = user, timezone.now()
    comment.save()
    CommentReply.objects.create(comment=comment, user=user, text=f"Reply by {username}")
    PageSubscription.objects.create(user=user, page=module, comment_notifications=True)

    edited = NarrativeFactory(title=f"Edited by {username}")
    edited.consent.updated_by = user
    edited.consent.save()
    log(instance=edited, action="wagtail.edit", user=user)
    edited.save_revision(user=user)
    edited.get_workflow().start(edited, user)
    TaskState.objects.filter(workflow_state__object_id=str(edited.pk)).update(
        finished_by=user, finished_at=timezone.now()
    )
    edited.locked, edited.locked_by, edited.locked_at = True, user, timezone.now()
    edited.save()

    Document.objects.create(
        title=f"Handout by {username}",
        file=ContentFile(b"%PDF-1.4", name=f"handout-{username}.pdf"),
        uploaded_by_user=user,
    )
    Image.objects.create(
        title=f"Picture by {username}",
        file=get_test_image_file(filename=f"picture-{username}.png"),
        uploaded_by_user=user,
    )
    Media.objects.create(
        title=f"Recording by {username}",
        file=ContentFile(b"ID3", name=f"recording-{username}.mp3"),
        type="audio",
        duration=1,
        uploaded_by_user=user,
    )
    UploadedFile.objects.create(
        file=ContentFile(b"draft", name=f"upload-{username}.txt"),
        for_content_type=ContentType.objects.get_for_model(Document),
        uploaded_by_user=user,
    )
    narrative_type = ContentType.objects.get_for_model(edited)
    EditingSession.objects.create(
        user=user,
        content_type=narrative_type,
        object_id=str(edited.pk),
        last_seen_at=timezone.now(),
    )
    FormState.objects.create(
        user=user,
        content_type=narrative_type,
        object_id=str(edited.pk),
        parent_object_id="",
        data=f"title=Draft+by+{username}",
        last_updated_at=timezone.now(),
    )
    APIToken.create_token(user=user, name=f"Token of {username}")
    LogEntry.objects.create(
        user=user,
        content_type=narrative_type,
        object_id=str(edited.pk),
        object_repr=f"Edited by {username}",
        action_flag=CHANGE,
        change_message="[]",
    )
    return user, enrolment, instrument
