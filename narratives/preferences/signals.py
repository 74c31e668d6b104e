"""Saved preferences take effect on the next page: the cached copy goes whenever they change."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import ViewerPreferences
from .rules import forget_preferences


@receiver(post_save, sender=ViewerPreferences)
@receiver(post_delete, sender=ViewerPreferences)
def preferences_saved(sender, instance, **kwargs):
    forget_preferences(instance.user_id)


@receiver(m2m_changed, sender=ViewerPreferences.domains.through)
def preference_domains_changed(sender, instance, **kwargs):
    if isinstance(instance, ViewerPreferences):
        forget_preferences(instance.user_id)
    elif kwargs.get("pk_set"):
        # Changed from the warning's side: whoever had it among their topics.
        for user_id in ViewerPreferences.objects.filter(pk__in=kwargs["pk_set"]).values_list(
            "user_id", flat=True
        ):
            forget_preferences(user_id)
