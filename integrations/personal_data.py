"""Integrations' parts of a person's data export (core/personal_data.py): the organisation
accounts linked to theirs. Registered in IntegrationsConfig.ready(). Erasure deletes them with
the account."""

from allauth.socialaccount.models import SocialAccount

from core.personal_data import Provider, register, when

from .models import Organisation


@register
class OrganisationAccounts(Provider):
    """The organisation accounts they sign in with, and what those organisations told us."""

    name = "organisation_accounts"
    models = ("socialaccount.SocialAccount", "socialaccount.SocialToken")
    order = 25

    def rows(self, owner):
        return SocialAccount.objects.filter(user=owner).order_by("provider", "pk")

    def row(self, account):
        organisation = Organisation.objects.filter(slug=account.provider).first()
        data = account.extra_data or {}
        return {
            "organisation": organisation.name if organisation else account.provider,
            "identifier": account.uid,
            "linked": when(account.date_joined),
            "last_sign_in": when(account.last_login),
            # The claims of the last sign-in (the ID token and the userinfo), never a token.
            "claims": {**(data.get("id_token") or {}), **(data.get("userinfo") or {})},
        }
