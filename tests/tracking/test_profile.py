"""Storybridge's own concepts are described in a JSON-LD xAPI profile served by the platform
(issue 5), in the form of the xAPI Profiles specification 1.0: Part Two, "Profile Properties"
(@context, id, type, conformsTo, prefLabel, definition, author, versions) and "Concepts"
(Verb, ActivityType, ContextExtension/ResultExtension, each inScheme a version of the profile)."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tracking import profile
from tracking import vocabulary as v

VOCABULARY = Path(v.__file__).read_text()


def own_iris_in_source():
    """Every `own("kind", "name")` in tracking/vocabulary.py, read from its text, so the test
    does not share the profile's way of finding them."""
    return {
        f"{v.PROFILE}/{kind}/{name}"
        for kind, name in re.findall(r'own\("([a-z-]+)", "([a-z0-9-]+)"\)', VOCABULARY)
    }


@pytest.fixture
def served(client, db):
    response = client.get("/xapi/profile")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return response.json()


def test_the_profile_has_the_properties_the_profiles_spec_requires(served):
    assert served["@context"] == "https://w3id.org/xapi/profiles/context"
    assert served["id"] == v.PROFILE
    assert served["type"] == "Profile"
    assert served["conformsTo"] == "https://w3id.org/xapi/profiles#1.0"
    assert served["prefLabel"] == {"en": "Storybridge"}
    assert served["definition"]["en"]
    assert served["author"] == {"type": "Organization", "name": "Storybridge"}
    assert served["versions"] == [{"id": profile.VERSION, "generatedAtTime": profile.VERSION_DATE}]


def test_every_own_iri_of_the_vocabulary_is_a_concept_of_the_profile(served):
    found = own_iris_in_source()
    assert len(found) >= 17  # 6 verbs, 5 activity types, 6 extensions today
    assert {c["id"] for c in served["concepts"]} == found


def test_each_concept_is_typed_in_scheme_and_labelled(served):
    """Profiles spec Part Two, "Concepts": id, type, inScheme, prefLabel, definition; an
    extension is a ContextExtension or ResultExtension with recommendedVerbs and one of
    context, schema or inlineSchema."""
    types = {"verbs": "Verb", "activity-types": "ActivityType"}
    for concept in served["concepts"]:
        kind = concept["id"][len(v.PROFILE) + 1 :].split("/")[0]
        assert concept["inScheme"] == profile.VERSION
        assert concept["prefLabel"]["en"] and concept["definition"]["en"]
        if kind == "extensions":
            assert concept["type"] in ("ContextExtension", "ResultExtension"), concept["id"]
            assert concept["recommendedVerbs"] and concept["inlineSchema"]
        else:
            assert concept["type"] == types[kind], concept["id"]
    verbs = {c["id"]: c for c in served["concepts"]}
    assert verbs[v.WARNING_DECLINED]["prefLabel"]["en"] == v.VERB_DISPLAY[v.WARNING_DECLINED]


def test_each_concept_iri_resolves_to_its_description(client, served):
    for concept in served["concepts"]:
        response = client.get(urlsplit(concept["id"]).path)
        assert response.status_code == 200, concept["id"]
        assert response["Content-Type"] == "application/ld+json"
        assert response.json() == {"@context": profile.CONTEXT, **concept}


def test_the_version_iri_resolves_to_the_profile(client, served):
    assert client.get(urlsplit(profile.VERSION).path).json() == served


def test_unknown_concepts_are_not_found(client, db):
    for path in ("/xapi/profile/verbs/flew", "/xapi/profile/extensions/colour"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]


def test_a_concept_added_to_the_vocabulary_without_a_description_stops_the_profile(monkeypatch):
    """A new concept cannot be forgotten: building the document fails until it is described."""
    monkeypatch.setattr(v, "NEW_VERB", v.own("verbs", "hummed"), raising=False)
    with pytest.raises(profile.UndescribedConcept, match="hummed"):
        profile.document()
