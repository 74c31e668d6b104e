"""The library's video narratives. The links are placeholders, so each transcript is the story.
Every word was written for Storybridge; none is a real person's story.

A placeholder's duration is its transcript spoken at 150 words a minute, and each warning's
timestamp is where its words begin (common.spoken_at), so the two always agree.
"""

from uuid import UUID

from .common import VIDEO_ATTRIBUTION, speaking_seconds, spoken_at
from .video_transcripts import INTERPRETER, LISTS, RECOVERY_CAFE, WHERE_I_STAND

STORIES = [
    {
        "uuid": UUID("2ec82d1b-ac0e-45a6-b7e8-6d8c1656f0ff"),
        "title": "Find your Tuesday",
        "narrator_pseudonym": "Peter",
        "summary": (
            "A long interview with Peter about drinking, gambling, a short prison sentence and "
            "the slow road back to his family. He now runs a recovery café every Tuesday."
        ),
        "modality": "video",
        "embed_url": "https://vimeo.com/900000101",
        "transcript": RECOVERY_CAFE,
        "duration_seconds": speaking_seconds(RECOVERY_CAFE),
        "attribution": VIDEO_ATTRIBUTION,
        "themes": ["connectedness", "meaning", "empowerment"],
        "characterisation": {
            "Genre": ["Transformation"],
            "Emotional tone": ["Hopeful"],
            "Trajectory": ["Up and down"],
            "Relationship with recovery": ["Embraces it"],
            "Turning points": ["Peer support", "Work or study"],
        },
        "warnings": [
            (
                "substance-use",
                "describes years of heavy drinking and a relapse",
                spoken_at(RECOVERY_CAFE, "Peter: I don't think there was one day"),
            ),
            (
                "risky-behaviours",
                "describes gambling debts and hiding them from his family",
                spoken_at(RECOVERY_CAFE, "The gambling came later"),
            ),
            (
                "bereavement",
                "his father's sudden death",
                spoken_at(RECOVERY_CAFE, "About a year after"),
            ),
            (
                "crime",
                "taking money from work and a short prison sentence",
                spoken_at(RECOVERY_CAFE, "After that, I took money"),
            ),
            (
                "mental-health",
                "describes guilt, grief and low mood after he stopped drinking",
                spoken_at(RECOVERY_CAFE, "Some mornings I couldn't see the point"),
            ),
        ],
        "reviewed_days_ago": 25,
        "consent": {"scope": "public", "given_days_ago": 365, "expires_in_days": 1460},
    },
    {
        "uuid": UUID("87fbe30d-0e49-44fc-b5ba-1229f151b5ed"),
        "title": "Trust does not translate quickly",
        "narrator_pseudonym": "Mariam",
        "summary": (
            "Mariam came to the UK as a refugee. She talks about post-traumatic stress, "
            "therapy with an interpreter, and why her daughter should never have translated "
            "for her."
        ),
        "modality": "video",
        "embed_url": "https://www.youtube.com/watch?v=SBdemo00002",
        "transcript": INTERPRETER,
        "duration_seconds": speaking_seconds(INTERPRETER),
        "attribution": VIDEO_ATTRIBUTION,
        "themes": ["connectedness", "identity"],
        "characterisation": {
            "Genre": ["Endurance"],
            "Emotional tone": ["Mixed"],
            "Trajectory": ["Upward"],
            "Relationship with recovery": ["Does not mention it"],
            "Turning points": ["Treatment", "A relationship"],
        },
        "warnings": [
            (
                "violence",
                "mentions war in her home city, without describing it",
                spoken_at(INTERPRETER, "Before we came, there was war"),
            ),
            (
                "bereavement",
                "losing people she loved",
                spoken_at(INTERPRETER, "Before we came, there was war"),
            ),
            (
                "socio-political",
                "being a refugee and the barriers of language in health care",
                spoken_at(INTERPRETER, "My English was not good then"),
            ),
        ],
        "reviewed_days_ago": 140,
        "consent": {"scope": "education", "given_days_ago": 500, "expires_in_days": 900},
    },
    {
        "uuid": UUID("9166312b-f7be-4546-abef-7c1ec5086f8a"),
        "title": "Lists on the fridge",
        "narrator_pseudonym": "Owen",
        "summary": (
            "Owen is sixteen and helps look after his mum, who has depression. He talks about "
            "keeping it secret at school, and the teacher and young carers' group that helped."
        ),
        "modality": "video",
        "embed_url": "https://www.youtube.com/watch?v=SBdemo00003",
        "transcript": LISTS,
        "duration_seconds": speaking_seconds(LISTS),
        "attribution": VIDEO_ATTRIBUTION,
        "themes": ["connectedness", "meaning"],
        "characterisation": {
            "Genre": ["Endurance"],
            "Emotional tone": ["Matter-of-fact"],
            "Trajectory": ["Stable"],
            "Relationship with recovery": ["Does not mention it"],
            "Turning points": ["A relationship", "Peer support"],
        },
        "warnings": [
            (
                "parental-guidance",
                "a young person caring for a parent who is unwell",
                spoken_at(LISTS, "My mum has depression"),
            ),
        ],
        "reviewed_days_ago": 55,
        "consent": {"scope": "education", "given_days_ago": 120, "expires_in_days": 600},
    },
    {
        "uuid": UUID("54033749-335b-4d51-8af6-531991341460"),
        "title": "Where I stand now",
        "narrator_pseudonym": "Chloe",
        "summary": (
            "Chloe, a trans woman who works in a bookshop, talks about depression and anxiety, "
            "an appointment that went wrong, and the peer group where she did not have to "
            "explain herself."
        ),
        "modality": "video",
        "embed_url": "https://vimeo.com/900000102",
        "transcript": WHERE_I_STAND,
        "duration_seconds": speaking_seconds(WHERE_I_STAND),
        "attribution": VIDEO_ATTRIBUTION,
        "themes": ["identity", "empowerment"],
        "characterisation": {
            "Genre": ["Advocacy"],
            "Emotional tone": ["Mixed"],
            "Trajectory": ["Upward"],
            "Relationship with recovery": ["Ambivalent"],
            "Turning points": ["Peer support", "Treatment"],
        },
        "warnings": [
            (
                "stigma",
                "hurtful comments from a relative and an unhelpful appointment",
                spoken_at(WHERE_I_STAND, "When I first came out"),
            ),
        ],
        "reviewed_days_ago": 8,
        "consent": {"scope": "public", "given_days_ago": 45, "expires_in_days": None},
    },
]
