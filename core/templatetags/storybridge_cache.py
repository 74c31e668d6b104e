"""`{% sharedcache key %}…{% endsharedcache %}`: caches a fragment that is the same for every
learner under `key` (build it with core.page_cache.fragment_key); renders uncached when the
key is empty, as in previews."""

from django import template
from django.core.cache import cache

from core.page_cache import FRAGMENT_TIMEOUT

register = template.Library()


class SharedCacheNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist = nodelist
        self.key = key

    def render(self, context):
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, FRAGMENT_TIMEOUT)
        return html


@register.tag
def sharedcache(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% sharedcache key %} takes exactly one argument")
    nodelist = parser.parse(("endsharedcache",))
    parser.delete_first_token()
    return SharedCacheNode(nodelist, parser.compile_filter(bits[1]))
