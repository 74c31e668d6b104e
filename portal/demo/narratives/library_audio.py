"""The library's audio narratives, spoken by a computer voice (portal/demo/make_audio.py).

Every word was written for Storybridge; none is a real person's story. Each sentence is one
caption cue, and the transcript is the sentences joined. Durations were measured with ffprobe
when the files were made; warning timestamps are the start of the cue that needs the warning.
"""

from uuid import UUID

INTRO = "This story was written for the Storybridge demo. It is read by a computer voice."

THURSDAYS = [
    INTRO,
    "My name is Sam. I use they and them.",
    "Six years ago, I was drinking from the moment I woke up.",
    "I had lost my job, and most of my friends had stopped ringing.",
    "A nurse in A and E gave me a leaflet for a recovery group.",
    "I kept it in my coat pocket for three months before I went.",
    "The group met on Thursdays, in a room above a café.",
    "Nobody made me talk. Someone just passed me a biscuit.",
    "The second week, a woman called Irene said she had been where I was.",
    "She said it without any shame at all, and that stuck with me.",
    "I kept going. Some Thursdays were the only thing I got up for.",
    "Now I run that group. I am a peer support worker.",
    "I still keep a biscuit tin on the table.",
    "When someone new sits at the back with their coat on, I know that feeling.",
    "I tell them: you don't have to say anything. Just come back next week.",
    "Most of them do.",
]

SUPERMARKET = [
    INTRO,
    "I'm Gareth. I drive a bus for a living.",
    "The first panic attack happened in the supermarket, by the freezers.",
    "My heart was pounding and my hands went numb.",
    "I honestly thought I was having a heart attack.",
    "At the hospital they told me my heart was fine.",
    "I felt daft, and I didn't tell anyone at work.",
    "After that, I started avoiding things.",
    "First the supermarket, then the bank, then the pub with my brother.",
    "My world got smaller and smaller.",
    "My GP referred me to a talking therapy service.",
    "The therapist explained what panic does to the body, step by step.",
    "Then, week by week, we went back into the places I had been avoiding.",
    "The supermarket was last. I stood by the freezers for ten minutes.",
    "The panic rose, and then, for the first time, it fell again on its own.",
    "I still get anxious. But I do the big shop every Saturday now.",
    "And I tell the younger drivers: if it happens to you, talk to someone.",
]

NERVES = [
    INTRO,
    "My name is Winston. I am eighty-one years old.",
    "I came to this country in nineteen sixty-two, and I worked on the railways for forty years.",
    "When I was young, nobody talked about their nerves.",
    "If you were low, you kept your head down and you kept working.",
    "When my wife Gloria died, four years ago, I stopped going out.",
    "I did not answer the phone. I did not go to church.",
    "I told myself I was just an old man, and old men are tired.",
    "My granddaughter Keisha would not accept that.",
    "She sat with me at the doctor's, and she said the word depression out loud.",
    "I was angry with her at first. Then I was glad.",
    "The doctor listened. I had some talking sessions, and some tablets for a while.",
    "My pastor came to visit, and then the men from church started coming too.",
    "We play dominoes on a Wednesday. I still miss Gloria every day.",
    "But now I know that being low is not the same as being old.",
    "If you are my age and you feel this way, tell somebody.",
    "It is never too late to be helped.",
]

