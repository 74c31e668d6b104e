"""Tracking's parts of a person's data export (core/personal_data.py): the xAPI statements about
them, exactly as sent, and where each was delivered; and what erasing them means for the
learning record stores. Registered in TrackingConfig.ready()."""

from django.conf import settings

from core.personal_data import Provider, register, when
from core.pseudonyms import pseudonym

from . import endpoints
from .models import Delivery, Statement


@register
class Statements(Provider):
    name = "xapi_statements"
    models = ("tracking.Statement",)
    order = 100

    def rows(self, owner):
        statements = Statement.objects.filter(user=owner).order_by("stored", "id")
        return statements.values_list("data", flat=True).iterator(chunk_size=1000)

    def row(self, data):
        return data

    def erase(self, user):
        # Deleting the account deletes their statements; these would be any stored about their
        # pseudonym without the link (there should be none).
        _, deleted = Statement.objects.filter(actor=pseudonym(user.pk)).delete()
        return {label: count for label, count in deleted.items() if count}

    def erasure_notes(self, user):
        names = endpoints.names()
        if not names:
            return ["No learning record store is configured, so no statements were sent elsewhere."]
        return [
            "Statements already sent are kept by your learning record stores "
            f"({', '.join(names)}). Ask each of them to delete the statements whose actor is the "
            f"account {{homePage: {settings.SITE_BASE_URL}, name: {pseudonym(user.pk)}}}. "
            "Nothing here links that pseudonym to a person any more."
        ]


@register
class Deliveries(Provider):
    """Which learning record store each statement about them went to, and when."""

    name = "xapi_deliveries"
    models = ("tracking.Delivery",)
    order = 110

    def rows(self, owner):
        return Delivery.objects.filter(statement__user=owner).order_by("statement__stored", "pk")

    def row(self, delivery):
        return {
            "statement": str(delivery.statement_id),
            "learning_record_store": delivery.endpoint,
            "status": delivery.get_status_display(),
            "attempts": delivery.attempts,
            "delivered": when(delivery.delivered_at),
        }
