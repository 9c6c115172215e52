"""The method as data: muscles, equipment, conditions, rules, sources and
exercises, validated into one immutable ``Catalog``."""

from backchain.knowledge.catalog import Catalog
from backchain.knowledge.loader import default_data_dir, load_catalog
from backchain.knowledge.lookup import ExerciseIndex, NameMatch
from backchain.knowledge.reading import normalise_name

__all__ = [
    "Catalog",
    "ExerciseIndex",
    "NameMatch",
    "default_data_dir",
    "load_catalog",
    "normalise_name",
]
