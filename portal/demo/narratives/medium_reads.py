"""The library's medium-length text narratives (5 to 15 minutes to read). Every word was
written for Storybridge; none is a real person's story."""

from uuid import UUID

MEDIUM_READS = [
    {
        "uuid": UUID("66ec0220-3b28-4ea3-9b38-59fac68007d3"),
        "title": "What the lanyard doesn't say",
        "narrator_pseudonym": "Kwame",
        "summary": (
            "Kwame is a mental health nurse who has bipolar disorder. He writes about being "
            "a patient and a nurse, deciding whether to tell colleagues, and what his own "
            "experience brings to his work."
        ),
        "modality": "text",
        "text_body": (
            "<p>My lanyard says Kwame, Registered Mental Health Nurse. It doesn't say that "
            "fourteen years ago, I was a patient on a ward very like the one I work on now.</p>"
            "<p>I was twenty-six and doing a master's degree in engineering when I had my "
            "first manic episode. I stopped sleeping. I was sure I had solved a problem that "
            "would change the world, and I spent all my savings on equipment to build it. I "
            "talked so fast that my friends couldn't follow me. My sister drove three hundred "
            "miles to find me, and she was the one who called for help.</p>"
            "<p>I was admitted to hospital under a section. At the time I was angry and "
            "frightened. Looking back, I know it probably saved my life, or at least my future. "
            "I was on the ward for seven weeks. Then came the fall: months of depression, "
            "which nobody had warned me about. I dropped out of my course. I thought my life "
            "was over at twenty-seven.</p>"
            "<h2>Finding a diagnosis, and a direction</h2>"
            "<p>I was diagnosed with bipolar disorder. At first the label felt like a prison "
            "sentence. Over time, with a good psychiatrist and a care coordinator called "
            "Faith, it started to feel more like a map. It explained things about my life that "
            "had never made sense. It gave me a way to plan.</p>"
            "<p>Faith was a nurse. She was the one who made me think about nursing. She never "
            "rushed, she always explained, and she treated me as an expert on my own life. I "
            "remember thinking: I want to do that for someone else. I also remember thinking: "
            "they would never let someone like me.</p>"
            "<p>It turned out I was wrong. When I applied to study nursing, I was honest about "
            "my health on the occupational health form. I was terrified it would end my "
            "application. Instead, I had a conversation with a doctor about what support I "
            "might need. That was it.</p>"
            "<h2>To tell or not to tell</h2>"
            "<p>I have been qualified for nine years. For the first few, I told nobody at work "
            "except my manager and occupational health. I heard colleagues say things in the "
            "staff room that made me keep quiet. Things like: he's a typical bipolar, or she's "
            "kicking off again, about patients. People who were kind and skilled, saying things "
            "they would never have said if they knew.</p>"
            "<p>Staying quiet cost me something. I felt like I was pretending. And I felt "
            "that I was letting down the patients, by not challenging the way we talked about "
            "them.</p>"
            "<p>The turning point was a training day about stigma. The trainer asked us to "
            "think about how we talk about patients when they are not in the room. There was a "
            "silence. Then I put my hand up and said: I have bipolar disorder, and I was once "
            "the person you'd be talking about.</p>"
            "<p>My heart was hammering. Nobody said anything for a moment. Then a healthcare "
            "assistant I had worked with for years said: thank you for telling us. I'm going to "
            "think about that. Afterwards, three colleagues came to find me privately. One told "
            "me about her own depression. Another told me about his brother.</p>"
            "<p>Not everyone was so positive. One person started watching me as if I might "
            "explode. Someone made a joke about my mood when I was just tired. I raised it with "
            "my manager, and she dealt with it well. But I won't pretend it was all easy.</p>"
            "<h2>Being on both sides</h2>"
            "<p>People sometimes ask if it is hard to work on a ward when I have been a "
            "patient on one. The honest answer is: sometimes. The first time I helped to "
            "admit someone under a section, I had to go and sit in my car afterwards for ten "
            "minutes. He was about the age I had been. He was shouting that we had no right, "
            "and I remembered shouting the same words.</p>"
            "<p>I talked about it in clinical supervision the next week. My supervisor, Gill, "
            "didn't tell me to toughen up, and she didn't suggest I was in the wrong job. She "
            "asked what I had noticed in myself, and what I needed. We agreed that I would "
            "always have a debrief after restraint or an admission, the same as anyone should. "
            "That has become normal practice on our ward now, for everyone, not only me.</p>"
            "<p>I've also learned where my own experience stops. My bipolar is not anyone "
            "else's bipolar. My recovery, if that is the word, came with things many people "
            "don't have: a sister who drove three hundred miles, a degree behind me, a family "
            "who never turned their backs. I try not to assume that what worked for me will "
            "work for the person in front of me. I ask them instead.</p>"
            "<p>Being on both sides has made me less patient with some things. Forms that "
            "ask the same question five times. Meetings about a patient where the patient "
            "isn't invited. Discharge letters written in words the person can't understand. "
            "I raise these things now, politely and often. Some colleagues find that "
            "annoying. Most of them, I think, are quietly glad someone is saying it.</p>"
            "<h2>What it brings</h2>"
            "<p>I don't tell every patient. It isn't about me. But sometimes, when it will "
            "help, I say something small. I say: I know how frightening it is when you can't "
            "trust your own thoughts. Or: the low after a high can be the hardest part, and it "
            "does lift. I can see that it lands differently when someone knows I mean it.</p>"
            "<p>My experience also makes me careful about the things that made a difference "
            "to me. Explaining the section, even when the person seems too unwell to take it "
            "in. Asking what the person wants to be called. Remembering that the first week on "
            "a ward is one of the most frightening weeks of a person's life.</p>"
            "<p>I look after my health the same way I look after my patients'. I know my early "
            "signs: sleeping less, talking faster, starting too many projects. I have a plan "
            "that my manager and my partner both know about. I have had two short periods off "
            "work in nine years, and both times I came back.</p>"
            "<p>My lanyard doesn't tell the whole story. Nobody's does. That's worth "
            "remembering, about patients and about staff.</p>"
        ),
        "themes": ["identity", "empowerment"],
        "characterisation": {
            "Genre": ["Advocacy"],
            "Emotional tone": ["Hopeful"],
            "Trajectory": ["Stable"],
            "Relationship with recovery": ["Embraces it"],
            "Turning points": ["Diagnosis", "Work or study"],
        },
        "warnings": [
            ("detention", "describes being admitted to hospital under a section", ""),
            ("stigma", "describes how colleagues spoke about patients", ""),
        ],
        "reviewed_days_ago": 65,
        "consent": {"scope": "public", "given_days_ago": 280, "expires_in_days": None},
    },
    {
        "uuid": UUID("28155d05-16bb-42dc-9966-8bb99162f88b"),
        "title": "I don't like the word recovery",
        "narrator_pseudonym": "Rhiannon",
        "summary": (
            "Rhiannon was given a personality disorder diagnosis and felt judged by it. She "
            "writes, with some anger, about services, the skills group she nearly walked out "
            "of, and why she still dislikes the word recovery."
        ),
        "modality": "text",
        "text_body": (
            "<p>I'll be honest from the start. I don't like the word recovery. It makes it "
            "sound like I was broken and now I'm fixed, like a car after an MOT. That's not "
            "how it's been for me.</p>"
            "<p>I was diagnosed with emotionally unstable personality disorder when I was "
            "twenty-three. I'd been in and out of A&amp;E for years by then. I'd hurt myself, "
            "many times, when my feelings got too big to hold. I'm not going to describe "
            "that. But I want you to know that it wasn't attention seeking, whatever was "
            "written in my notes. It was survival.</p>"
            "<h2>The label</h2>"
            "<p>When I got the diagnosis, nobody explained it. I looked it up on my phone in "
            "the hospital car park. The words I read made me feel like there was something "
            "wrong with my whole self, not just with how I was coping. Personality. That's "
            "who you are, isn't it? So who I was, was a disorder.</p>"
            "<p>After that, I noticed a change in how some staff treated me. I'd go to A&amp;E "
            "in crisis and I'd hear someone say, oh, it's her again. One nurse told me I was "
            "taking a bed from someone who was really ill. I went home and I didn't ask for "
            "help again for a long time, which was dangerous.</p>"
            "<p>I'm angry about that, still. I think I'm allowed to be. I was a young woman "
            "who had been through a lot of trauma as a child, and the system looked at me and "
            "saw a problem to be managed.</p>"
            "<h2>The group</h2>"
            "<p>About five years ago, I was offered a place in a skills group. I nearly didn't "
            "go. I was sick of being told to breathe and count to ten. The first week, I sat "
            "by the door with my coat on, ready to leave.</p>"
            "<p>The facilitator, Mo, noticed. She didn't make a thing of it. At the break, she "
            "said, you don't have to take your coat off. I didn't take mine off for the first "
            "two months, when I started. That made me laugh, which I wasn't expecting.</p>"
            "<p>The group wasn't magic. Some of it felt patronising. But some of the skills "
            "were actually useful. Learning to name a feeling before it takes over. Learning "
            "to put cold water on my face when I'm overwhelmed, which sounds daft but works on "
            "the body. Learning to ask for what I need without apologising for it.</p>"
            "<p>What helped most was the other people. For the first time, I was in a room "
            "with people who understood without me having to explain. Nobody looked at me like "
            "I was too much. A woman called Carys became my friend, and she still is. We text "
            "each other on bad nights. We don't try to fix each other. We just say: I'm here.</p>"
            "<p>Mo also did something that nobody in services had done before. She asked "
            "what had happened to me, not what was wrong with me. I didn't answer for a long "
            "time. When I did, months later, she listened, and she didn't write anything "
            "down while I talked. Afterwards she said: it makes sense that you learned to "
            "survive the way you did. You were a child, and you did what you could. I went "
            "home and slept for eleven hours.</p>"
            "<p>I want to be clear that I'm not saying the diagnosis was wrong. Some people "
            "find it helpful, and I respect that. Carys says it helped her, because it "
            "finally explained things. For me, it was the way it was used that hurt. A "
            "diagnosis should open a door to help. Mine felt, for years, like a door closing.</p>"
            "<h2>Bad days</h2>"
            "<p>I still have them. Last winter was rough. My nan died, and I lost a job I "
            "liked, in the same month. Old feelings came back, strong. There was a night when "
            "I sat on the bathroom floor for a long time, trying to decide what to do.</p>"
            "<p>What I did was use the plan. Cold water on my face. Text Carys. Carys rang "
            "me straight back and stayed on the phone until I was calmer. The next morning I "
            "rang the community team and asked for an extra appointment, and I said exactly "
            "what was going on, without apologising. Three years ago, I couldn't have done "
            "any of that. I'd have gone to A&amp;E and waited to be told off.</p>"
            "<p>That's what I mean when I say I don't like the word recovery. I didn't get "
            "over it. I got better at living with it. Those are different things, and I "
            "think services sometimes forget that.</p>"
            "<h2>Now</h2>"
            "<p>I haven't hurt myself in three years. I'm proud of that, though it wasn't a "
            "straight line, and I know it might not last forever. I work part-time in a charity "
            "shop and I'm doing an access course, because I want to study social work.</p>"
            "<p>My tutor knows about my mental health, because I chose to tell her. We "
            "agreed that if I miss a class, she'll send one text, not five, and I'll reply "
            "when I can. It's a small thing. But it means I don't have to pretend to be fine to "
            "stay on the course, and that's the first time education has ever felt like that "
            "for me.</p>"
            "<p>I'm also part of a campaign group that talks to services about the language "
            "they use. We've helped rewrite some of the local crisis team's leaflets. We've "
            "talked to junior doctors about what it's like to be on the other side of the "
            "desk. I don't know if it changes anything. But it's better than being angry on "
            "my own.</p>"
            "<p>So, no, I don't say I'm recovered. I say I'm living. Some days are hard. Some "
            "days are good. I have people, and I have skills, and I have a future I actually "
            "want. If you want to call that recovery, you can. I'll call it my life.</p>"
            "<p>If you work in services, here's what I'd ask. Read the person in front of you, "
            "not just the notes. Never say it's her again. And if someone sits by the door "
            "with their coat on, let them.</p>"
        ),
        "themes": ["empowerment", "identity"],
        "characterisation": {
            "Genre": ["Advocacy"],
            "Emotional tone": ["Angry"],
            "Trajectory": ["Up and down"],
            "Relationship with recovery": ["Rejects it"],
            "Turning points": ["Diagnosis", "Peer support"],
        },
        "warnings": [
            (
                "self-harm",
                "says she hurt herself many times, and mentions a hard night, without detail",
                "",
            ),
            ("stigma", "describes being judged by staff in A&E", ""),
            ("childhood-abuse", "mentions trauma in childhood, without detail", ""),
        ],
        "reviewed_days_ago": 300,
        "consent": {"scope": "education", "given_days_ago": 700, "expires_in_days": None},
    },
]
