"""The six narratives the demo courses use. Every word here was written for Storybridge: these
are illustrative stories, not real people's accounts, and each one says so in its attribution
line.

Each narrative is found again by its fixed UUID, so `load_demo` updates it in place. Dates are
given relative to the day the command runs, so the demo always has one narrative due for panel
review and one whose consent runs out within 30 days.
"""

from uuid import UUID

from .common import ATTRIBUTION

# The self-hosted audio narrative, spoken by a computer voice (see portal/demo/make_audio.py).
# Each item is one caption cue; the transcript is these sentences joined.
AUDIO_SENTENCES = [
    "This story was written for the Storybridge demo. It is read by a computer voice.",
    "I'm Marcus.",
    "The first night on the ward, I did not want to talk to anyone.",
    "I had been brought in under a section, and I was frightened and angry.",
    "The voices were loud that week.",
    "A care assistant called Bev came and sat near me.",
    "She did not ask me lots of questions.",
    "She just asked if I wanted a cup of tea, and how I took it.",
    "The next day, she remembered. Milk, two sugars.",
    "It sounds like nothing.",
    "But it told me that someone had noticed me, and not just my illness.",
    "Later that week she asked about my dog, Biscuit.",
    "I talked for ten minutes. It was the first time I had laughed in a month.",
    "Recovery, for me, did not start with one big moment.",
    "It started with small, kind things, done again and again.",
    "If you work on a ward, please know this.",
    "The small things you do are not small to us.",
]
AUDIO_FILE = "what-helped-on-the-ward.mp3"
AUDIO_CAPTIONS = "what-helped-on-the-ward.vtt"
AUDIO_MEDIA_TITLE = "Demo audio: What helped on the ward (computer voice)"
# Measured with ffprobe when the file was made.
AUDIO_DURATION_SECONDS = 69.6

VIDEO_TRANSCRIPT = """\
This story was written for the Storybridge demo. The video link is a placeholder, so this \
transcript is the story.

Hello. I'm Aisha. I have worked in a busy office for twelve years.

Five years ago I became very unwell with depression. There was a time, before that, when I \
hurt myself to cope. I don't do that now, and I'm not going to go into it, but it's part of \
my story.

When I went back to work, a colleague said, in front of everyone, "Oh, you're back from your \
holiday, then." People laughed. I went to the toilets and cried.

What changed things was my manager. She asked me what would help, and she listened to the \
answer. We agreed I would start with short days. She checked in every Friday, just ten \
minutes, and she never made it a big thing.

Later I trained as a peer support worker. Now I sit with people who are where I was. I tell \
them: you are not your diagnosis. You are still you.

If I could say one thing to staff, it's this. Ask the person what helps. Then listen.
"""

