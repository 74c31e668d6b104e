"""The transcripts of the library's video narratives (library_video.py). The video links are
placeholders, so each transcript is the whole story. Every word was written for Storybridge."""

OPENING = (
    "This story was written for the Storybridge demo. The video link is a placeholder, so this "
    "transcript is the story."
)

RECOVERY_CAFE = f"""\
{OPENING}

Interviewer: Thank you for talking to us. Can you start by telling us who you are?

Peter: I'm Peter. I'm fifty-five. I live in a town in the Midlands, and I run a recovery café \
on a Tuesday. I've been sober for nine years, and I haven't placed a bet for seven. I say both \
numbers, because people forget the gambling. I nearly did myself.

Interviewer: Let's go back to the start. When did things begin to go wrong?

Peter: I don't think there was one day. If you'd asked me at twenty, I'd have said I was having \
a good time. I worked on building sites. You finished on a Friday, you went to the pub with the \
lads, and you went home on Sunday. That was normal where I grew up. My dad did the same. His \
dad did the same. Nobody called it a problem.

The gambling came later. At first it was the football coupon, a couple of quid. Then the \
bookies, on the way home. Then, when the phones came in, it was in my pocket all day. I could \
bet on anything, any time. Tennis in a country I couldn't find on a map. I used to bet on the \
weather once.

Interviewer: How did the two fit together?

Peter: They fed each other. I'd drink, and I'd feel lucky. I'd lose, and I'd drink to forget \
it. Then I'd bet to win it back. You never win it back. I know that now. I didn't know it then, \
or I knew it and I didn't believe it.

Interviewer: What was happening at home?

Peter: I was married to Jackie then. We had two boys. I was there, but I wasn't there, if that \
makes sense. I'd sit at the tea table with my phone under it. I missed parents' evenings. I \
missed my eldest scoring in a cup final, because I was in the pub watching a horse race. He \
still mentions it. He's thirty now, and he still mentions it, and he's right to.

Jackie held it together for years. She did two jobs. She hid letters from the bank, and I hid \
letters from her. In the end, she found a credit card statement I'd forgotten to hide. There \
were things on it she didn't even understand. She asked me to leave, and I went to my mum's.

Interviewer: How did you feel then?

Peter: Angry, mostly. At her. At the bank. At everyone except me. I told my mum it was all a \
misunderstanding. She was seventy-four. She believed me, because she wanted to.

Interviewer: You've said before that things got worse before they got better.

Peter: They did. I want to be honest about this part, because it matters. About a year after \
I moved out, my dad died. He had a stroke, quite sudden. I was drinking every day by then, from \
the morning. At the funeral I was drunk. I don't remember most of it. My brother has never \
really forgiven me, and we're only just talking again now.

After that, I took money from my work. It was money for materials, and I told myself I'd put \
it back when I had a win. I never had the win. I was caught, of course. I went to court, and \
I got a short prison sentence. Four months.

Interviewer: What was prison like?

Peter: Frightening, at first. Then, strangely, it was the first time in years I'd been sober for \
more than a day. No pub. No phone. I had the shakes for the first week, and a nurse there \
looked after me. She was very matter-of-fact. She said, you're not the first and you won't be \
the last, and you don't have to come back here.

There was a man on my wing called Clive. He was older than me, and he'd been in and out for \
years. One night he said, I've had thirty years of this, Pete. Don't have thirty years. That's \
all he said. But I lay awake thinking about it.

Interviewer: What happened when you came out?

Peter: My probation officer, Mrs Adeyemi, got me a place at a recovery service. I went because \
I had to. That's the truth. It wasn't a big moment of wanting to change. I went because it was \
a condition.

The first groups, I sat with my arms folded. I thought, I'm not like these people. I'm not an \
alcoholic, I just like a drink. I'm not a gambler, I just like a flutter. I had a lot of \
"justs" in those days.

Interviewer: What changed that?

Peter: A woman called Margaret. She was in her sixties. Very smart, very well spoken, a retired \
head teacher. She stood up one week and said she'd lost her house to online bingo. I nearly \
fell off my chair. I'd had a picture in my head of what a gambler looked like, and it was \
nothing like her. And I thought, if it can be her, then it can be me. I'm not special. That \
was a relief, honestly. I didn't have to be special.

Interviewer: What helped most in those first months?

Peter: Routine. I'd never had one, not a healthy one. The service had a timetable, and I stuck \
it on my mum's fridge. Monday, group. Tuesday, the café. Wednesday, the gym, which was a bench \
and some old weights in a church hall. Thursday, one-to-one with my key worker. Friday was the \
hard one. Friday had always been the pub. So on Fridays I went to my mum's sister's house and \
fixed things. Her shed, her fence, her back door. She made me a bacon sandwich every week and \
never asked me anything.

The other thing was money. My key worker, Dean, sat with me and we rang the banks together. I \
asked them to block gambling on my cards. I put blocking software on my phone. I gave my mum my \
bank card for a year. I was fifty, giving my mum my bank card. That was humbling. But I'd \
rather be humble than back in a cell.

Interviewer: Were there setbacks?

Peter: Yes. About eight months in, I had a drink. It was at a wedding. I told myself one glass \
of champagne wouldn't hurt. Then it was the whole evening. The next morning, I wanted to throw \
it all in. I thought, that's it, I've ruined it, I might as well carry on.

But I rang Dean instead. And he said something I've said to other people a hundred times since. \
He said, a slip is a day, not a direction. You had a bad day. You don't have to have a bad \
year. I went to group that afternoon and I told them. Nobody judged me. Margaret said, welcome \
back, and made me a tea.

Interviewer: What about your mum, through all of this?

Peter: My mum was the one who never gave up, and I gave her plenty of reasons to. When I came \
out of prison, she met me at the gate with a flask of tea and a sausage roll. She didn't say \
anything about what I'd done. She just said, you look thin.

She came to a family group at the service, once a month. At first she went for me. Later she \
said she went for herself, because she'd spent thirty years worrying about my dad's drinking \
and then about mine, and nobody had ever asked how she was. The family group asked. She made \
friends there. She still goes out for lunch with two of the women from it, and she's eighty-three.

I used to think my drinking was my business. It wasn't. It was everyone's business who loved \
me. My mum, Jackie, the boys, my brother. They all paid for it. Part of my recovery has been \
learning to say that out loud without falling apart, and without making it all about me again.

Interviewer: Did you have help with your mental health, as well as the drinking and gambling?

Peter: Yes, and that surprised me. Dean, my key worker, said after a few months, I think \
there's something underneath this. He was right. When I stopped drinking, all the feelings I'd \
been drowning came back up. Guilt, mainly. And grief for my dad, which I'd never let myself \
feel. Some mornings I couldn't see the point of anything.

I saw a counsellor for about a year. I was embarrassed at first. Men like me didn't do \
counselling, where I came from. But she was brilliant. She helped me see that I'd been using \
drink and betting to switch my feelings off since I was a teenager. I'd never learned any other \
way to cope. So we worked on that. Small things. Naming what I was feeling. Writing it down. \
Telling someone before it built up.

I still see my GP every few months. I'm on a low dose of an antidepressant, and I'm not \
ashamed of that. It's just another tool in the box, like the café and the group and the walks.

Interviewer: How did you come to run the café?

Peter: After about two years, the service asked if I'd help out. Just washing up at first, and \
setting out chairs. Then I did a course in peer support. It was the first exam I'd passed since \
school. I framed the certificate, which my boys laugh at.

Now I open the café every Tuesday. It's nothing fancy. Tea, coffee, toast, a pool table, and \
a board where people pin up their good news. A job interview. A day sober. A grandchild. Anyone \
can come, as long as they've not had a drink or a bet that day. We don't ask for proof. We \
trust people, and most of the time they deserve it.

Interviewer: What do you see in people who come for the first time?

Peter: Myself, mostly. The folded arms. The "I'm not like these people". I don't argue with \
it. I just say, have a slice of toast, have a game of pool, come back next week if you want. \
I'd say half of them come back. Some of those come back every week for years.

Interviewer: How are things with your family now?

Peter: Better. Not fixed. Jackie and I aren't together, and that's right. But we're friendly. \
She came to the café's birthday party last year, and she cried, and so did I. My younger son \
comes round for his tea on Sundays. My eldest took longer. For a long time, he didn't want \
anything to do with me, and I had to accept that. You can't make someone forgive you. You can \
only keep turning up and being the person you say you are.

Then, two years ago, he rang me. His wife was expecting their first. He said, I want my son to \
know his grandad, but I need to know you're going to stay well. I said, I can't promise \
forever, but I can promise today. He said, that'll do. Now I take my grandson to the park on a \
Saturday. I'm the one with his coat and his snacks and his spare socks. I'm there. I'm \
actually there.

Interviewer: And your brother?

Peter: We're getting there. We went to our dad's grave together last spring, for the first \
time. I said sorry for the funeral. He didn't say it was all right, because it wasn't. But he \
put his hand on my shoulder. That's a lot, from my brother.

Interviewer: What does recovery mean to you?

Peter: It's a funny word. Some people at the café don't like it. They say, recovered from \
what? I wasn't ill, I was just stupid. I say, you weren't stupid. Nobody gets into this mess \
because they're stupid. You get into it for reasons. Grief, or boredom, or pain, or because \
everyone around you did the same.

For me, recovery is a life I don't need to escape from. That's it. It's not perfect. I still \
get the urge sometimes, when a big match is on, or when I've had a hard week. The urge is like \
a wave. It comes, it peaks, and if you don't feed it, it goes. I've learned to ride it out. I \
ring someone, I go for a walk, I put the kettle on.

Interviewer: What would you say to a nurse, or a doctor, or a social worker watching this?

Peter: Ask about gambling. Please. People ask about drink, and they ask about drugs, but nobody \
ever asked me about gambling. Not once, in all those years. I'd have lied at first, probably. \
But if someone had asked, I'd have known it was a thing you could talk about. I'd have known I \
wasn't the only one.

And don't give up on the people who fold their arms. I went to that service because I had to. \
The people there didn't know I'd stay. They treated me as if I might. That's what made the \
difference.

Interviewer: And to someone who is where you were?

Peter: You're not the only one, and you're not too far gone. I was fifty, with a prison record \
and a family who didn't want me, and I got a life back. Not the old one. A better one. Find \
your Tuesday, whatever that is for you. And if you can't find one, come to mine. The kettle's \
always on.

Interviewer: Thank you, Peter.

Peter: Thank you for asking. Nobody used to.
"""

