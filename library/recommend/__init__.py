"""The story recommender (no Django): see engine.py."""

from .engine import Recommender
from .types import Item, Reason, Recommendation, Signal

__all__ = ["Item", "Reason", "Recommendation", "Recommender", "Signal"]
