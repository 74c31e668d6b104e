"""The parts of a person's data export that core and the third-party apps hold: their account,
e-mail addresses, sessions, Wagtail profile, what happened to their account, and, for editors,
their editorial activity. Registered in CoreConfig.ready(); see core/personal_data.py."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail.admin.models import EditingSession, FormState
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    APIToken,
    Comment,
    CommentReply,
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageSubscription,
    Revision,
    TaskState,
    UploadedFile,
    WorkflowState,
)
from wagtail.users.models import UserProfile
from wagtailmedia.models import get_media_model

from core.personal_data import Provider, fields_of, register, when
from core.pseudonyms import pseudonym

from .sessions import end_sessions, sessions_of


def _type(content_type):
    return str(content_type.name) if content_type else None


def _delete_file_on_commit(field_file):
    """Delete a stored file once the erasure is committed (not before: it may roll back)."""
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


def _about_account(user):
    """Wagtail's log of what editors did to this account (an object log, not a key)."""
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(get_user_model()),
        object_id=str(user.pk),
    )


@register
class Account(Provider):
    name = "account"
    # The user row itself, with its groups and permissions.
    models = ("core.User_groups", "core.User_user_permissions")
    single = True
    order = 10

    def rows(self, owner):
        return [owner]

    def row(self, user):
        return {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "role": user.get_role_display() if user.role else "",
            "organisation": user.organisation,
            "date_joined": when(user.date_joined),
            "last_login": when(user.last_login),
            "pseudonym": pseudonym(user.pk),
            "groups": sorted(group.name for group in user.groups.all()),
            "own_permissions": sorted(
                f"{permission.content_type.app_label}.{permission.codename}"
                for permission in user.user_permissions.select_related("content_type")
            ),
        }


@register
class SecondFactors(Provider):
    """The second factors they set up (an authenticator app, recovery codes): which, when set up
    and last used; never the secret or the codes."""

    name = "second_factors"
    models = ("mfa.Authenticator",)
    order = 21

    def rows(self, owner):
        return Authenticator.objects.filter(user=owner).order_by("type", "pk")

    def row(self, authenticator):
        return {
            "type": str(authenticator.get_type_display()),
            "set_up": when(authenticator.created_at),
            "last_used": when(authenticator.last_used_at),
        }


@register
class EmailAddresses(Provider):
    """Every address allauth holds for them, primary and secondary, verified or not."""

    name = "email_addresses"
    models = ("account.EmailAddress", "account.EmailConfirmation")
    order = 20

    def rows(self, owner):
        return (
            EmailAddress.objects.filter(user=owner)
            .prefetch_related("emailconfirmation_set")
            .order_by("-primary", "email", "pk")
        )

    def row(self, address):
        return {
            "email": address.email,
            "primary": address.primary,
            "verified": address.verified,
            # When a confirmation was asked for; its key is a secret and is not shown.
            "confirmation_emails": [
                {"created": when(confirmation.created), "sent": when(confirmation.sent)}
                for confirmation in sorted(
                    address.emailconfirmation_set.all(), key=lambda c: (c.created, c.pk)
                )
            ],
        }


@register
class AdminProfile(Provider):
    """Wagtail's profile of an editor: notifications, language, time zone, avatar, display."""

    name = "admin_profile"
    models = ("wagtailusers.UserProfile",)
    single = True
    order = 30

    def rows(self, owner):
        return UserProfile.objects.filter(user=owner)

    def row(self, profile):
        return fields_of(profile)

    def erase(self, user):
        # Deleting the profile row leaves the avatar file in storage, publicly served.
        profile = UserProfile.objects.filter(user=user).first()
        if profile is None or not profile.avatar:
            return {}
        _delete_file_on_commit(profile.avatar)
        return {"wagtailusers.UserProfile avatar file deleted": 1}


@register
class Sessions(Provider):
    """Where they are signed in: each session's expiry. The session keys are secrets."""

    name = "sessions"
    order = 40

    def rows(self, owner):
        return [session for session, _ in sessions_of(owner)]

    def row(self, session):
        return {"expires": when(session.expire_date)}

    def erase(self, user):
        ended = end_sessions(user)
        return {"sessions ended": ended} if ended else {}


