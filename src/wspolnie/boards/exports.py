"""A board as Markdown and CSV (what every reader may see: approved cards not hidden), and
the import of a Padlet CSV export.

Padlet's CSV export has a row per post; its column names vary with the version and the
language of the account, so the import knows several names for each (normalised with
`wspolnie.imports.parsing.normalise_header`): the post's title (Subject, Title), text (Body,
Content), link (Attachment, Link, URL), author (Author, Author name) and section (Section):
each section becomes a column of the board (added if it has none of that name).
"""

from __future__ import annotations

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from wspolnie.core import audit
from wspolnie.imports.parsing import ImportFileError, max_rows, read_table
from wspolnie.lib.spreadsheets import CSV_CONTENT_TYPE, csv_bytes

from . import services
from .models import (
    AUTHOR_NAME_MAX_LENGTH,
    CARD_TEXT_MAX_LENGTH,
    COLUMN_TITLE_MAX_LENGTH,
    LINK_MAX_LENGTH,
    Board,
    Card,
    Column,
)

__all__ = ["CSV_CONTENT_TYPE", "board_csv", "board_markdown", "do_import_padlet"]

PADLET_NAMES = {
    "subject": ("subject", "title", "post_title", "temat", "tytuł"),
    "body": ("body", "content", "text", "description", "treść"),
    "link": ("attachment", "link", "url", "attachment_url", "załącznik"),
    "author": ("author", "author_name", "created_by", "autor"),
    "section": ("section", "section_title", "column", "sekcja"),
}


def shown_columns(board: Board) -> list[tuple[Column, list[Card]]]:
    cards = Card.objects.filter(board=board).shown().select_related("author_organisation")
    by_column: dict[int, list[Card]] = {}
    for card in cards.order_by("-is_pinned", "position", "id"):
        by_column.setdefault(card.column_id, []).append(card)
    return [(column, by_column.get(column.pk, [])) for column in board.columns.all()]


def _byline(card: Card) -> str:
    parts = [part for part in (card.author_name, card.author_organisation.name
                               if card.author_organisation else "") if part]
    return ", ".join(parts)


def board_markdown(board: Board) -> str:
    """The board as a Markdown document: a heading per column, a list item per card (its text
    as the poster wrote it, indented)."""
    lines = [f"# {board.title}", ""]
    if board.description:
        lines += [board.description.strip(), ""]
    for column, cards in shown_columns(board):
        lines += [f"## {column.title}", ""]
        if not cards:
            lines += [f"_{_('No cards.')}_", ""]
        for card in cards:
            text_lines = card.text.strip().splitlines() or [""]
            lines.append(f"- {text_lines[0]}")
            lines += [f"  {line}" if line else "" for line in text_lines[1:]]
            if card.link:
                lines.append(f"  <{card.link}> — {card.link_label}")
            details = [detail for detail in (
                _byline(card), ", ".join(f"#{tag}" for tag in card.tag_list),
                date_format(localtime(card.created), "SHORT_DATETIME_FORMAT"),
            ) if detail]
            lines.append(f"  _{' · '.join(details)}_")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def board_csv(board: Board) -> bytes:
    dataset = tablib.Dataset(headers=[
        "column", "text", "link", "link_title", "author_name", "author_organisation", "tags",
        "language", "pinned", "plus_ones", "created", "updated",
    ])
    for column, cards in shown_columns(board):
        for card in cards:
            # csv_bytes neutralises formulas (=, +, -, @ …) in every cell.
            dataset.append([
                column.title, card.text, card.link, card.link_label, card.author_name,
                card.author_organisation.name if card.author_organisation else "",
                ", ".join(card.tag_list), card.language, "yes" if card.is_pinned else "",
                card.reactions.count(), localtime(card.created).isoformat(),
                localtime(card.updated).isoformat(),
            ])
    return csv_bytes(dataset)


def _value(row: dict[str, str], what: str) -> str:
    return next((row[name] for name in PADLET_NAMES[what] if row.get(name)), "").strip()


@transaction.atomic
def do_import_padlet(actor, board: Board, data: bytes, filename: str) -> int:
    """Add the posts of a Padlet CSV export as cards (approved: a moderator imports them);
    ValidationError naming the rows that cannot be imported (then nothing is)."""
    if not services.can_moderate(actor, board):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    try:
        table = read_table(data, filename if filename.lower().endswith(".csv") else "x.csv")
    except ImportFileError as error:
        raise ValidationError(str(error)) from None
    if not any(name in table.columns for names in (PADLET_NAMES["subject"], PADLET_NAMES["body"])
               for name in names):
        raise ValidationError(_("This does not look like a Padlet CSV export: it has no "
                                "Subject or Body column."))
    if len(table) > max_rows():
        raise ValidationError(_("The file has more than %(limit)d rows.") % {"limit": max_rows()})
    columns = {column.title: column for column in board.columns.all()}
    errors, cards = [], []
    for number, row in table.rows:
        subject, body = _value(row, "subject"), _value(row, "body")
        text = "\n\n".join(part for part in (f"**{subject}**" if subject else "", body) if part)
        if not text:
            continue
        link = _value(row, "link")
        section = _value(row, "section") or (next(iter(columns)) if columns else _("Imported"))
        author = _value(row, "author")
        if (len(text) > CARD_TEXT_MAX_LENGTH or len(link) > LINK_MAX_LENGTH
                or len(section) > COLUMN_TITLE_MAX_LENGTH or len(author) > AUTHOR_NAME_MAX_LENGTH):
            errors.append(_("Row %(row)d is too long for a card.") % {"row": number})
            continue
        cards.append((section, text, link, author))
    if errors:
        raise ValidationError(errors)
    for position, (section, text, link, author) in enumerate(cards):
        column = columns.get(section)
        if column is None:
            column = Column.objects.create(board=board, title=section, position=len(columns))
            columns[section] = column
        card = Card(board=board, column=column, text=text, link=link, author_name=author,
                    position=position, created_by=actor)
        try:
            card.full_clean(exclude=["board", "column", "secret_hash"])
        except ValidationError as error:
            raise ValidationError(
                [_("A post cannot be imported: %(reason)s") % {"reason": "; ".join(
                    message for messages in error.message_dict.values() for message in messages
                )}]
            ) from None
        card.save()
    services.bump(board)
    audit.record(actor, "board.imported", board, {"cards": [0, len(cards)]})
    return len(cards)
