"""Text parser: a free description -> ParseResult(concrete attributes, abstract phrases, warnings).

Rule-based (tables in lexicon.py and features.py); see reader.py for the order of the steps.
"""
from .reader import parse
from .result import ParseError, ParseResult

__all__ = ["parse", "ParseResult", "ParseError"]
