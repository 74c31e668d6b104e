"""The registry of personal data: for every model whose rows are about a person, how those rows
appear in that person's data export ("Download my data", portal/accounts/data_export.py) and what
erasing the person must do beyond deleting their account (portal/management/commands/
erase_learner.py).

Core imports none of the apps above it. Each app registers, in its AppConfig.ready(), a
Provider for its models that hold a key to a user or to a person key (a model such as
courses.Enrolment whose every row belongs to one person, registered with
`register_person_key`), in the manner of Open edX event-routing-backends' transformer
registry. Core registers the providers of the user and of the third-party apps (allauth,
Wagtail, Django's admin) in core/account_data.py. `tied_models` walks every installed model, and
tests/core/test_personal_data.py fails, naming the model, for any it finds that no provider
covers and no exclusion there explains.
"""

import datetime
import uuid
from collections import defaultdict
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile


class Provider:
    """How the rows of some models appear in a person's export, as one part of it. Set `name`
    and `models`; override `rows` and `row`, or `export` for a part that is not made of rows."""

    #: The key of this part in the export.
    name = ""
    #: "app_label.ModelName" of every model whose rows this part holds.
    models = ()
    #: The name of the part whose rows this part belongs in (each enrolment's "progress" is in
    #: "enrolments"); None for a part of the export itself.
    within = None
    #: True for a part that is one row (or None), not a list.
    single = False
    #: Parts come in this order, then by name.
    order = 100

    def rows(self, owner):
        """The rows of `owner`: the person, or one row of the part named by `within`."""
        return ()

    def row(self, item):
        """One row as a JSON-ready dict."""
        raise NotImplementedError

    def export(self, owner):
        """This part for `owner`: its rows, each with the parts that belong in it."""
        found = []
        for item in self.rows(owner):
            data = self.row(item)
            data.update(self.registry.export(item, within=self.name))
            found.append(data)
        if self.single:
            return found[0] if found else None
        return found

    def erase(self, user):
        """Whatever erasing `user` must do that deleting their account (which deletes every row
        with their key, or clears the key) does not. Runs in the erasure's transaction, before
        the account is deleted. Returns {what: how many} for the operator."""
        return {}

    def erasure_notes(self, user):
        """What the operator must do elsewhere once `user` is erased: sentences to print."""
        return []


class Registry:
    def __init__(self):
        self._providers = {}
        self._person_keys = {}

    def register(self, provider_class):
        """Register a Provider subclass (usable as a class decorator); its name must be new."""
        provider = provider_class()
        if not provider.name or provider.name in self._providers:
            raise ValueError(f"A personal-data part needs a new name, not {provider.name!r}.")
        provider.registry = self
        self._providers[provider.name] = provider
        return provider_class

    def register_person_key(self, label, to_user):
        """Declare that every row of the model `label` belongs to one person, reached by the
        lookup `to_user` (e.g. "user"): rows with a key to it are about that person too."""
        self._person_keys[label] = to_user

    def providers(self, within=None):
        found = [p for p in self._providers.values() if p.within == within]
        return sorted(found, key=lambda provider: (provider.order, provider.name))

    def all_providers(self):
        return list(self._providers.values())

    def export(self, owner, within=None):
        """{part name: part} of every part registered within `within` (None: the top level)."""
        return {provider.name: provider.export(owner) for provider in self.providers(within)}

    def covered_models(self):
        return {label for provider in self._providers.values() for label in provider.models}

    def erase(self, user):
        counts = {}
        for provider in self._providers.values():
            counts.update(provider.erase(user))
        return counts

    def erasure_notes(self, user):
        return [note for p in self._providers.values() for note in p.erasure_notes(user)]

    def tied_models(self, every=None):
        """{model: [lookup from it to the user, ...]} for every installed model (auto-created
        many-to-many tables and third-party models included) with a foreign key or one-to-one
        field to the user model or to a person key, or else with a cascading one
        (on_delete=CASCADE) to a model tied that way by cascade: rows deleted with the person's.
        Fields count for the model that declares them, not for multi-table children. `every`:
        the models to walk, if not every installed one."""
        user_model = get_user_model()
        keys = {user_model: ""}
        keys.update({apps.get_model(label): to for label, to in self._person_keys.items()})
        if every is None:
            every = apps.get_models(include_auto_created=True)
        found = defaultdict(list)
        # The lookups by which a model's rows go when the person goes (cascading keys only).
        owned = {model: [to_user] for model, to_user in keys.items()}
        for model in every:
            for field in _keys(model):
                if field.related_model in keys:
                    lookup = _join(field.name, keys[field.related_model])
                    found[model].append(lookup)
                    if _cascades(field):
                        owned.setdefault(model, []).append(lookup)
        grew = True
        while grew:
            grew = False
            for model in every:
                if model in found:
                    continue
                for field in _keys(model):
                    parent = field.related_model
                    if parent in owned and parent not in keys and _cascades(field):
                        found[model] += [_join(field.name, rest) for rest in owned[parent]]
                if model in found:
                    owned[model] = list(found[model])
                    grew = True
        return dict(found)


def _keys(model):
    return [
        field
        for field in model._meta.local_fields
        if field.is_relation and (field.many_to_one or field.one_to_one)
    ]


def _cascades(field):
    return field.remote_field.on_delete is models.CASCADE


def _join(name, rest):
    return f"{name}__{rest}" if rest else name


def rows_of(model, lookups, user_id):
    """The rows of `model` that refer to the person with this id, by any of `lookups`."""
    condition = Q()
    for lookup in lookups:
        condition |= Q(**{lookup: user_id})
    return model._default_manager.filter(condition)


def when(moment):
    """A date or time as ISO 8601 text, or None."""
    return moment.isoformat() if moment else None


def plain(value):
    """A field's value as JSON-ready data: dates as ISO 8601 text, files by name."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


def fields_of(instance, leave_out=()):
    """{field name: value} of the instance's own fields, for a third-party model whose fields
    may grow between versions: no keys to other rows, nor its id or the fields left out."""
    return {
        field.name: plain(field.value_from_object(instance))
        for field in instance._meta.concrete_fields
        if not field.is_relation and not field.primary_key and field.name not in leave_out
    }


registry = Registry()
register = registry.register
register_person_key = registry.register_person_key
