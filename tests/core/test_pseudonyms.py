from core.pseudonyms import pseudonym


def test_a_pseudonym_is_stable_distinct_and_does_not_show_the_id(settings):
    settings.STORYBRIDGE_PSEUDONYM_SECRET = "one secret"
    first = pseudonym(42)

    assert first == pseudonym(42)
    assert first != pseudonym(43)
    assert len(first) == 32 and int(first, 16) != 42

    settings.STORYBRIDGE_PSEUDONYM_SECRET = "another secret"
    assert pseudonym(42) != first