COURSE_NARRATIVES = [
    {
        "uuid": UUID("4f6b29fb-2d9e-4d83-bea7-7dd7d2351704"),
        "title": "The kettle was the loudest thing",
        "narrator_pseudonym": "Jo",
        "summary": (
            "Jo talks about the first weeks at home after a stay on a mental health ward. "
            "Small routines, a neighbour and a peer support group helped."
        ),
        "modality": "text",
        "text_body": (
            "<p>I remember the day I came home. The flat was so quiet that the kettle was the "
            "loudest thing in it. I had been on the ward for six weeks. I thought I would be "
            "glad to be back, and part of me was. But I also felt lost.</p>"
            "<p>On the ward, someone always knew where I was. At home, nobody did. I stopped "
            "opening the post. Some days I did not get dressed.</p>"
            "<p>What helped first was very small. My neighbour, Pat, knocked on my door every "
            'morning at ten. She never stayed long. She just said, "Kettle on?" Most days I '
            "said no. Some days I said yes. That knock gave my day a shape.</p>"
            "<p>Then my care coordinator told me about a peer support group at the library. I "
            'nearly did not go. When I did, a man called Ray said, "I know that quiet. It gets '
            'easier." He did not tell me what to do. He just knew.</p>'
            "<p>It is two years now. I still have bad weeks. But I open the post, I go to the "
            'group, and sometimes I am the one who says, "It gets easier."</p>'
        ),
        "themes": ["connectedness", "hope"],
        "characterisation": {
            "Genre": ["Reconciliation"],
            "Emotional tone": ["Hopeful"],
            "Trajectory": ["Upward"],
            "Relationship with recovery": ["Embraces it"],
            "Turning points": ["A relationship", "Peer support"],
        },
        "warnings": [
            ("detention", "mentions a six-week stay on a mental health ward", ""),
            ("mental-health", "describes low mood and not looking after herself", ""),
        ],
        "reviewed_days_ago": 40,
        "consent": {"scope": "education", "given_days_ago": 400, "expires_in_days": None},
    },
    {
        "uuid": UUID("f48e5c2a-bb26-4797-a8f8-28468beb2949"),
        "title": "What helped on the ward",
        "narrator_pseudonym": "Marcus",
        "summary": (
            "Marcus remembers his first days on a mental health ward, and the care assistant "
            "who remembered how he took his tea. About one minute of audio."
        ),
        "modality": "audio",
        "audio": {
            "file": AUDIO_FILE,
            "captions": AUDIO_CAPTIONS,
            "media_title": AUDIO_MEDIA_TITLE,
            "duration": AUDIO_DURATION_SECONDS,
        },
        "transcript": "\n\n".join(AUDIO_SENTENCES),
        "duration_seconds": round(AUDIO_DURATION_SECONDS),
        "themes": ["connectedness", "identity"],
        "characterisation": {
            "Genre": ["Endurance"],
            "Emotional tone": ["Hopeful"],
            "Trajectory": ["Upward"],
            "Relationship with recovery": ["Embraces it"],
            "Turning points": ["Treatment", "A relationship"],
        },
        "warnings": [
            ("detention", "describes being kept in hospital under a section", "00:12"),
            ("psychosis", "mentions hearing voices", "00:17"),
        ],
        "reviewed_days_ago": 20,
        "consent": {"scope": "education", "given_days_ago": 180, "expires_in_days": 730},
    },
    {
        "uuid": UUID("8d297b9f-90a9-4ddb-a830-22f6fba110c7"),
        "title": "Back at my desk",
        "narrator_pseudonym": "Aisha",
        "summary": (
            "Aisha talks about going back to work after depression, a hurtful joke, and the "
            "manager who asked what would help. She now works in peer support."
        ),
        "modality": "video",
        # A placeholder link: nothing loads until a learner chooses to play, and the
        # transcript carries the whole story.
        "embed_url": "https://www.youtube.com/watch?v=SBdemo00001",
        "transcript": VIDEO_TRANSCRIPT,
        "duration_seconds": 150,
        "attribution": f"{ATTRIBUTION}. The video link is a placeholder: read the transcript.",
        "themes": ["identity", "empowerment"],
        "characterisation": {
            "Genre": ["Advocacy"],
            "Emotional tone": ["Mixed"],
            "Trajectory": ["Upward"],
            "Relationship with recovery": ["Embraces it"],
            "Turning points": ["Work or study", "Peer support"],
        },
        "warnings": [
            ("self-harm", "mentions past self-harm briefly, without detail", "00:25"),
            ("stigma", "describes a hurtful joke from a colleague at work", "00:40"),
        ],
        "reviewed_days_ago": 90,
        # Runs out soon, so the 'due for review' report has something to show.
        "consent": {"scope": "public", "given_days_ago": 700, "expires_in_days": 21},
    },
    {
        "uuid": UUID("2be1b3df-db86-4211-8521-518d2344545f"),
        "title": "Small hours",
        "narrator_pseudonym": "Priya",
        "summary": (
            "A short poem by Priya about nights when she could not sleep, and the first "
            "mornings that felt a little lighter."
        ),
        "modality": "poetry",
        "text_body": (
            "<p>At three in the morning<br>the ceiling and I<br>"
            "have long conversations<br>that go nowhere.</p>"
            "<p>Some nights I thought<br>I did not want to be here.<br>"
            "I said it out loud once,<br>to a nurse called Dee,<br>"
            "and she did not flinch.</p>"
            "<p>She said, tell me more.<br>So I did.</p>"
            "<p>Now the small hours<br>are still long sometimes,<br>"
            "but I know the way through:<br>a glass of water,<br>"
            "the window open,<br>a number on the fridge,<br>"
            "and morning, which comes<br>every single time.</p>"
        ),
        "themes": ["hope", "meaning"],
        "characterisation": {
            "Genre": ["Endurance"],
            "Emotional tone": ["Mixed"],
            "Trajectory": ["Up and down"],
            "Relationship with recovery": ["Ambivalent"],
            "Turning points": ["A relationship"],
        },
        "warnings": [
            ("suicide", "one verse refers to not wanting to be here", ""),
            ("mental-health", "describes sleepless nights and low mood", ""),
        ],
        # Last reviewed over a year ago, so it is due for panel review.
        "reviewed_days_ago": 430,
        "consent": {"scope": "education", "given_days_ago": 900, "expires_in_days": None},
    },
    {
        "uuid": UUID("14b4c6fe-7ef4-42bb-8379-154f1fa38e2e"),
        "title": "Letters to my sister",
        "narrator_pseudonym": "Tom",
        "summary": (
            "After his sister died, Tom drank to get through the evenings. He talks about "
            "the letters he started writing to her, and the group that helped him stop."
        ),
        "modality": "text",
        "text_body": (
            "<p>My sister Kath died in the spring. She was forty-one. After the funeral "
            "everyone went home, and I was left with the evenings.</p>"
            "<p>I started having a drink to get through them. Then two, then more. I told "
            "myself it was grief, and it was. But it was also stopping me from feeling "
            "anything at all.</p>"
            "<p>A nurse at my GP surgery asked me how much I was drinking. Nobody had asked "
            "before. I told her the truth, and she did not tell me off. She gave me the "
            "details of a local group.</p>"
            "<p>At the group, someone suggested writing to Kath. It felt silly. I did it "
            "anyway. I told her about the football, about her dog, about the things I wished "
            "I had said. I have a box of letters now.</p>"
            "<p>I have not had a drink for eighteen months. I still miss her every day. But "
            "now I can feel it, and that is better than feeling nothing.</p>"
        ),
        "themes": ["meaning", "connectedness"],
        "characterisation": {
            "Genre": ["Transformation"],
            "Emotional tone": ["Sombre"],
            "Trajectory": ["Upward"],
            "Relationship with recovery": ["Does not mention it"],
            "Turning points": ["A relationship", "Peer support"],
        },
        "warnings": [
            ("bereavement", "the death of his sister", ""),
            ("substance-use", "describes drinking heavily to cope", ""),
        ],
        "reviewed_days_ago": 120,
        "consent": {"scope": "education", "given_days_ago": 300, "expires_in_days": 1095},
    },
    {
        "uuid": UUID("594da891-1c6f-43bd-9ba9-2c4f39865f45"),
        "title": "The allotment",
        "narrator_pseudonym": "Bea",
        "summary": (
            "Bea hears voices. She talks about the community allotment where she found "
            "something she was good at, and people who did not see her as a diagnosis."
        ),
        "modality": "text",
        "text_body": (
            "<p>I have heard voices since I was nineteen. For a long time, that was the only "
            "thing anyone asked me about. How loud are they? What do they say?</p>"
            "<p>My support worker, Dev, asked me something different. He asked what I used to "
            "like doing. I said I used to grow tomatoes with my grandad.</p>"
            "<p>He found a community allotment near my house. The first day, I just stood at "
            "the gate. The second week, I pulled up some weeds. By the summer I had my own "
            "bed of tomatoes, and people were asking me for advice.</p>"
            "<p>The voices did not go away. Some days they still tell me I am useless. But "
            'now I have an answer. I say, "Then who grew these?"</p>'
            "<p>At the allotment I am Bea who knows about tomatoes. That matters more to me "
            "than any diagnosis.</p>"
        ),
        "themes": ["identity", "empowerment"],
        "characterisation": {
            "Genre": ["Transformation"],
            "Emotional tone": ["Hopeful"],
            "Trajectory": ["Upward"],
            "Relationship with recovery": ["Ambivalent"],
            "Turning points": ["Work or study", "A relationship"],
        },
        "warnings": [
            ("psychosis", "describes hearing voices that say unkind things", ""),
        ],
        "reviewed_days_ago": 60,
        "consent": {"scope": "public", "given_days_ago": 500, "expires_in_days": None},
    },
]
