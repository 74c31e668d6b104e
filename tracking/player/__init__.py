"""Narrative playback, from the browser's player events to Video and Audio Profile statements.

The module page carries a signed token per page view (`tokens.make_token`, rendered by the
`xapi_tracking` tag) naming the learner, their enrolment, the module and a fresh nonce. The
tracking script (static/js/tracking.js) posts batches of player events with it to
/xapi/events/ (tracking/event_views.py); `storage.record_batch` checks every event
(`events`), builds its statement (`statements`) and stores the batch in one transaction: all
of it or nothing. Simulated demo learners call `record_batch` too. Which narratives a page view
may play is answered by the app that owns module pages, through the registry in `content`.
A story opened from the learner library has a token of its own (`tokens.make_library_token`,
rendered by the `xapi_library_tracking` tag) naming the learner and the story; the app that owns
the library says through `content`'s second registry whether the learner may still see it, and
its statements have the library as parent and no registration.

A player's xAPI session is `uuid5(nonce, narrative uuid)`: known to the server without a row,
and impossible for the browser to choose. Statement ids are derived from the session and the
event's sequence number, so a batch sent twice (a keep-alive fetch and then a beacon) is
stored once; initialized and completed are fixed per session, so each is stored at most once.

Statements follow the xAPI Video Profile (https://w3id.org/xapi/video) and, for audio, the
ADL Audio Profile, which uses the same verbs and extensions; their shape is that of Ralph's
video models (ralph.models.xapi.video), which the tests validate against.

Modules: `tokens` (the page view's signed token), `events` (checking a batch's events and
their played segments), `statements` (building the statements), `content` (the narratives a
page view may play), `storage` (`record_batch`).
"""
