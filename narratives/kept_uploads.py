"""Files an editor chose on a form that failed for another reason, held for an hour so that the
next save uses them without the editor choosing them again.

The file is held in the database, not the cache or the media folder: every app server sees it,
and nothing of it is ever at a URL. The form carries only a signed token naming the held file
and the editor who chose it."""

import os
import uuid
from datetime import timedelta

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

KEEP_FOR = timedelta(hours=1)
SALT = "narratives.kept-upload"


class KeptUpload(models.Model):
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        app_label = "narratives"

    def __str__(self):
        return self.name


def forget_expired():
    KeptUpload.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()


def keep(upload, user):
    """Hold `upload` (already validated) for `user`; return the token for the form."""
    forget_expired()
    upload.seek(0)
    kept = KeptUpload.objects.create(
        name=os.path.basename(upload.name or "")[:255],
        content_type=getattr(upload, "content_type", "") or "",
        content=upload.read(),
    )
    upload.seek(0)
    return signing.dumps({"key": str(kept.key), "user": user.pk}, salt=SALT)


def _kept(token, user):
    try:
        data = signing.loads(token, salt=SALT, max_age=KEEP_FOR)
    except signing.BadSignature:
        return None
    if data.get("user") != user.pk:
        return None
    return KeptUpload.objects.filter(
        key=data.get("key"), created_at__gte=timezone.now() - KEEP_FOR
    ).first()


def take(token, user):
    """The file `token` names, as a fresh upload, if `user` chose it within the hour."""
    kept = _kept(token, user)
    if kept is None:
        return None
    return SimpleUploadedFile(kept.name, bytes(kept.content), content_type=kept.content_type)


def release(token, user):
    """Forget the held file once the form that used it has been saved."""
    kept = _kept(token, user)
    if kept is not None:
        kept.delete()
    forget_expired()
