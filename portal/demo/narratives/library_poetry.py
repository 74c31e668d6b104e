"""The library's poems. Every word was written for Storybridge; none is a real person's story."""

from uuid import UUID

STORIES = [
    {
        "uuid": UUID("58e5a1f7-eac1-49ea-92ee-d965bbcae705"),
        "title": "Kit list",
        "narrator_pseudonym": "Gaz",
        "summary": (
            "A poem by Gaz, who served in the army, about what he carried home with him and "
            "what he is learning to put down. A veterans' group helped him start."
        ),
        "modality": "poetry",
        "text_body": (
            "<p>They gave us a list<br>for everything:<br>boots, two pairs,<br>"
            "socks, six,<br>water, always.</p>"
            "<p>Nobody gave me a list<br>for coming home.<br>"
            "Nobody said: you will carry<br>the noise of that day<br>"
            "into the supermarket,<br>into your daughter's school play,<br>"
            "into bed.</p>"
            "<p>For years I carried it all<br>and called it being fine.<br>"
            "My wife called it something else.<br>She was right.</p>"
            "<p>At the veterans' group<br>a lad half my age said,<br>"
            "you don't have to carry it all at once.<br>"
            "Put one thing down.<br>See what happens.</p>"
            "<p>So this is my new list.<br>Sleep, some nights.<br>"
            "A walk with the dog.<br>The group, on Mondays.<br>"
            "Telling the truth,<br>one item at a time.</p>"
        ),
        "themes": ["meaning", "connectedness"],
        "characterisation": {
            "Genre": ["Endurance"],
            "Emotional tone": ["Sombre"],
            "Trajectory": ["Stable"],
            "Relationship with recovery": ["Ambivalent"],
            "Turning points": ["Peer support", "A relationship"],
        },
        "warnings": [
            ("violence", "refers to a day of fighting while serving, without detail", ""),
            ("mental-health", "describes living with trauma for years", ""),
        ],
        "reviewed_days_ago": 45,
        "consent": {"scope": "education", "given_days_ago": 260, "expires_in_days": None},
    },
    {
        "uuid": UUID("87e24e8a-6ca7-4972-aa01-69caca662249"),
        "title": "Weather report",
        "narrator_pseudonym": "Femi",
        "summary": (
            "Femi lives with bipolar disorder and writes about it as a weather forecast. "
            "A short poem about knowing the signs and planning ahead."
        ),
        "modality": "poetry",
        "text_body": (
            "<p>Today: bright, with a chance of everything.<br>"
            "I have three new plans before breakfast<br>"
            "and the sky is far too small.</p>"
            "<p>Tomorrow, or next month: grey,<br>low cloud settling on the house,<br>"
            "no wind to move it.</p>"
            "<p>I used to think the weather was me.<br>"
            "Now I think of myself<br>as the one who reads the forecast.</p>"
            "<p>I know the signs. Less sleep. Faster words.<br>"
            "I know who to ring.<br>"
            "My sister keeps an umbrella by her door<br>and never says I told you so.</p>"
            "<p>There will be weather.<br>There is always weather.<br>"
            "But I am learning to dress for it.</p>"
        ),
        "themes": ["identity", "empowerment"],
        "characterisation": {
            "Genre": ["Reconciliation"],
            "Emotional tone": ["Mixed"],
            "Trajectory": ["Up and down"],
            "Relationship with recovery": ["Embraces it"],
            "Turning points": ["Diagnosis", "A relationship"],
        },
        "warnings": [],
        "reviewed_days_ago": 10,
        "consent": {"scope": "public", "given_days_ago": 200, "expires_in_days": None},
    },
    {
        "uuid": UUID("077eb73f-3f42-438f-b0b1-e0ac6af8908b"),
        "title": "For my son, who is still here",
        "narrator_pseudonym": "Linda",
        "summary": (
            "Linda is a mother and carer. Her poem is about the night her son went into "
            "hospital with psychosis, and the small signs of him coming back."
        ),
        "modality": "poetry",
        "text_body": (
            "<p>The night they took you in<br>I folded your jumper<br>"
            "and put it on your bed<br>as if you had only gone to the shop.</p>"
            "<p>You were frightened of things<br>I could not see.<br>"
            "I would have fought every one of them<br>if you had let me.</p>"
            "<p>The ward smelled of toast and floor polish.<br>"
            "You did not know me the first week.<br>"
            "The second week you asked<br>if I had fed the cat.</p>"
            "<p>I have never been so glad<br>to be asked about a cat.</p>"
            "<p>The carers' group meets at the church hall.<br>"
            "We drink weak coffee and tell the truth.<br>"
            "Nobody there says<br>at least it isn't worse.</p>"
            "<p>You are home now.<br>You laugh at the telly again.<br>"
            "Some days are hard for both of us.<br>"
            "But you are still here,<br>and so am I.</p>"
        ),
        "themes": ["connectedness", "hope"],
        "characterisation": {
            "Genre": ["Endurance"],
            "Emotional tone": ["Hopeful"],
            "Trajectory": ["Up and down"],
            "Relationship with recovery": ["Does not mention it"],
            "Turning points": ["A relationship", "Peer support"],
        },
        "warnings": [
            ("detention", "describes her son being taken into hospital", ""),
            ("psychosis", "her son is frightened by things others cannot see", ""),
        ],
        "reviewed_days_ago": 160,
        "consent": {"scope": "education", "given_days_ago": 600, "expires_in_days": 1200},
    },
    {
        "uuid": UUID("3abff365-3990-4fb1-8ca6-0b38d26f7968"),
        "title": "Things I carry in my school bag",
        "narrator_pseudonym": "Zara",
        "summary": (
            "Zara is sixteen and lives with anxiety. Her poem lists the small things that "
            "help her get through a school day, from a smooth stone to her grandmother's prayer."
        ),
        "modality": "poetry",
        "text_body": (
            "<p>A smooth stone from the beach at Tenby,<br>"
            "to hold when my chest goes tight.</p>"
            "<p>A bottle of water,<br>because my mouth goes dry<br>before every test.</p>"
            "<p>A card from the school counsellor<br>that says I can leave the room,<br>"
            "no questions asked.<br>I have used it twice.</p>"
            "<p>A prayer my nani taught me,<br>folded very small,<br>"
            "in the pocket I don't open.</p>"
            "<p>A message from my best friend:<br>you've got this, and if you haven't,<br>"
            "I'll meet you by the lockers.</p>"
            "<p>The list used to be<br>everything I was scared of.<br>"
            "Now it is everything<br>that helps.</p>"
        ),
        "themes": ["hope", "meaning"],
        "characterisation": {
            "Genre": ["Escape"],
            "Emotional tone": ["Hopeful"],
            "Trajectory": ["Upward"],
            "Relationship with recovery": ["Does not mention it"],
            "Turning points": ["Faith or spirituality", "A relationship"],
        },
        "warnings": [],
        "reviewed_days_ago": 5,
        "consent": {"scope": "education", "given_days_ago": 60, "expires_in_days": None},
    },
]
