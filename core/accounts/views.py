from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import ProfileForm


@login_required
def profile(request):
    """Show and edit the signed-in person's own profile. There is no way to name another user."""
    # The form edits its own copy, so the page never shows rejected values as if saved.
    account = get_user_model().objects.get(pk=request.user.pk)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=account)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile was saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=account)
    return render(request, "core/profile.html", {"form": form})
