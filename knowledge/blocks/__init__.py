from .common import HeadingBlock, QuoteBlock, SourceBlock
from .country import CountrySectionBlock
from .protocol import DecisionTreeBlock, StepBlock

__all__ = [
    "CountrySectionBlock",
    "DecisionTreeBlock",
    "HeadingBlock",
    "QuoteBlock",
    "SourceBlock",
    "StepBlock",
]
