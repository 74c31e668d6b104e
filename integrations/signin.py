"""Sign-in with an organisation's own account: allauth's OpenID Connect provider, one "app" per
Organisation row (integrations/models.py), so adding an organisation in the admin needs no code
or settings change.

The rules, in allauth's adapter (SOCIALACCOUNT_ADAPTER):
- only people whose address is at one of the organisation's allowed domains get in; anyone else
  sees a clear page, nothing is created or linked, and the refusal is kept for administrators
  (RefusedSignIn: the domain and the reason, never the address);
- an existing Storybridge account is linked only through a verified address (the provider's
  `email_verified` claim, or the organisation marked as owning its domains); an account with
  the address that cannot be linked is refused, never taken over;
- a new account takes its role and organisation from the ID token's claims (the names set per
  organisation), with the organisation's defaults.
"""

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.shortcuts import render
from django.urls import reverse

from core.models import User

from .models import Organisation, RefusedSignIn

PROVIDER = "openid_connect"
logger = logging.getLogger("storybridge.signin")


def app_for(organisation):
    """allauth's app for an organisation, never stored: the Organisation row is the one record."""
    return SocialApp(
        provider=PROVIDER,
        provider_id=organisation.slug,
        name=organisation.name,
        client_id=organisation.client_id,
        secret=organisation.client_secret,
        settings={
            "server_url": organisation.discovery_url,
            "oauth_pkce_enabled": True,
            "email_authentication": True,
            # Addresses at the allowed domains count as verified only where the organisation's
            # provider issues them; otherwise the provider's own `email_verified` claim decides.
            "verified_email": organisation.domains if organisation.addresses_verified else False,
        },
    )


def callback_url(request, organisation):
    """The redirect address to register with the organisation's identity provider."""
    path = reverse("openid_connect_callback", kwargs={"provider_id": organisation.slug})
    return request.build_absolute_uri(path) if request is not None else path


def claims_of(sociallogin):
    """The ID token's claims, with what the userinfo endpoint added."""
    data = sociallogin.account.extra_data or {}
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


def role_from(claims, organisation):
    """The first value of the organisation's role claim that is one of our roles, else its
    default role."""
    value = claims.get(organisation.role_claim) if organisation.role_claim else None
    values = value if isinstance(value, list | tuple) else [value]
    for candidate in values:
        if isinstance(candidate, str) and candidate.strip().lower() in User.Role.values:
            return candidate.strip().lower()
    return organisation.default_role


def organisation_name_from(claims, organisation):
    value = claims.get(organisation.organisation_claim) if organisation.organisation_claim else None
    if isinstance(value, str) and value.strip():
        return value.strip()[:200]
    return organisation.name


def refuse(request, *, provider, reason, organisation=None, domain="", detail="", status=403):
    """Keep the refusal for administrators and answer with a page that says what to do."""
    RefusedSignIn.objects.note(
        provider=provider, reason=reason, organisation=organisation, domain=domain, detail=detail
    )
    logger.warning("sign-in through %s refused: %s %s", provider, reason, domain)
    context = {
        "organisation": organisation,
        "reason": reason,
        "reasons": RefusedSignIn.Reason,
        "domain": domain,
    }
    return render(request, "integrations/sign_in_refused.html", context, status=status)


def _email_taken(email):
    return (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(emailaddress__email__iexact=email).exists()
    )


class OrganisationSignInAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        organisations = Organisation.objects.enabled()
        if provider not in (None, PROVIDER):
            organisations = organisations.filter(slug=provider)
        if client_id:
            organisations = organisations.filter(client_id=client_id)
        return apps + [app_for(organisation) for organisation in organisations]

    def is_open_for_signup(self, request, sociallogin):
        # Learners may create accounts with a password too; the domain rule is checked first.
        return True

    def pre_social_login(self, request, sociallogin):
        provider = sociallogin.provider.app.provider_id
        organisation = Organisation.objects.filter(slug=provider).first()
        if organisation is None:
            return
        claims = claims_of(sociallogin)
        email = (claims.get("email") or "").strip()
        if not email or "@" not in email:
            raise ImmediateHttpResponse(
                refuse(
                    request,
                    provider=provider,
                    organisation=organisation,
                    reason=RefusedSignIn.Reason.NO_ADDRESS,
                )
            )
        domain = email.rpartition("@")[2].lower()
        if domain not in organisation.domains:
            raise ImmediateHttpResponse(
                refuse(
                    request,
                    provider=provider,
                    organisation=organisation,
                    reason=RefusedSignIn.Reason.DOMAIN,
                    domain=domain,
                )
            )
        if sociallogin.user is None or sociallogin.user.pk is None:
            # Not linked, and not matched through a verified address: a new account, unless
            # someone already has this address.
            if _email_taken(email):
                raise ImmediateHttpResponse(
                    refuse(
                        request,
                        provider=provider,
                        organisation=organisation,
                        reason=RefusedSignIn.Reason.UNVERIFIED,
                        domain=domain,
                    )
                )

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        organisation = Organisation.objects.filter(
            slug=sociallogin.provider.app.provider_id
        ).first()
        if organisation is not None and user.pk is None:
            claims = claims_of(sociallogin)
            user.role = role_from(claims, organisation)
            user.organisation = organisation_name_from(claims, organisation)
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        organisation = Organisation.objects.filter(slug=provider.app.provider_id).first()
        raise ImmediateHttpResponse(
            refuse(
                request,
                provider=provider.app.provider_id,
                organisation=organisation,
                reason=RefusedSignIn.Reason.PROVIDER,
                detail=error or (type(exception).__name__ if exception else ""),
                status=400,
            )
        )
