from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.admin.views import account as wagtail_account

from . import throttle
from .data_export import export_for
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


@login_required
@require_safe
def data_export(request):
    """Download everything held about the signed-in person, as JSON. It names nobody else."""
    response = JsonResponse(
        export_for(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    filename = f"storybridge-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class AdminPasswordResetView(wagtail_account.PasswordResetView):
    """Wagtail's "forgotten password" page, with the learner page's limits on reset requests,
    counted together with it (core/accounts/throttle.py). A refused request sends nothing and
    is answered alike whether or not the address belongs to anyone."""

    def form_valid(self, form):
        if not throttle.reset_allowed(self.request, form.cleaned_data["email"]):
            form.add_error(
                None,
                _("Too many requests to reset a password. Wait a minute, then try again."),
            )
            return self.form_invalid(form)
        return super().form_valid(form)
