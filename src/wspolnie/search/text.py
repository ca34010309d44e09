"""Text handling shared by the index and the query side: folding, query terms, snippets.

Everything here is pure Python (no database), so that both backends see the same terms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: Markers the database puts around a highlighted word in a snippet. They are stripped from
#: every indexed text (see `clean_text`), so user text can never produce one.
MARK_START = "\ue000"
MARK_END = "\ue001"

#: Limits that keep a query cheap whatever is typed.
MAX_QUERY_LENGTH = 500
MAX_TERMS = 12
MAX_TERM_LENGTH = 48

def _word_list(text: str) -> list[str]:
    return text.split()


#: Letters that Unicode does not decompose into a base letter + diacritic, so neither
#: SQLite's `remove_diacritics` nor a plain NFD strip folds them.
_EXTRA_FOLDS = str.maketrans({
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ħ": "h", "Ħ": "H",
    "ŧ": "t", "Ŧ": "T", "ı": "i", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH",
})

#: Words too common to narrow a search down (pl, en, uk). Dropped from the query unless the
#: query has nothing else.
STOPWORDS = frozenset(_word_list("""
    a i o u w z we ze na do od po za dla przy bez pod nad oraz lub albo czy to jest są się że
    jak już też nie tak który która które których kto co
    an the and or of in on at to for with by from into is are be as this that
    та і й в у з із зі на до від по за для при без про це що як чи не або
"""))

#: Words of a request in plain language ("we need someone who …"): dropped when the search
#: falls back to matching any word, where they would only add noise.
REQUEST_WORDS = frozenset(_word_list("""
    szukam szukamy potrzebuję potrzebujemy potrzebny potrzebna ktoś kogoś ktokolwiek mówi
    mówiący mówiącego działa działający pracuje pomaga pomagający
    we i need needs needed someone somebody anyone looking want who which speaks speak
    works working helps helping
    шукаю шукаємо потрібен потрібна потрібно хтось когось хто говорить працює допомагає
"""))

#: Word endings (Polish, English, Ukrainian) a search for "similar words" drops, so that the
#: rest finds the other forms of the word as a prefix: "szkoły" → "szkoł" finds "szkół",
#: "gruzińskim" → "gruzińsk" finds "Gruzińska". Crude, but no stock stemmer knows Polish.
_SUFFIXES = sorted(set(_word_list("""
    owie ami ach ego emu ymi imi ych ich owa owe owy ów om ej ym im ie iu ą ę y i a e o u
    ies ing ed es s
    ами ями ові ого ому ими их ів ях ах ою ею ом ам ям ий ій ої а я у ю і и ї о е ь
""")), key=len, reverse=True)
MIN_STEM = 4

_TERM = re.compile(r"[^\W_]+")
#: A letter of _EXTRA_FOLDS.
_UNDECOMPOSABLE = re.compile("[" + "".join(chr(c) for c in _EXTRA_FOLDS) + "]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff\ud800-\udfff]")


def strip_marks(text: str) -> str:
    """Remove combining diacritics: 'Międzykulturowość' → 'Miedzykulturowosc'."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def fold(text: str) -> str:
    """Lower case, without diacritics, also for letters Unicode does not decompose (ł → l)."""
    return strip_marks(text.translate(_EXTRA_FOLDS)).lower()


def clean_text(text: str) -> str:
    """Indexable text: no control characters, no private-use characters (our markers)."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFC", text or ""))


def extra_terms(*texts: str) -> str:
    """Folded forms of the words whose diacritics SQLite's tokenizer cannot remove
    ('Wrocław' → 'wroclaw'), so that 'wroclaw' finds them there too."""
    found = dict.fromkeys(
        fold(word)
        for text in texts if _UNDECOMPOSABLE.search(text)
        for word in _TERM.findall(text) if _UNDECOMPOSABLE.search(word)
    )
    return " ".join(found)


def words(text: str) -> list[str]:
    """The words of a text as the index sees them (letters and digits; the rest separates)."""
    return _TERM.findall(unicodedata.normalize("NFKC", text))


def stem(word: str) -> str:
    """The word without one common ending, if at least MIN_STEM letters remain."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True)
class ParsedQuery:
    #: Lower-case words the user typed (NFKC), the ones that take part in the search.
    terms: tuple[str, ...]
    #: The words for the fallback "any of the words" search: without request words.
    any_terms: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(stem(term) for term in self.terms))

    @property
    def any_stems(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(stem(term) for term in self.any_terms))


def parse_query(text: str) -> ParsedQuery:
    """Free user text → search terms. Never raises; punctuation and operators are just
    separators, so nothing the user types reaches the database as query syntax."""
    text = (text or "")[: MAX_QUERY_LENGTH * 2]
    all_terms = []
    for word in words(text.lower()):
        word = word[:MAX_TERM_LENGTH]
        if word not in all_terms:
            all_terms.append(word)
    terms = [t for t in all_terms if t not in STOPWORDS] or all_terms
    any_terms = [t for t in terms if t not in REQUEST_WORDS] or terms
    return ParsedQuery(tuple(terms[:MAX_TERMS]), tuple(any_terms[:MAX_TERMS]))


