"""Modules that only a rare request needs, loaded when first used rather than by every web worker
at start: scipy's statistics for the attitude report (about 70 MiB) and the PDF portfolio with
fpdf (about 25 MiB). `bench/run.py` reports a worker's peak memory (pages.worker_peak_rss).

    stats = lazy("scipy.stats")         # at module level, in place of `from scipy import stats`

`lazy()` returns the module object at once, as an import statement would, and the standard
library's `importlib.util.LazyLoader` runs its code on the first attribute read. A module of this
project loaded this way must also be imported under `if TYPE_CHECKING:` beside it, so the
layering contracts (import-linter) still see the dependency.
"""

import importlib.util
import sys


def lazy(name):
    """The module `name`, its code run on first use (at once if it is already loaded)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