@register
class AccountHistory(Provider):
    """What editors did to the account in the admin (created it, changed it), and when."""

    name = "account_history"
    models = ("wagtailcore.ModelLogEntry",)
    order = 120

    def rows(self, owner):
        return _about_account(owner).order_by("timestamp", "pk")

    def row(self, entry):
        return {
            "action": entry.action,
            "description": str(entry.message),
            "when": when(entry.timestamp),
        }

    def erase(self, user):
        # The entries stay for the audit trail, without the name or the id of the person.
        count = _about_account(user).update(label="Erased account", object_id="")
        return {"wagtailcore.ModelLogEntry about the account (anonymised)": count} if count else {}


@register
class EditorialActivity(Provider):
    """What an editor did in the admin; each kind of row is a part within this one."""

    name = "editorial_activity"
    single = True
    order = 200

    def rows(self, owner):
        return [owner]

    def row(self, user):
        return {}


class Editorial(Provider):
    within = "editorial_activity"


@register
class Pages(Editorial):
    name = "pages"
    models = ("wagtailcore.Page",)
    order = 10

    def rows(self, owner):
        pages = Page.objects.filter(Q(owner=owner) | Q(locked_by=owner)).order_by("path")
        return [
            (page, owner.pk)
            for page in pages.only("title", "url_path", "owner", "locked_by", "locked_at")
        ]

    def row(self, item):
        page, user_id = item
        locked = page.locked_by_id == user_id
        return {
            "title": page.title,
            "path": page.url_path,
            "owned_by_you": page.owner_id == user_id,
            "locked_by_you": locked,
            "locked_at": when(page.locked_at) if locked else None,
        }


@register
class Revisions(Editorial):
    name = "revisions"
    models = ("wagtailcore.Revision",)
    order = 20

    def rows(self, owner):
        return (
            Revision.objects.filter(user=owner)
            .select_related("content_type")
            .order_by("created_at", "pk")
        )

    def row(self, revision):
        return {
            "object": revision.object_str,
            "type": _type(revision.content_type),
            "created": when(revision.created_at),
        }

    def erase(self, user):
        # Deleting the account clears Page.owner and Page.locked_by, but every revision keeps
        # them by id in its stored content.
        keys = ("owner", "locked_by")
        condition = Q()
        for key in keys:
            condition |= Q(**{f"content__{key}": user.pk})
        count = 0
        for revision in Revision.objects.filter(condition):
            for key in keys:
                if revision.content.get(key) == user.pk:
                    revision.content[key] = None
            revision.save(update_fields=["content"])
            count += 1
        return {"wagtailcore.Revision content (their id cleared)": count} if count else {}


@register
class LogEntries(Editorial):
    """What they did, as Wagtail's history of pages and snippets records it."""

    name = "log_entries"
    models = ("wagtailcore.PageLogEntry", "wagtailcore.ModelLogEntry")
    order = 30

    def rows(self, owner):
        entries = [
            *PageLogEntry.objects.filter(user=owner).select_related("content_type"),
            *ModelLogEntry.objects.filter(user=owner).select_related("content_type"),
        ]
        return sorted(entries, key=lambda entry: (entry.timestamp, entry.pk))

    def row(self, entry):
        return {
            "action": entry.action,
            "description": str(entry.message),
            "object": entry.label,
            "type": _type(entry.content_type),
            "when": when(entry.timestamp),
        }


ACTIONS = {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}


@register
class DjangoAdminLog(Editorial):
    name = "django_admin_log"
    models = ("admin.LogEntry",)
    order = 40

    def rows(self, owner):
        return LogEntry.objects.filter(user=owner).order_by("action_time", "pk")

    def row(self, entry):
        return {
            "action": ACTIONS.get(entry.action_flag),
            "object": entry.object_repr,
            "change": entry.get_change_message(),
            "when": when(entry.action_time),
        }


@register
class Comments(Editorial):
    """Comments they wrote or resolved; the text only of those they wrote."""

    name = "comments"
    models = ("wagtailcore.Comment",)
    order = 50

    def rows(self, owner):
        comments = Comment.objects.filter(Q(user=owner) | Q(resolved_by=owner))
        return [
            (comment, owner.pk)
            for comment in comments.select_related("page").order_by("created_at", "pk")
        ]

    def row(self, item):
        comment, user_id = item
        written = comment.user_id == user_id
        return {
            "page": comment.page.title,
            "text": comment.text if written else None,
            "written_by_you": written,
            "created": when(comment.created_at),
            "resolved_by_you": comment.resolved_by_id == user_id,
            "resolved": when(comment.resolved_at),
        }