WAITING_LIST = [
    INTRO,
    "I'm Leo. I'm eighteen.",
    "I want to talk about the year I moved from children's services to adult services.",
    "Because nobody tells you how hard that bit is.",
    "I was first seen by the children's mental health team when I was fifteen.",
    "I had depression, and I was really anxious about school.",
    "For about a year, I hurt myself to cope with how I was feeling.",
    "I'm not going to describe it. I just want to be honest that it happened.",
    "My worker there was called Nikki. She was brilliant.",
    "She never looked shocked. She helped me find other things to do when it got bad.",
    "Like holding ice, or going for a run, or texting my cousin.",
    "Then I turned seventeen and a half, and people started talking about transition.",
    "That word makes it sound smooth. It was not smooth.",
    "I had one meeting with Nikki and someone from the adult team.",
    "Then my birthday came, and Nikki wasn't my worker any more.",
    "And the adult team had a waiting list.",
    "I waited four months.",
    "In that time, I had some really dark nights.",
    "There were a couple of times when I thought about ending my life.",
    "I didn't act on it. I rang a helpline, and I told my mum.",
    "Telling my mum was the hardest thing I have ever done.",
    "She didn't cry, not in front of me anyway. She just held on to me.",
    "The next morning she rang the GP, and she kept ringing until someone listened.",
    "I got an appointment with the crisis team that week.",
    "They were kind, but they were clear that they were for the short term.",
    "What I really needed was one person who would stick around.",
    "In the end that was Tunde, my care coordinator in the adult team.",
    "The first time we met, he asked what had worked before.",
    "I told him about Nikki, and the ice, and the running.",
    "He wrote it all down. He said, we don't have to start from zero.",
    "I can't explain how much that meant.",
    "It felt like the last three years counted for something.",
    "We met every two weeks, in a café near the bus station, not in a clinic.",
    "Sometimes we talked about how I was feeling. Sometimes we talked about football.",
    "He helped me write down what my bad days look like, and what I need on them.",
    "On a bad day, I go quiet and stop replying to messages.",
    "So now my mum and my cousin know that silence means, come and find me.",
    "That plan has been used more than once. It works because I wrote it, not them.",
    "Tunde also asked if I wanted to see a psychologist, and I said yes.",
    "The therapy was about the way I talk to myself.",
    "I used to call myself useless about fifty times a day, without even noticing.",
    "Now I notice. I don't always stop it, but I notice, and that's a start.",
    "My mum came to one session too. We talked about that night, properly, for the first time.",
    "She said she had been scared of saying the wrong thing.",
    "I said, you didn't. You just held on. That was the right thing.",
    "Tunde helped me get on a college course I had dropped out of.",
    "It's a sports coaching course. I'm in my second term now.",
    "I coach the under-tens on a Saturday morning.",
    "They don't know anything about my mental health, and they don't need to.",
    "To them, I'm just Leo who is rubbish at taking penalties.",
    "I still have low days. I still have a safety plan on my phone.",
    "It has the names of three people I can ring, and the things that help.",
    "I haven't hurt myself for over a year.",
    "I'm not saying that to show off. I'm saying it because I didn't believe it could happen.",
    "If you work in services, here is what I would ask you.",
    "Please don't let the handover be one meeting and a birthday.",
    "Let the young person meet the new worker more than once.",
    "Pass on what works, not just what has gone wrong.",
    "And if there is a waiting list, tell them who they can ring while they wait.",
    "If you are a young person who is in that gap right now, I want to say this.",
    "The gap is not your fault.",
    "Keep telling people, even when it feels like nobody is listening.",
    "Tell a parent, a teacher, a doctor, a helpline. Keep going until someone hears you.",
    "Someone will. For me, it was my mum, and then it was Tunde.",
    "And now, on good days, I think it's me.",
]

AFTER_HIM = [
    INTRO,
    "I'm Nadia.",
    "For eight years I lived with a partner who hurt me.",
    "I won't go into what he did. I got out, with my two children, to a refuge.",
    "I thought leaving would be the end of it. It wasn't.",
    "For a long time afterwards, my body still acted as if he was in the next room.",
    "A car door slamming would send me shaking to the floor.",
    "I couldn't sleep, and when I did, I dreamt about him.",
    "My refuge worker said this had a name: post-traumatic stress.",
    "She helped me get trauma-focused therapy.",
    "It was hard. Some weeks I left the sessions feeling worse.",
    "But slowly, the memories started to feel like memories, and not like now.",
    "Last spring I signed up for a college course in accounting.",
    "I chose everything myself: the course, the days, even the colour of my folder.",
    "That might sound small. After eight years, it isn't.",
    "I still jump at loud noises. But my life is my own again.",
]


def transcript(sentences):
    return "\n\n".join(sentences)


def audio(name, title, duration):
    return {
        "file": f"{name}.mp3",
        "captions": f"{name}.vtt",
        "media_title": f"Demo audio: {title} (computer voice)",
        "duration": duration,
    }


# (mp3 name, captions name, sentences), for portal/demo/make_audio.py.
AUDIO_SCRIPTS = [
    ("the-group-on-thursdays.mp3", "the-group-on-thursdays.vtt", THURSDAYS),
    ("panic-by-the-freezers.mp3", "panic-by-the-freezers.vtt", SUPERMARKET),
    ("nobody-talked-about-nerves.mp3", "nobody-talked-about-nerves.vtt", NERVES),
    ("the-gap-at-eighteen.mp3", "the-gap-at-eighteen.vtt", WAITING_LIST),
    ("my-life-is-my-own.mp3", "my-life-is-my-own.vtt", AFTER_HIM),
]

# Measured with ffprobe when the files were made (make_audio prints them).
DURATIONS = {
    "the-group-on-thursdays": 71.0,
    "panic-by-the-freezers": 76.5,
    "nobody-talked-about-nerves": 80.4,
    "the-gap-at-eighteen": 308.9,
    "my-life-is-my-own": 74.3,
}


def recording(name, title):
    return {
        "audio": audio(name, title, DURATIONS[name]),
        "duration_seconds": round(DURATIONS[name]),
    }


