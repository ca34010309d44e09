"""Synthetic data at city scale, for benchmarks and for trying the product with many rows.

`wspolnie synth --organisations 10000` fills an empty database: every wspolnie app that has a
`synth.py` module with `ORDER` (an int) and `build(world: World) -> int` (the number of rows it
made) adds its part, in `ORDER`, through `bulk_create`; the search index is built once at the
end. The same `--seed` gives the same data (each section draws from its own random generator,
so adding a section to one app does not change what another makes).

Texts are multilingual as real ones are: Polish with diacritics, Ukrainian in Cyrillic,
English; words drawn with Zipf-like frequencies (a few words are everywhere, most are rare).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models

from .plugins import wspolnie_app_modules

#: Every synthetic organisation's slug starts with this.
SLUG_PREFIX = "synth-"


def _words(text: str) -> list[str]:
    return text.split()


WORDS = {
    "pl": _words(
        "pomoc prawna edukacja szkoła rodzina dzieci młodzież kobiety praca mieszkanie zdrowie "
        "kultura integracja dialog wolontariat język polski kurs tłumaczenia porady spotkania "
        "warsztaty świetlica sąsiedzi międzykulturowość migranci uchodźcy cudzoziemcy "
        "legalizacja pobytu urząd wniosek dokumenty psycholog wsparcie grupa liderzy "
        "społeczność festiwal muzyka taniec kuchnia teatr sport biblioteka dyżur punkt "
        "informacyjny zapisy przedszkole gruzińska ukraińska białoruska wrocław nadodrze "
        "rosyjski ołbin żłobek opieka seniorzy"
    ),
    "en": _words(
        "help legal education school family children youth women work housing health culture "
        "integration dialogue volunteering language course translation advice meetings "
        "workshops neighbours migrants refugees residence permit office documents support "
        "group leaders georgian ukrainian community centre"
    ),
    "uk": _words(
        "допомога освіта школа родина діти молодь жінки робота житло здоров'я культура "
        "інтеграція діалог волонтерство мова курс переклад консультації зустрічі підтримка "
        "громада українська польська документи"
    ),
}
SYLLABLES = {
    "pl": _words("ka ro ni wa mi lo sz cz ze to pa la be ru do ko ma si na te gro pra dzi "
                 "ść ół ęż"),
    "en": _words("ta re no li sa mo ve ra di on er an st ch co pe ma ri"),
    "uk": _words("ка ро ні ва мі ло ше че зе то па ла бе ру до ко ма сі на те гро пра ді їж"),
}
ORGANISATION_WORDS = ["Fundacja", "Stowarzyszenie", "Klub", "Centrum", "Grupa", "Dom"]


class Vocabulary:
    """Real words among generated ones, with Zipf-like frequencies, as in real text."""

    def __init__(self, rng: random.Random, language: str, size: int = 4000) -> None:
        real = WORDS[language]
        syllables = SYLLABLES[language]
        generated = {
            "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
            for _ in range(size)
        }
        words = sorted(generated - set(real))
        rng.shuffle(words)
        # The real words spread over the ranks: some common, most of them rare.
        for position, word in enumerate(real):
            words.insert(min(len(words), int((position + 1) ** 1.7)), word)
        self.words = words
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
        self.rng = rng

    def sentence(self, length: int) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=length)
        return " ".join(words).capitalize() + "."

    def text(self, sentences: int, length: int = 12) -> str:
        return " ".join(self.sentence(length) for _ in range(sentences))

    def title(self, words: int = 3) -> str:
        return self.sentence(words).rstrip(".")


@dataclass
class World:
    """What the sections share: the size asked for, one random generator per section, the
    vocabularies, the ids made so far (e.g. `ids["organisations"]`), and a progress bar."""

    organisations: int
    seed: int = 42
    progress: Callable[[str, int], Callable[[int], None]] | None = None
    ids: dict[str, list[int]] = field(default_factory=dict)
    _rngs: dict[str, random.Random] = field(default_factory=dict)
    _vocabularies: dict[str, Vocabulary] = field(default_factory=dict)

    def rng(self, section: str) -> random.Random:
        if section not in self._rngs:
            self._rngs[section] = random.Random(f"{self.seed}:{section}")
        return self._rngs[section]

    def words(self, language: str) -> Vocabulary:
        if language not in self._vocabularies:
            self._vocabularies[language] = Vocabulary(
                random.Random(f"{self.seed}:words:{language}"), language)
        return self._vocabularies[language]

    def multilingual(self, sentences: int, length: int = 12,
                     languages: Sequence[str] = ("pl", "en", "uk")) -> dict[str, str]:
        return {code: self.words(code).text(sentences, length) for code in languages}

    def bulk(self, label: str, model: type[models.Model], rows: Iterable[models.Model],
             total: int, batch_size: int = 1000) -> int:
        """Insert `rows` (a generator of unsaved instances, `total` of them) in batches,
        advancing the progress bar; returns how many were inserted."""
        advance = self.progress(label, total) if self.progress else (lambda n: None)
        done = 0
        for batch in _batches(rows, batch_size):
            model._default_manager.bulk_create(batch, batch_size=batch_size)
            done += len(batch)
            advance(len(batch))
        return done

    def many_to_many(self, field: models.ManyToManyField, owner_ids: Sequence[int],
                     choices: Sequence, low: int, high: int, section: str) -> int:
        """Link each owner to `low`..`high` distinct values of `choices` (primary keys)."""
        through = field.remote_field.through
        source = field.m2m_field_name() + "_id"
        target = field.m2m_reverse_field_name() + "_id"
        rng = self.rng(section)
        if not choices:
            return 0

        rows = [
            through(**{source: owner, target: value})
            for owner in owner_ids
            for value in rng.sample(list(choices), k=min(len(choices), rng.randint(low, high)))
        ]
        through._default_manager.bulk_create(rows, batch_size=2000)
        return len(rows)


def _batches(rows: Iterable, size: int):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def sections() -> list[tuple[str, object]]:
    """(app label, module) of every app's `synth` module, in their ORDER."""
    found = wspolnie_app_modules("synth")
    return sorted(found, key=lambda item: (getattr(item[1], "ORDER", 100), item[0]))


def build(world: World) -> dict[str, int]:
    """Run every section (the database must hold no synthetic data yet); {label: rows}."""
    counts = {}
    for label, module in sections():
        counts[label] = module.build(world)
    return counts
