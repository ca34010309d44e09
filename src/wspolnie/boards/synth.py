"""Synthetic boards (see wspolnie.core.synthetic): one for every 5 organisations (2,000 at the
benchmarks' 10,000), most of them a meeting's board belonging to its organiser, each with three
or four columns and, on average, 10 cards per organisation in all (100,000 at 10,000): short
texts in Polish, Ukrainian or English with their language, some with a link, tags, an author
and the author's organisation."""

from __future__ import annotations

from wspolnie.core.synthetic import World

from .models import Board, Card, Column

ORDER = 70
#: One board for every this many organisations, and this many cards per organisation.
BOARDS_EVERY = 5
CARDS_PER_ORGANISATION = 10
COLUMNS = {
    "pl": ["Pomysły", "Pytania", "Co dalej?", "Zasoby"],
    "uk": ["Ідеї", "Питання", "Що далі?", "Ресурси"],
    "en": ["Ideas", "Questions", "Next steps", "Resources"],
}
AUTHORS = ["Anna", "Łukasz", "Małgorzata", "Оксана", "Тарас", "Giorgi", "Nino", "Thi Lan", ""]


def build(world: World) -> int:
    rng = world.rng("boards")
    organisations = world.ids.get("organisations", [])
    if not organisations:
        return 0
    events = world.ids.get("events", [])
    organisers = world.ids.get("event-organisers", [])
    words = {code: world.words(code) for code in COLUMNS}
    count = max(2, len(organisations) // BOARDS_EVERY)
    plan = []
    for i in range(count):
        language = rng.choice(("pl", "pl", "uk", "en"))
        if i < len(events) and rng.random() < 0.8:
            plan.append((organisers[i], events[i], language))
        else:
            plan.append((rng.choice(organisations), None, language))

    # (Boards have no slug: this run's are those after the last one there was.)
    before = Board.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def boards():
        for organisation, event, language in plan:
            yield Board(
                organisation_id=organisation, event_id=event,
                title=words[language].title(3).capitalize(),
                description=words[language].text(2),
                reading=Board.Reading.PUBLIC if rng.random() < 0.9 else Board.Reading.MEMBERS,
                is_open=rng.random() < 0.7,
            )

    made = world.bulk("boards", Board, boards(), count)
    board_ids = list(Board.objects.filter(pk__gt=before)
                     .order_by("pk").values_list("pk", flat=True))
    columns_per_board = [rng.randint(3, 4) for _ in board_ids]

    def columns():
        for pk, (_org, _event, language), n in zip(board_ids, plan, columns_per_board,
                                                   strict=True):
            for position, title in enumerate(COLUMNS[language][:n]):
                yield Column(board_id=pk, title=title, position=position)

    made += world.bulk("board columns", Column, columns(), sum(columns_per_board))
    column_ids: dict[int, list[int]] = {}
    for pk, board in (Column.objects.filter(board_id__in=board_ids)
                      .order_by("board_id", "position", "pk").values_list("pk", "board_id")):
        column_ids.setdefault(board, []).append(pk)
    total = len(organisations) * CARDS_PER_ORGANISATION

    def cards():
        for index in range(total):
            board = board_ids[rng.randrange(len(board_ids))]
            language = rng.choice(("pl", "pl", "pl", "uk", "uk", "en"))
            text = words[language].text(rng.randint(1, 3), rng.randint(5, 14))
            yield Card(
                board_id=board, column_id=rng.choice(column_ids[board]),
                text=text, language=language, position=index,
                link=(f"https://example.org/{words['pl'].title(1).lower()}-{index}"
                      if rng.random() < 0.1 else ""),
                tags=", ".join(words[language].title(1).lower()
                               for _ in range(rng.randint(0, 2))),
                author_name=rng.choice(AUTHORS),
                author_organisation_id=(rng.choice(organisations) if rng.random() < 0.3
                                        else None),
                is_pinned=rng.random() < 0.02,
            )

    made += world.bulk("board cards", Card, cards(), total)
    return made
