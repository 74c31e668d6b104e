"""The story recommender (no Django): the model in engine.py (scikit-learn, which brings scipy's
statistics: import it as `library.recommend.engine`, lazily in a web worker), the values it takes
and gives in types.py."""

from .types import Item, Reason, Recommendation, Signal

__all__ = ["Item", "Reason", "Recommendation", "Signal"]