INTERPRETER = f"""\
{OPENING}

My name is Mariam. I am forty-four years old. I came to the United Kingdom as a refugee seven \
years ago, with my husband and my daughter.

I want to talk about the first time I saw a therapist here, and about the woman who sat beside \
me and turned my words into English.

Before we came, there was war in my city. I will not describe it. I will only say that we lost \
our home, and some people we loved, and that for a long time afterwards I could not stop seeing \
it.

When we arrived, I thought the hard part was over. We were safe. My daughter went to school. My \
husband found work in a warehouse. But I could not sleep. Every night, I woke at the same time, \
with my heart racing. If I heard a plane, I looked for somewhere to hide. I was ashamed, because \
I was safe now, and I thought I should be grateful, not frightened.

My English was not good then. At the doctor's, my daughter translated for me. She was twelve. I \
could not tell the doctor the truth in front of her. So I said I had headaches. The doctor gave \
me tablets for headaches.

It was a teacher at my English class who said, I think you might be carrying something heavy. \
She helped me ask for a referral to a service for people who have been through trauma. And she \
told me something I did not know: that I could ask for an interpreter, and that I did not have \
to use my child.

The first session, I was very nervous. The therapist was a young man called Daniel. The \
interpreter was a woman called Samira. She was older than me, from a different country, but we \
spoke the same language. Before we started, Daniel explained that Samira would say everything \
exactly, and that she would keep it private. Samira looked at me and nodded. That nod helped me \
more than I can say.

For the first few weeks, I only talked about small things. Sleep. Food. My daughter's school. \
Daniel did not push me. He explained what trauma can do to the body and the mind. He said my \
reactions were not weakness. He said they were my body trying to keep me safe, even though the \
danger had passed.

Later, we did the harder work. We talked about the worst memories, slowly, a little at a time. \
Some sessions I cried so much that I could not speak. Samira waited. Daniel waited. Nobody \
hurried me.

Something I did not expect: sometimes there was no word in English for what I meant. Samira \
would say to Daniel, there is a word in our language that means something like this, but it is \
also about family, and about pride. And Daniel would listen, and ask more. I felt that my whole \
self was allowed in the room, not just the parts that translate easily.

After about a year, the nightmares came less often. I still wake sometimes. But now, when I \
hear a plane, I can tell myself: it is only a plane, you are in your kitchen, your daughter is \
upstairs. Most of the time, my body listens.

My husband did not understand at first. In our culture, he said, we keep these things \
inside the family. We argued about it. Then Daniel invited him to one session, with Samira \
there too. Daniel explained what trauma is, and that it is common after war. My husband was \
quiet for a long time. Then he said, I have the dreams too. I did not know. He had been \
protecting me, and I had been protecting him, and we were both alone with it. Now he has his \
own therapist, and we talk to each other more honestly than before.

I also joined a women's choir at the community centre. We sing songs from many countries. I do \
not sing well, but that is not the point. The point is to breathe together.

Now my English is much better. I am training to be a community interpreter myself. I want to \
be for someone else what Samira was for me.

If you work in health services, please remember this. Ask if the person needs an interpreter. \
Do not use their children. And give them time, because trust does not translate quickly.
"""

