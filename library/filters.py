"""The library's filter and search form (/stories/): a plain GET form that works without
JavaScript. Its choices come from the database; a value that is not one of them (a tampered or
out-of-date link) is an error with a plain message, and the page then shows no results rather
than quietly ignoring it. `story_filter()` turns a valid form into narratives.catalogue's
StoryFilter."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from narratives.catalogue import LENGTHS, StoryFilter
from narratives.models import CharacterisationDimension, ContentWarning, Narrative, Theme

MAX_QUERY = 200
PER_PAGE = 12
CHOOSE_FROM_LIST = _("Choose from the options shown.")
# Control characters and the like never help a search and can upset a search engine's parser.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]")


class Sort:
    RELEVANCE = "relevance"
    TITLE = "title"
    SHORTEST = "shortest"
    NEWEST = "newest"
    CHOICES = (
        (RELEVANCE, _("Best match")),
        (TITLE, _("Title, A to Z")),
        (SHORTEST, _("Shortest first")),
        (NEWEST, _("Newest first")),
    )


def _multiple(label, choices, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST, "invalid_list": CHOOSE_FROM_LIST},
    )


class LibraryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search the stories"),
        required=False,
        max_length=MAX_QUERY,
        help_text=_("Words from a title, a summary, a narrator's name or what they say."),
        error_messages={
            "max_length": _(
                "Search for at most %(limit_value)d characters (you typed %(show_value)d)."
            )
        },
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=Sort.CHOICES,
        required=False,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("The page number must be a whole number."),
            "min_value": _("The page number must be 1 or more."),
            "max_value": _("There is no page with that number."),
        },
    )

    def __init__(self, data=None, *, hidden_domains=frozenset(), languages=()):
        super().__init__(data)
        self.hidden_domains = frozenset(hidden_domains)
        self.fields["theme"] = _multiple(
            _("Theme"), [(str(t.pk), t.name) for t in Theme.objects.all()]
        )
        self.fields["format"] = _multiple(_("Format"), Narrative.Modality.choices)
        self.fields["length"] = _multiple(
            _("Length"), [(key, label) for key, label, *_r in LENGTHS]
        )
        self.fields["language"] = _multiple(
            _("Language"), [(code, language_name(code)) for code in languages]
        )
        self.dimension_fields = []
        for dimension in CharacterisationDimension.objects.prefetch_related("values"):
            name = f"c{dimension.pk}"
            self.fields[name] = _multiple(
                dimension.name,
                [(str(v.pk), v.value) for v in dimension.values.all()],
                dimension.description,
            )
            self.dimension_fields.append((dimension.pk, name))
        self.fields["without"] = _multiple(
            _("Without these topics"),
            [(str(w.pk), w.name) for w in ContentWarning.objects.filter(domain__isnull=True)],
            _(
                "Leave out stories that talk about these. Topics you hide in your content "
                "settings are always left out."
            ),
        )

    def clean_q(self):
        return " ".join(_UNPRINTABLE.sub(" ", self.cleaned_data.get("q") or "").split())

    @property
    def chosen_count(self):
        """How many filters (not the search) are set, for the "Filters (3)" summary."""
        if not self.is_bound or not self.is_valid():
            return 0
        names = ["theme", "format", "length", "language", "without"]
        names += [name for _pk, name in self.dimension_fields]
        return sum(len(self.cleaned_data.get(name) or ()) for name in names)

    def story_filter(self):
        """The StoryFilter of a valid form; hidden topics are always left out."""
        data = self.cleaned_data

        def ints(name):
            return frozenset(int(v) for v in data.get(name) or ())

        return StoryFilter(
            themes=ints("theme"),
            modalities=frozenset(data.get("format") or ()),
            lengths=frozenset(data.get("length") or ()),
            languages=frozenset(data.get("language") or ()),
            characterisation=tuple(
                (pk, ints(name)) for pk, name in self.dimension_fields if data.get(name)
            ),
            without_domains=ints("without") | self.hidden_domains,
        )

    def sort_order(self):
        chosen = self.cleaned_data.get("sort")
        if chosen:
            return chosen
        return Sort.RELEVANCE if self.cleaned_data.get("q") else Sort.TITLE


LANGUAGE_NAMES = {
    "en": _("English"),
    "cy": _("Welsh"),
    "gd": _("Scottish Gaelic"),
    "ga": _("Irish"),
}


def language_name(code):
    return LANGUAGE_NAMES.get(code.split("-")[0].lower(), code)
