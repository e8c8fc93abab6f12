"""Item classification: HS codes and the CHPL, ECCNs, part-number families and free-text
descriptions, each item reduced to an HS-6, a CHPL tier and a UAV item group with the
evidence behind them. Pure: reads only the packaged tables of caspian.data."""

from caspian.items.classify import ItemClass, ItemInputError, classify_item
from caspian.items.eccn import Eccn, parse_eccn
from caspian.items.groups import UavGroup, all_groups, group
from caspian.items.hs import HsCode, chpl_tier, parse_hs

__all__ = [
    "Eccn",
    "HsCode",
    "ItemClass",
    "ItemInputError",
    "UavGroup",
    "all_groups",
    "chpl_tier",
    "classify_item",
    "group",
    "parse_eccn",
    "parse_hs",
]
