"""The library's text narratives (the long read is in long_read.py). Every word was written for
Storybridge; none is a real person's story."""

from uuid import UUID

from .long_read import LONG_READ
from .medium_reads import MEDIUM_READS

STORIES = [
    LONG_READ,
    *MEDIUM_READS,
    {
        "uuid": UUID("e4ef13a1-a628-482b-973e-22f6e6c34215"),
        "title": "Counting to safe",
        "narrator_pseudonym": "Daniel",
        "summary": (
            "Daniel tests software for a living and has obsessive-compulsive disorder. He "
            "explains the checking that took over his evenings, and the therapy that helped him "
            "stop."
        ),
        "modality": "text",
        "text_body": (
            "<p>My job is to find mistakes. I test software for a bank, and I am good at it, "
            "because I notice everything. For a long time, that was also the problem.</p>"
            "<p>It started with the front door. I would lock it, walk to the car, and then "
            "think: did I lock it? So I would go back and check. Then I would get to the car "
            "and think: but did I check properly? Within a year, leaving the house took forty "
            "minutes. I had to touch the handle a certain number of times. If I lost count, I "
            "had to start again.</p>"
            "<p>Then it spread to the cooker, the taps, the plugs. I would lie in bed picturing "
            "the house burning down because of me. The thoughts were horrible, and the checking "
            "was the only thing that made them stop, for a few minutes.</p>"
            "<p>I knew it did not make sense. That was the worst part. People think OCD means "
            "you like things tidy. It does not. It means your brain sends you an alarm that "
            "will not switch off, and you know it is a false alarm, and you still cannot ignore "
            "it.</p>"
            "<p>My partner, Rob, was the one who said I should see someone. He had started "
            "being late for things because of me, and he was patient, but I could see it was "
            "wearing him down. My GP referred me for cognitive behavioural therapy. The "
            "therapist, Joanne, explained something called exposure and response prevention. "
            "In plain words: you face the thing that makes you anxious, and you do not do the "
            "checking, and you wait.</p>"
            "<p>The first exercise was to lock the front door once, walk to the end of the "
            "road, and not go back. I stood at the corner with my heart going like a drum. The "
            "thought was screaming at me. Joanne had told me to rate my anxiety out of ten "
            "every few minutes. It started at nine. After twenty minutes, it was at five. After "
            "forty, it was at three. Nothing had burned down.</p>"
            "<p>We built up from there, one step at a time. Leave the cooker without checking. "
            "Leave a plug switched on. Go to work without texting Rob to check the door. Some "
            "weeks I went backwards. Joanne said that was part of it, and to write down what "
            "happened, like a bug report. That made sense to me.</p>"
            "<p>It has been two years. I still get the alarm sometimes, especially when I am "
            "tired or stressed. But now I know what it is. I say to myself: that is the OCD, "
            "not a fact. Then I get in the car.</p>"
            "<p>We left for a holiday last month, and I locked the door once. Rob noticed. He "
            "did not say anything. He just squeezed my hand.</p>"
        ),
        "themes": ["empowerment", "hope"],
        "characterisation": {
            "Genre": ["Transformation"],
            "Emotional tone": ["Matter-of-fact"],
            "Trajectory": ["Upward"],
            "Relationship with recovery": ["Embraces it"],
            "Turning points": ["Treatment", "A relationship"],
        },
        "warnings": [
            ("mental-health", "describes intrusive thoughts about a fire, and compulsions", ""),
        ],
        "reviewed_days_ago": 35,
        "consent": {"scope": "education", "given_days_ago": 210, "expires_in_days": None},
    },
    {
        "uuid": UUID("03ad53c7-7cc1-4776-a53f-df59bcf3030a"),
        "title": "The kitchen table",
        "narrator_pseudonym": "Ellie",
        "summary": (
            "Ellie is nineteen. She writes about the eating disorder that started when she was "
            "fifteen, the family treatment that happened around the kitchen table, and what is "
            "still hard."
        ),
        "modality": "text",
        "text_body": (
            "<p>I'm not going to write about numbers. Not weights, not calories, not sizes. "
            "When I was ill, numbers were all I thought about, and I don't want to give them "
            "that much room any more.</p>"
            "<p>My eating disorder started when I was fifteen. It began as a way to feel in "
            "control when everything else felt out of control: exams, my parents arguing, "
            "friends falling out. At first I felt proud of myself. Then I felt nothing, except "
            "cold all the time.</p>"
            "<p>My mum noticed before I did. She found food I had hidden, and instead of "
            "shouting, she sat down on my bedroom floor and cried. I was furious with her. I "
            "said she was overreacting. She took me to the GP anyway.</p>"
            "<p>The eating disorders team offered us family-based treatment. That meant my "
            "parents were in charge of my meals for a while. I hated it. Every meal at the "
            "kitchen table felt like a battle. I said awful things to my mum and dad. They sat "
            "there and took it, and they kept putting the plate in front of me.</p>"
            "<p>The clinician, Marcia, helped me see the illness as something separate from me. "
            "She said: when you shout at your mum, that's often the eating disorder talking. "
            "It doesn't want to lose. But you're not the eating disorder. Slowly, I started to "
            "hear the difference between its voice and mine.</p>"
            "<p>It took a long time, more than two years. There were setbacks, especially "
            "around exams. But bit by bit, I took back control of my own meals. I went to "
            "sixth form. I started drawing again, which I had stopped completely.</p>"
            "<p>I'm at art college now. I still have difficult days, and I still see someone "
            "every month. Sometimes a comment about food or bodies can knock me sideways. But I "
            "eat with my friends, and I laugh at the kitchen table again. My mum and I are "
            "closer than we have ever been.</p>"
            "<p>If you're a parent reading this: your child might say they hate you. Keep "
            "putting the plate down. It's the illness, not them.</p>"
        ),
        "themes": ["connectedness", "identity"],
        "characterisation": {
            "Genre": ["Endurance"],
            "Emotional tone": ["Mixed"],
            "Trajectory": ["Up and down"],
            "Relationship with recovery": ["Ambivalent"],
            "Turning points": ["Treatment", "A relationship"],
        },
        "warnings": [
            ("eating-difficulties", "describes restricting food, without numbers", ""),
        ],
        "reviewed_days_ago": 18,
        "consent": {"scope": "education", "given_days_ago": 100, "expires_in_days": 730},
    },
    {
        "uuid": UUID("c8a7c7f3-9c32-4e2a-a838-fe1b4131b96d"),
        "title": "Not the mum I planned to be",
        "narrator_pseudonym": "Sadia",
        "summary": (
            "After her son was born, Sadia had frightening thoughts and felt she was failing "
            "as a mother. She writes about the perinatal team, her family, and asking for help."
        ),
        "modality": "text",
        "text_body": (
            "<p>I had a plan for being a mum. I had read the books. I had a list of songs to "
            "sing. I was going to be calm and patient, like my own mother.</p>"
            "<p>When Ibrahim was born, I loved him so much it frightened me. And then the "
            "frightening thoughts started. What if I dropped him on the stairs? What if I "
            "hurt him without meaning to? The thoughts would not stop. I would not bathe him "
            "on my own. I stopped going downstairs with him in my arms.</p>"
            "<p>I didn't tell anyone. I thought if I said those thoughts out loud, they would "
            "take him away from me. In my family, we don't really talk about mental health. My "
            "mother-in-law said I was just tired, and that in her day, women got on with it.</p>"
            "<p>It was my health visitor, Angela, who asked the right question. She asked: "
            "some new mums have scary thoughts about their baby being harmed. Has that happened "
            "to you? I burst into tears. She said: that is very common, and it doesn't mean you "
            "would ever act on it. It means you care about him very much.</p>"
            "<p>Angela referred me to the perinatal mental health team. They explained that I "
            "had postnatal depression and anxiety, and that the thoughts were intrusive "
            "thoughts, not wishes. I had therapy, and for a while I took medication that was "
            "safe while breastfeeding. A nursery nurse from the team came to the house and did "
            "bath time with me until I felt ready to do it alone.</p>"
            "<p>My husband came to some appointments. Slowly, he explained things to his "
            "mother. She surprised me. One day she sat with me and said she had felt "
            "something like this after her first baby, and nobody had helped her. She said she "
            "was glad I had asked.</p>"
            "<p>My faith helped me too. Praying gave my mornings a rhythm when everything "
            "else felt chaotic.</p>"
            "<p>Ibrahim is two now. He is loud and funny and loves buses. I am not the mum I "
            "planned to be. I am a mum who asked for help, and I think that is better.</p>"
        ),
        "themes": ["hope", "identity"],
        "characterisation": {
            "Genre": ["Reconciliation"],
            "Emotional tone": ["Hopeful"],
            "Trajectory": ["Upward"],
            "Relationship with recovery": ["Embraces it"],
            "Turning points": ["Treatment", "Faith or spirituality"],
        },
        "warnings": [
            (
                "parental-guidance",
                "intrusive thoughts about her baby coming to harm, after giving birth",
                "",
            ),
            ("stigma", "a family that did not talk about mental health", ""),
        ],
        "reviewed_days_ago": 130,
        "consent": {"scope": "education", "given_days_ago": 230, "expires_in_days": 1000},
    },
    {
        "uuid": UUID("de0e65ed-7e53-4986-a855-d563ff9cf164"),
        "title": "Back on the pitch",
        "narrator_pseudonym": "Jamal",
        "summary": (
            "Jamal was twenty when smoking cannabis every day and a first episode of psychosis "
            "took him away from football. He writes about the early intervention team and "
            "getting back to the game."
        ),
        "modality": "text",
        "text_body": (
            "<p>Football was my whole life. I played for a semi-professional club, and I "
            "coached kids on Saturday mornings. I also smoked a lot of cannabis. Everyone I "
            "knew did. I didn't think it was a big deal.</p>"
            "<p>When I was twenty, things started to change. I thought people on the bus were "
            "talking about me. I thought my teammates had a plan to get me kicked out. I "
            "stopped going to training. I stayed in my room with the curtains shut, because I "
            "was sure someone was watching the house.</p>"
            "<p>My brother got me to the GP, and I was referred to the early intervention in "
            "psychosis team. My care coordinator, Precious, came to see me at home. She didn't "
            "argue with what I believed. She asked how scared I was, and what would help me "
            "feel safer. Nobody had asked me that.</p>"
            "<p>I started medication, which helped, although it made me tired at first. "
            "Precious was honest about cannabis. She didn't lecture me, but she showed me the "
            "research and asked me what I wanted for my life. I said football. She said, then "
            "let's work out what gets you there.</p>"
            "<p>Cutting down was harder than I expected. I stopped and started a few times. My "
            "friends still smoked, so I had to find new ways to spend my evenings. The team had "
            "a worker who helped people back into work and sport, and she got me onto a "
            "coaching course.</p>"
            "<p>It took a year before I went back to training. The manager knew I had been "
            "unwell, but not the details. On my first day back, I scored in a practice match, "
            "and the lads all piled on me. I nearly cried.</p>"
            "<p>I don't smoke any more. I still see the team, less often now. I'm not saying "
            "everything is perfect. But I'm on the pitch, and I'm coaching the under-twelves "
            "again. Last week one of them asked me what I want to be when I grow up. I said, "
            "this.</p>"
        ),
        "themes": ["hope", "connectedness"],
        "characterisation": {
            "Genre": ["Transformation"],
            "Emotional tone": ["Hopeful"],
            "Trajectory": ["Upward"],
            "Relationship with recovery": ["Ambivalent"],
            "Turning points": ["Treatment", "Work or study"],
        },
        "warnings": [
            ("substance-use", "describes smoking cannabis every day", ""),
            ("psychosis", "describes believing he was being watched and talked about", ""),
        ],
        "reviewed_days_ago": 250,
        "consent": {"scope": "education", "given_days_ago": 450, "expires_in_days": 400},
    },
    {
        # Consent ran out a month ago, so this story never appears anywhere: the library, search,
        # recommendations and modules all check consent first. Kept to show that rule at work.
        "uuid": UUID("52d515d8-d523-4c8d-a9ab-e0c7afed7116"),
        "title": "The day centre",
        "narrator_pseudonym": "Harold",
        "summary": (
            "Harold remembers the day centre he went to for twenty years, and what he missed "
            "when it closed. Its consent has run out, so learners never see it."
        ),
        "modality": "text",
        "text_body": (
            "<p>For twenty years, I went to the day centre on Tuesdays and Fridays. There was "
            "a pool table with a wobbly leg, a woman called June who made the best shepherd's "
            "pie in the county, and a garden we all looked after.</p>"
            "<p>I have schizophrenia. Most of the week, I was on my own in my flat. The day "
            "centre was where I saw people. It was where somebody would notice if I wasn't "
            "right, and ask.</p>"
            "<p>When it closed, they said we would all get personal budgets and could choose "
            "our own activities. I understand why. Some people liked that. But I didn't know "
            "what to choose, and there was nobody to choose it with.</p>"
            "<p>It took me two years to find something else: a walking group run by a charity. "
            "It's not the same. But three of us from the old centre go, and we always end up "
            "talking about June's shepherd's pie.</p>"
        ),
        "themes": ["connectedness"],
        "characterisation": {
            "Genre": ["Endurance"],
            "Emotional tone": ["Sombre"],
            "Trajectory": ["Downward"],
            "Relationship with recovery": ["Does not mention it"],
            "Turning points": ["Peer support"],
        },
        "warnings": [],
        "reviewed_days_ago": 340,
        "consent": {"scope": "public", "given_days_ago": 1100, "expires_in_days": -30},
    },
]
