"""xAPI tracking: statements about learning, kept in an outbox and forwarded to each LRS.

tracking imports only core (and Django, Wagtail, tincan); the apps above it use these public
modules, and learn nothing else of it:

- `tracking.recording`: `record(*statements, user=...)`, the one way a feature stores
  statements, in the transaction of the action that caused them.
- `tracking.learning`: the statement vocabulary of learning events (course registered,
  module completed, reflection submitted ...), which builds what `record()` stores.
- `tracking.sensitive`: counts of breaks and support requests, sent later and unlinkable.
- `tracking.activities`: activity ids and definitions, for describers and migrations.
- `tracking.descriptions`: `register_describer(kind, describer)`, how an app describes the
  activities of its kind at their IRI, and `block_activity()` for module body blocks.
- `tracking.player.content`: `register_page_content(content)`, how the app owning module
  pages answers which narratives a page view may play.

Registries are filled from the other apps' AppConfig.ready(). Everything else (the outbox,
the forwarder, the player's events, the admin) is tracking's own.
"""
