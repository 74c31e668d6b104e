from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import ViewerPreferencesForm
from .models import ViewerPreferences


@login_required
def edit(request):
    """The signed-in learner's own preferences; the row is created on the first save."""
    instance = ViewerPreferences.objects.filter(user=request.user).first()
    if instance is None:
        instance = ViewerPreferences(user=request.user)
    if request.method == "POST":
        form = ViewerPreferencesForm(request.POST, instance=instance)
        if form.is_valid():
            try:
                with transaction.atomic():
                    form.save()
            except IntegrityError:
                # The same first save submitted twice at once: the other request created the
                # row, so save these choices onto it.
                existing = ViewerPreferences.objects.get(user=request.user)
                form = ViewerPreferencesForm(request.POST, instance=existing)
                form.full_clean()
                with transaction.atomic():
                    form.save()
            messages.success(request, _("Your preferences were saved."))
            return redirect("preferences:edit")
    else:
        form = ViewerPreferencesForm(instance=instance)
    return render(request, "narratives/preferences.html", {"form": form})