LISTS = f"""\
{OPENING}

Hi. I'm Owen, and I'm sixteen. I'm a young carer. That means I help look after my mum.

My mum has depression. Some days she's fine. She makes jokes, she sings in the kitchen, she \
nags me about my homework. Other days she can't get out of bed, and she doesn't really talk.

On those days, I do the things that need doing. I get my little sister up for school. I make \
the packed lunches. I check Mum has eaten something, and that she's taken her tablets. I used \
to do it all from memory, and I kept forgetting things, and then I'd feel terrible.

So I started writing lists and sticking them on the fridge. One for school mornings. One for \
shopping. One that just says "things that help Mum", like opening the curtains, or putting the \
radio on quietly.

For a long time, I didn't tell anyone at school. I thought I'd get Mum in trouble, or that \
someone would take us away. So when I was late, or I hadn't done my homework, I just got \
detentions and said nothing.

Then a teacher, Mr Hughes, asked me to stay behind. He didn't tell me off. He asked if \
everything was all right at home. I said yes. He said, well, if it ever isn't, my door's open. \
A week later, I went back and told him.

He put me in touch with a young carers' group. We meet once a fortnight. We've been bowling, \
and to the seaside once. Mostly we just talk, or don't talk, and nobody needs anything \
explaining. Everyone there knows about lists on the fridge.

School knows now too, so if I'm late on a bad morning, I don't get a detention. I get a nod.

Mum's getting help as well. She sees someone every week. She's the one who said I should do \
this video. She said, people should know what you do. I said, I don't do much. She said, Owen, \
you do loads.

So, if you know a young person who's always tired, or always late: maybe ask them how things \
are at home. Ask kindly. Then wait, because they might not say it the first time.
"""

