"""ASCII slugs for addresses, from Polish, Ukrainian (and other Cyrillic) text.

Django's slugify() drops what it cannot fold to ASCII ("ł", all of Cyrillic); a Ukrainian
title would give an empty slug. Letters are transliterated first (Ukrainian: the national
2010 romanisation, simplified to lower case).
"""

from __future__ import annotations

from django.utils.text import slugify

_TRANSLITERATION = str.maketrans({
    "ł": "l", "Ł": "L", "ß": "ss", "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g",
    "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ь": "", "ю": "iu", "я": "ia", "ы": "y", "э": "e", "ё": "e", "ъ": "",
})


def ascii_slug(text: str, max_length: int = 80) -> str:
    """'Запис до шкіл' -> 'zapys-do-shkil'; '' when nothing usable is left."""
    return slugify((text or "").lower().translate(_TRANSLITERATION))[:max_length].strip("-")