AUDIO_STORIES = [
    {
        "uuid": UUID("7cfbea9f-2e9c-4b5f-a412-2b2637bbe56e"),
        "title": "The group on Thursdays",
        "narrator_pseudonym": "Sam",
        "summary": (
            "Sam talks about the recovery group that helped them stop drinking, and the "
            "biscuit that made them stay. Now Sam runs the group as a peer support worker."
        ),
        "modality": "audio",
        **recording("the-group-on-thursdays", "The group on Thursdays"),
        "transcript": transcript(THURSDAYS),
        "themes": ["connectedness", "empowerment"],
        "characterisation": {
            "Genre": ["Transformation"],
            "Emotional tone": ["Hopeful"],
            "Trajectory": ["Upward"],
            "Relationship with recovery": ["Embraces it"],
            "Turning points": ["Peer support", "Work or study"],
        },
        "warnings": [
            ("substance-use", "describes drinking heavily every day", "00:09"),
        ],
        "reviewed_days_ago": 15,
        "consent": {"scope": "public", "given_days_ago": 240, "expires_in_days": None},
    },
    {
        "uuid": UUID("ff705b14-ceac-41d9-83c0-706086a0450a"),
        "title": "Panic by the freezers",
        "narrator_pseudonym": "Gareth",
        "summary": (
            "Gareth, a bus driver, had his first panic attack in a supermarket and began "
            "avoiding places. He talks about the therapy that helped him go back."
        ),
        "modality": "audio",
        **recording("panic-by-the-freezers", "Panic by the freezers"),
        "transcript": transcript(SUPERMARKET),
        "themes": ["empowerment", "hope"],
        "characterisation": {
            "Genre": ["Endurance"],
            "Emotional tone": ["Matter-of-fact"],
            "Trajectory": ["Upward"],
            "Relationship with recovery": ["Does not mention it"],
            "Turning points": ["Treatment"],
        },
        "warnings": [],
        "reviewed_days_ago": 75,
        "consent": {"scope": "education", "given_days_ago": 150, "expires_in_days": 1000},
    },
    {
        "uuid": UUID("cf7dc5ef-3458-4f73-be97-438a850b31a2"),
        "title": "Nobody talked about nerves",
        "narrator_pseudonym": "Winston",
        "summary": (
            "Winston is eighty-one. After his wife died he stopped going out, and thought it "
            "was just old age. His granddaughter, his doctor and his church helped."
        ),
        "modality": "audio",
        **recording("nobody-talked-about-nerves", "Nobody talked about nerves"),
        "transcript": transcript(NERVES),
        "themes": ["connectedness", "meaning"],
        "characterisation": {
            "Genre": ["Reconciliation"],
            "Emotional tone": ["Sombre"],
            "Trajectory": ["Upward"],
            "Relationship with recovery": ["Does not mention it"],
            "Turning points": ["Faith or spirituality", "A relationship"],
        },
        "warnings": [
            ("bereavement", "the death of his wife", "00:25"),
        ],
        "reviewed_days_ago": 200,
        "consent": {"scope": "public", "given_days_ago": 420, "expires_in_days": None},
    },
    {
        "uuid": UUID("785ebb8e-6a1e-41ad-9c5b-19f156eee420"),
        "title": "The gap at eighteen",
        "narrator_pseudonym": "Leo",
        "summary": (
            "Leo talks about moving from children's to adult mental health services, the "
            "four-month wait in between, and the worker who asked what had helped before. "
            "About five minutes of audio."
        ),
        "modality": "audio",
        **recording("the-gap-at-eighteen", "The gap at eighteen"),
        "transcript": transcript(WAITING_LIST),
        "themes": ["hope", "identity"],
        "characterisation": {
            "Genre": ["Endurance"],
            "Emotional tone": ["Mixed"],
            "Trajectory": ["Up and down"],
            "Relationship with recovery": ["Ambivalent"],
            "Turning points": ["Treatment", "Work or study"],
        },
        "warnings": [
            ("self-harm", "says he hurt himself for a year, without describing it", "00:27"),
            ("suicide", "describes thinking about ending his life while waiting", "01:21"),
        ],
        "reviewed_days_ago": 30,
        "consent": {"scope": "education", "given_days_ago": 90, "expires_in_days": 700},
    },
    {
        "uuid": UUID("2f4b31c5-85b7-4cd9-9584-4a8fe42e09a1"),
        "title": "My life is my own",
        "narrator_pseudonym": "Nadia",
        "summary": (
            "Nadia left an abusive partner and found that the fear did not leave with her. "
            "She talks about post-traumatic stress, therapy and choosing things for herself."
        ),
        "modality": "audio",
        **recording("my-life-is-my-own", "My life is my own"),
        "transcript": transcript(AFTER_HIM),
        "themes": ["empowerment", "identity"],
        "characterisation": {
            "Genre": ["Escape"],
            "Emotional tone": ["Hopeful"],
            "Trajectory": ["Upward"],
            "Relationship with recovery": ["Embraces it"],
            "Turning points": ["Treatment", "Work or study"],
        },
        "warnings": [
            ("domestic-abuse", "says a partner hurt her for years, without detail", "00:07"),
            ("mental-health", "describes flashbacks, nightmares and panic", "00:21"),
        ],
        "reviewed_days_ago": 110,
        "consent": {"scope": "education", "given_days_ago": 330, "expires_in_days": None},
    },
]