def marked_html(text: str, terms: tuple[str, ...] = ()) -> SafeString:
    """A snippet with database markers → safe HTML: the text is escaped first, then the
    markers become <mark> tags (always balanced). With `terms`, the words with a letter
    Unicode cannot decompose ("Wrocław") that start with one of them (folded) are marked too:
    SQLite finds them through their folded form but cannot mark them itself."""
    text = text or ""
    if terms and _UNDECOMPOSABLE.search(text):
        text = _mark_terms(text, terms)
    parts = []
    open_mark = False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", text):
        if piece == MARK_START:
            if not open_mark:
                parts.append("<mark>")
                open_mark = True
        elif piece == MARK_END:
            if open_mark:
                parts.append("</mark>")
                open_mark = False
        else:
            parts.append(escape(piece))
    if open_mark:
        parts.append("</mark>")
    html = "".join(parts).replace("</mark><mark>", "")
    return mark_safe(html)  # noqa: S308 (escaped above, only our own tags added)


def marked_words(text: str, terms: tuple[str, ...] = (), limit: int = 8) -> list[str]:
    """The distinct words the database marked in `text` (plain text, not HTML)."""
    text = text or ""
    if terms and _UNDECOMPOSABLE.search(text):
        text = _mark_terms(text, terms)
    found = dict.fromkeys(
        word.strip() for word in re.findall(f"{MARK_START}([^{MARK_END}]*){MARK_END}", text)
    )
    return [word for word in found if word][:limit]


def _mark_terms(text: str, terms: tuple[str, ...]) -> str:
    folded_terms = tuple(fold(t) for t in terms)
    out = []
    position = 0
    inside = False
    for match in _MARKER_OR_WORD.finditer(text):
        token = match.group()
        out.append(text[position:match.start()])
        position = match.end()
        if token == MARK_START:
            inside = True
            out.append(token)
        elif token == MARK_END:
            inside = False
            out.append(token)
        elif not inside and _UNDECOMPOSABLE.search(token) and _matches(fold(token),
                                                                       folded_terms):
            out.append(f"{MARK_START}{token}{MARK_END}")
        else:
            out.append(token)
    out.append(text[position:])
    return "".join(out)


_MARKER_OR_WORD = re.compile(f"[{MARK_START}{MARK_END}]|[^\\W_]+")


def _matches(word: str, terms: tuple[str, ...]) -> bool:
    return any(word == t or (len(t) >= 2 and word.startswith(t)) for t in terms)


# -- marking in Python (SQLite: FTS5's highlight()/snippet() evaluate the whole match) -------

_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def _folded_word(word: str) -> str:
    return fold(word)


def _hits(text: str, folded_terms: tuple[str, ...]) -> list[tuple[int, int, int]]:
    """(start, end, term index or -1) of every word of `text`: the word matches a term
    as the full-text index does (folded, a term from two letters on also as a prefix)."""
    words = []
    for match in _WORD.finditer(text):
        word = _folded_word(match.group())
        found = -1
        for number, term in enumerate(folded_terms):
            if word == term or (len(term) >= 2 and word.startswith(term)):
                found = number
                break
        words.append((match.start(), match.end(), found))
    return words


def _marked(text: str, words, start: int, end: int) -> str:
    """text[start:end] with our markers around the matching words in it."""
    out, position = [], start
    for word_start, word_end, found in words:
        if found < 0 or word_start < start or word_end > end:
            continue
        out += [text[position:word_start], MARK_START, text[word_start:word_end], MARK_END]
        position = word_end
    out.append(text[position:end])
    return "".join(out)


def mark_all(text: str, terms: tuple[str, ...]) -> str:
    """The whole text with the matching words marked (as FTS5's highlight())."""
    text = clean_text(text or "")
    return _marked(text, _hits(text, tuple(fold(t) for t in terms)), 0, len(text))


def snippet(text: str, terms: tuple[str, ...], length: int, ellipsis: str = "…") -> str:
    """A part of `length` words of the text with the most different terms in it, the
    matching words marked, an ellipsis where text was left out (as FTS5's snippet())."""
    text = clean_text(text or "")
    words = _hits(text, tuple(fold(t) for t in terms))
    if len(words) <= length:
        return _marked(text, words, 0, len(text))
    last_start = len(words) - length
    starts = {0} | {min(max(0, i - length // 2), last_start)
                    for i, (_s, _e, found) in enumerate(words) if found >= 0}
    best, best_score = 0, (-1, 0)
    for first in sorted(starts):
        found = [hit for _s, _e, hit in words[first:first + length] if hit >= 0]
        score = (len(set(found)), len(found))
        if score > best_score:
            best, best_score = first, score
    end_word = best + length
    begin = 0 if best == 0 else words[best][0]
    end = len(text) if end_word >= len(words) else words[end_word - 1][1]
    marked = _marked(text, words, begin, end)
    return ("" if best == 0 else ellipsis) + marked + ("" if end == len(text) else ellipsis)