@register
class CommentReplies(Editorial):
    name = "comment_replies"
    models = ("wagtailcore.CommentReply",)
    order = 60

    def rows(self, owner):
        return (
            CommentReply.objects.filter(user=owner)
            .select_related("comment__page")
            .order_by("created_at", "pk")
        )

    def row(self, reply):
        return {
            "page": reply.comment.page.title,
            "text": reply.text,
            "created": when(reply.created_at),
        }


@register
class PageSubscriptions(Editorial):
    name = "page_subscriptions"
    models = ("wagtailcore.PageSubscription",)
    order = 70

    def rows(self, owner):
        return PageSubscription.objects.filter(user=owner).select_related("page").order_by("pk")

    def row(self, subscription):
        return {
            "page": subscription.page.title,
            "comment_notifications": subscription.comment_notifications,
        }


@register
class WorkflowsRequested(Editorial):
    name = "workflows_requested"
    models = ("wagtailcore.WorkflowState",)
    order = 80

    def rows(self, owner):
        return (
            WorkflowState.objects.filter(requested_by=owner)
            .select_related("workflow", "content_type")
            .order_by("created_at", "pk")
        )

    def row(self, state):
        return {
            "object": str(state.content_object or ""),
            "type": _type(state.content_type),
            "workflow": state.workflow.name,
            "status": state.status,
            "requested": when(state.created_at),
        }


@register
class WorkflowTasksFinished(Editorial):
    name = "workflow_tasks_finished"
    models = ("wagtailcore.TaskState",)
    order = 90

    def rows(self, owner):
        return (
            TaskState.objects.filter(finished_by=owner)
            .select_related("task", "workflow_state")
            .order_by("finished_at", "pk")
        )

    def row(self, state):
        return {
            "object": str(state.workflow_state.content_object or ""),
            "task": state.task.name,
            "status": state.status,
            "comment": state.comment,
            "finished": when(state.finished_at),
        }


@register
class Uploads(Editorial):
    """Images, documents and media they uploaded, and uploads they have not finished."""

    name = "uploads"
    models = (
        "wagtailimages.Image",
        "wagtaildocs.Document",
        "wagtailmedia.Media",
        "wagtailcore.UploadedFile",
    )
    order = 100

    def rows(self, owner):
        found = []
        for model in (get_image_model(), get_document_model(), get_media_model()):
            found += model.objects.filter(uploaded_by_user=owner).order_by("pk")
        found += UploadedFile.objects.filter(uploaded_by_user=owner).order_by("pk")
        return found

    def row(self, upload):
        return {
            "type": str(upload._meta.verbose_name),
            "title": getattr(upload, "title", None),
            "file": upload.file.name,
            "uploaded": when(getattr(upload, "created_at", None)),
        }

    def erase(self, user):
        # Unfinished uploads: only their uploader could finish them, so they go with them.
        unfinished = list(UploadedFile.objects.filter(uploaded_by_user=user))
        for upload in unfinished:
            _delete_file_on_commit(upload.file)
            upload.delete()
        return (
            {"wagtailcore.UploadedFile (unfinished uploads)": len(unfinished)} if unfinished else {}
        )


@register
class OpenEditForms(Editorial):
    """Edit forms they have open or left unsaved (Wagtail keeps these for a while)."""

    name = "open_edit_forms"
    models = ("wagtailadmin.EditingSession", "wagtailadmin.FormState")
    order = 110

    def rows(self, owner):
        sessions = EditingSession.objects.filter(user=owner).select_related("content_type")
        forms = FormState.objects.filter(user=owner).select_related("content_type")
        return [*sessions.order_by("pk"), *forms.order_by("pk")]

    def row(self, item):
        found = {"type": _type(item.content_type), "object_id": item.object_id}
        if isinstance(item, FormState):
            found.update(unsaved_form=item.data, saved=when(item.last_updated_at))
        else:
            found.update(editing=item.is_editing, last_seen=when(item.last_seen_at))
        return found


@register
class APITokens(Editorial):
    """Tokens for Wagtail's API in their name: never the token, only its first characters."""

    name = "api_tokens"
    models = ("wagtailcore.APIToken",)
    order = 120

    def rows(self, owner):
        return APIToken.objects.filter(user=owner).order_by("created", "pk")

    def row(self, token):
        return {
            "name": token.name,
            "starts_with": token.prefix,
            "created": when(token.created),
            "last_used": when(token.last_used_at),
            "revoked": when(token.revoked_at),
        }
