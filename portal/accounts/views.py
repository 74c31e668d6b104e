from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.admin.views import account as wagtail_account

from . import throttle, unconfirmed
from .data_export import export_for
from .forms import ChangeUnconfirmedEmailForm, ProfileForm


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
    return render(request, "portal/profile.html", {"form": form})


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
    counted together with it (portal/accounts/throttle.py). A refused request sends nothing and
    is answered alike whether or not the address belongs to anyone."""

    def form_valid(self, form):
        if not throttle.reset_allowed(self.request, form.cleaned_data["email"]):
            form.add_error(
                None,
                _("Too many requests to reset a password. Wait a minute, then try again."),
            )
            return self.form_invalid(form)
        return super().form_valid(form)


def confirm_email_sent(request):
    """ "Confirm your email address", after sign-up or a sign-in before confirming (allauth's
    page, replaced): where the link went and why, "Send the link again" (allauth's
    "confirm_email" limit), a way to correct the address, and who to contact."""
    waiting = unconfirmed.recall(request)
    if request.method == "POST":
        if waiting is None:
            return redirect("account_email_verification_sent")
        if unconfirmed.send_link(request, waiting):
            messages.success(
                request, _("We have sent the link again to %(email)s.") % {"email": waiting.email}
            )
        else:
            messages.error(
                request,
                _(
                    "We sent you a link a moment ago, so we have not sent another yet. "
                    "Check your inbox and spam folder, or wait a few minutes and try again."
                ),
            )
        return redirect("account_email_verification_sent")
    return render(
        request,
        "account/verification_sent.html",
        {"waiting": waiting, "signing_in": waiting is not None and waiting.reason == "sign_in"},
    )


def change_unconfirmed_email(request):
    """Correct the address of an account that has not confirmed one yet."""
    waiting = unconfirmed.recall(request)
    if waiting is None:
        return redirect("account_email_verification_sent")
    form = ChangeUnconfirmedEmailForm(request.POST or None, current=waiting.email)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, action="signup"):
            form.add_error(
                None, _("Too many changes from this device. Wait a minute, then try again.")
            )
        else:
            old = waiting.email
            waiting = unconfirmed.change_address(request, waiting, form.cleaned_data["email"])
            messages.success(
                request,
                _(
                    "We have sent a new link to %(new)s. "
                    "The link we sent to %(old)s no longer works."
                )
                % {"new": waiting.email, "old": old},
            )
            return redirect("account_email_verification_sent")
    return render(
        request, "account/change_unconfirmed_email.html", {"form": form, "waiting": waiting}
    )