WHERE_I_STAND = f"""\
{OPENING}

Hello. I'm Chloe. I'm twenty-seven, I work in a bookshop, and I'm a trans woman.

I've had depression and anxiety since I was a teenager. For a long time, I thought they were \
just part of who I was, like my height or my hair.

When I first came out, I lost some friends. A relative said some things at a family party that \
I still think about. I stopped going out, except for work. I felt like I was always being \
looked at, always waiting for someone to say something.

When I finally went to my GP about my mood, I was scared they would think it was all because I \
was trans. That it was something about me that needed fixing. And honestly, the first doctor I \
saw did make it about that. She asked more questions about my transition than about how I was \
sleeping.

I nearly didn't go back. But a friend told me to ask to see someone else, and I did. The second \
doctor asked what I wanted help with. I said: my mood, my sleep, and the panic on the bus. She \
said, then let's start there.

She referred me to talking therapy, and she also told me about a peer support group for LGBTQ+ \
people with mental health problems. That group changed things. For the first time, I was in a \
room where I didn't have to explain myself before I could get to the point.

I'm not going to pretend everything is fine now. The world can still be hard. Some days I read \
the news and I feel it in my chest. But I have my people. I have tools for the panic. And I \
know that my mental health and my identity are two different things. One I'm looking after. \
The other I'm proud of.

If you work in health care, here's what I'd ask. Ask the person what they've come in for. \
Don't make assumptions. And if someone is brave enough to come back after a bad appointment, \
please make it a good one.
"""
