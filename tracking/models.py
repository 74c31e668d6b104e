"""The statement outbox. Every statement is stored here in the same transaction as the action
that caused it, with one Delivery per configured LRS; the forwarder (`manage.py xapi_forward`)
sends pending deliveries and records what each LRS answered. Breaks and support requests are
the exception: only a count per day is kept (SensitiveEventCount), and their statements are
stored once the day has ended (tracking/sensitive.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StatementField(models.JSONField):
    """A JSONField that PostgreSQL bulk inserts send as one parameter per row. Without
    `get_placeholder`, Django packs many rows into arrays for UNNEST, and quoting each
    statement's JSON as an array element costs more than the rest of the insert."""

    def get_placeholder(self, value, compiler, connection):
        return "%s"


class Statement(models.Model):
    """One xAPI statement, exactly as it is sent (`data`), with the fields the admin filters
    on copied out. `user` links it to a person for their data export and erasure; it is empty
    for the unlinkable ones (take a break, get support). Deleting the user deletes these."""

    id = models.UUIDField(primary_key=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="xapi_statements",
    )
    actor = models.CharField(_("actor account"), max_length=64)
    verb = models.CharField(_("verb"), max_length=255)
    activity = models.CharField(_("activity"), max_length=500)
    registration = models.UUIDField(_("registration"), null=True, blank=True, db_index=True)
    timestamp = models.DateTimeField(_("timestamp"))
    stored = models.DateTimeField(_("stored"), default=timezone.now, db_index=True)
    data = StatementField(_("statement"))

    class Meta:
        ordering = ["-stored", "id"]
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        # The admin's filters and a learner's erasure find statements by exact actor and verb.
        # No pattern indexes (db_index=True would add them), and none on the activity, which
        # the admin matches anywhere in the IRI: every statement stored updates each index.
        indexes = [
            models.Index(fields=["actor"], name="tracking_statement_actor"),
            models.Index(fields=["verb"], name="tracking_statement_verb"),
        ]

    def __str__(self):
        return f"{self.verb} {self.activity} ({self.id})"


class Delivery(models.Model):
    """A statement's delivery to one LRS, named as in XAPI_LRS_ENDPOINTS."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        DEAD = "dead", _("Dead letter")

    # No index of its own: the unique (statement, endpoint) index below starts with it and
    # serves every lookup by statement; a second one would only be one more index to update
    # for each delivery stored and each marked delivered.
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="deliveries", db_index=False
    )
    endpoint = models.CharField(_("LRS"), max_length=100)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # A statement of a break or a support request (tracking/sensitive.py): the forwarder sends
    # these in batches of their own, never with anyone's statements.
    sensitive = models.BooleanField(_("break or support request"), default=False)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "endpoint"], name="tracking_one_delivery_per_lrs"
            )
        ]
        indexes = [
            # The forwarder's queue: pending rows of one LRS, due first, in the order it takes
            # them (so a batch reads 100 index entries, not every pending row).
            models.Index(
                fields=["endpoint", "status", "next_attempt_at", "id"],
                name="tracking_delivery_queue",
            ),
            models.Index(fields=["endpoint", "delivered_at"], name="tracking_delivery_last_ok"),
            # The queue of breaks and support requests: few rows, and none of anyone's.
            models.Index(
                fields=["endpoint", "status", "next_attempt_at", "id"],
                condition=models.Q(sensitive=True),
                name="tracking_delivery_sensitive",
            ),
        ]

    def __str__(self):
        return f"{self.statement_id} → {self.endpoint}: {self.status}"


class SensitiveEventCount(models.Model):
    """How many breaks or support requests there were about one activity (a narrative, or the
    support page) on one day: all that is kept of them (tracking/sensitive.py). No person, no
    time of day, and a random key, so nothing here orders one relative to anything a learner
    did that day. `released` of them have been put in the outbox as statements."""

    class Kind(models.TextChoices):
        BREAK = "break", _("Took a break")
        SUPPORT = "support", _("Asked for support")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    activity_iri = models.CharField(_("activity"), max_length=500)
    # The statements' object (id and type), so those built after the day need only this row.
    activity = models.JSONField(_("statement object"))
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("count"), default=0)
    released = models.PositiveIntegerField(_("sent to the outbox"), default=0)

    class Meta:
        verbose_name = _("break and support count")
        verbose_name_plural = _("break and support counts")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "activity_iri", "day"], name="tracking_one_count_per_day"
            )
        ]
        indexes = [
            # The release's query: days not yet sent in full.
            models.Index(
                fields=["day"],
                condition=models.Q(count__gt=models.F("released")),
                name="tracking_count_unreleased",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.count} on {self.day} ({self.activity_iri})"
