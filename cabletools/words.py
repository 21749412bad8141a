"""Small helpers for the sentences the notebooks and widgets print.

>>> counted(2, "cable")
'2 cables'
"""
from __future__ import annotations

__all__ = ["counted"]


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """'1 cable', '2 cables', '1 country', '3 countries' (thousands separated).

    >>> counted(1, "country"), counted(1204, "cable"), counted(2, "TAG", "TAGS")
    ('1 country', '1,204 cables', '2 TAGS')
    """
    if n == 1:
        return f"1 {singular}"
    word = plural or (singular[:-1] + "ies" if singular.endswith("y") and singular[-2:-1] not in "aeiou"
                      else singular + "s")
    return f"{n:,} {word}"
