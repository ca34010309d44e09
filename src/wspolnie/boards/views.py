"""Pages of boards: the list, a board with its columns (and the live update's two
endpoints), posting and editing cards without JavaScript, moderation, exports and the Padlet
import. Business logic is in services.py."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages as flash
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wspolnie.core.owned.views import OwnedViews, show_service_errors
from wspolnie.lib.client_ip import client_ip

from . import exports, services
from .forms import BoardForm, CardForm, CommentForm, MoveForm, PadletImportForm
from .models import ANONYMOUS_EDIT_WINDOW, Board, Card, Column, Comment
from .services import BOARDS, PostingRefused

PAGE_SIZE = 20
#: The poll interval of the live update (static/boards/board.js reads it from the page).
POLL_MILLISECONDS = 2000
#: How long a rendered version of the columns is kept (a newer version has another key).
COLUMNS_CACHE_SECONDS = 600
#: The X-Requested-With header of board.js's requests.
LIVE_HEADER = "board.js"
#: Cookie of an anonymous reader's "+1"s (a random key; only its keyed hash is stored).
READER_COOKIE = "board_reader"


def secret_cookie(card_pk: int) -> str:
    return f"board_card_{card_pk}"


def card_secret(request: HttpRequest, card: Card) -> str:
    """The anonymous poster's secret for this card: from the secret link (?secret=…) or the
    cookie the board set when it was posted."""
    return request.POST.get("secret") or request.GET.get("secret") or request.COOKIES.get(
        secret_cookie(card.pk), ""
    )


def remember_secret(response: HttpResponse, card: Card, secret: str) -> None:
    response.set_cookie(
        secret_cookie(card.pk), secret, max_age=int(ANONYMOUS_EDIT_WINDOW.total_seconds()),
        path="/boards/", httponly=True, samesite="Lax",
        secure=not _plain_http(),
    )


def _plain_http() -> bool:
    from django.conf import settings

    return not settings.SESSION_COOKIE_SECURE


def readable_board(request: HttpRequest, pk: int) -> Board:
    return get_object_or_404(
        Board.objects.visible_to(request.user).select_related("organisation", "event"), pk=pk
    )


def readable_card(request: HttpRequest, pk: int) -> Card:
    card = get_object_or_404(
        Card.objects.select_related("board__organisation", "column"),
        pk=pk, board__in=Board.objects.visible_to(request.user),
    )
    if not (card.is_approved and not card.is_hidden) and not _may_see_unlisted(request, card):
        raise Http404
    return card


def _may_see_unlisted(request: HttpRequest, card: Card) -> bool:
    return services.can_moderate(request.user, card.board) or services.can_edit_card(
        request.user, card, card_secret(request, card)
    )


# --- the board ------------------------------------------------------------------------------


def columns_context(request: HttpRequest, board: Board) -> dict[str, Any]:
    """The columns with their cards as this reader sees them (moderators also pending and
    hidden cards), +1 counts, and which cards the reader may edit."""
    moderator = services.can_moderate(request.user, board)
    cards = Card.objects.select_related("author_organisation").annotate(
        plus_ones=Count("reactions", distinct=True),
        comment_count=Count("comments", filter=Q(comments__is_hidden=False), distinct=True),
    ).order_by("-is_pinned", "position", "id")
    if not moderator:
        cards = cards.filter(is_approved=True, is_hidden=False)
    columns = list(board.columns.prefetch_related(Prefetch("cards", queryset=cards)))
    all_cards = [card for column in columns for card in column.cards.all()]
    if moderator:
        editable = {card.pk for card in all_cards}
    elif board.is_open:  # authors edit while the board is open (services.can_edit_card)
        user_pk = request.user.pk if request.user.is_authenticated else None
        editable = {
            card.pk for card in all_cards
            if (user_pk is not None and card.created_by_id == user_pk)
            or card.secret_matches(request.COOKIES.get(secret_cookie(card.pk)))
        }
    else:
        editable = set()
    key = services.reader_key(request.user, request.COOKIES.get(READER_COOKIE, ""))
    reacted = set(
        board.cards.filter(reactions__reader=key).order_by().values_list("pk", flat=True)
    ) if request.user.is_authenticated or request.COOKIES.get(READER_COOKIE) else set()
    return {
        "board": board,
        "columns": columns,
        "card_count": len(all_cards),
        "can_moderate": moderator,
        "editable": editable,
        "reacted": reacted,
        "posting_refusal": services.posting_refusal(request.user, board, moderator=moderator,
                                                    readable=True),
    }


def board_etag(board_version: int, request: HttpRequest) -> str:
    who = request.user.pk if request.user.is_authenticated else "-"
    return f'"{board_version}-{who}"'


def version(request: HttpRequest, pk: int) -> HttpResponse:
    """The live update's cheap question: has the board changed? One indexed read of the
    board's version (plus the session for signed-in readers); 304 when the ETag the viewer
    has is current. Every gunicorn worker answers the same: the version is in the database."""
    row = Board.objects.visible_to(request.user).filter(pk=pk).values_list(
        "version", flat=True
    ).first()
    if row is None:
        raise Http404
    etag = board_etag(row, request)
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(str(row), content_type="text/plain; charset=utf-8")
    response["ETag"] = etag
    patch_cache_control(response, no_cache=True, private=True)
    return response


def plain_reader(request: HttpRequest) -> bool:
    """An anonymous reader with no card of their own and no "+1" yet: they all get the same
    columns for a version of the board (the CSRF token in its forms aside, which board.js
    replaces with the page's own)."""
    return not request.user.is_authenticated and not any(
        name == READER_COOKIE or name.startswith("board_card_") for name in request.COOKIES
    )


def columns(request: HttpRequest, pk: int) -> HttpResponse:
    """The board's columns, for the live update to swap in. For plain anonymous readers (most
    viewers of a meeting's board) rendered once per version, language and web worker. Asked
    for by a person (not board.js), it leads to the board's page."""
    board = readable_board(request, pk)
    if request.headers.get("X-Requested-With") != LIVE_HEADER:
        return redirect(board)
    if plain_reader(request):
        key = ":".join(("boards:columns", str(board.pk), str(board.created.timestamp()),
                        str(board.version), get_language()))
        html = cache.get(key)
        if html is None:
            html = render_to_string("boards/_columns.html", columns_context(request, board),
                                    request=request)
            cache.set(key, html, COLUMNS_CACHE_SECONDS)
        response = HttpResponse(html)
    else:
        response = render(request, "boards/_columns.html", columns_context(request, board))
    response["ETag"] = board_etag(board.version, request)
    patch_cache_control(response, no_cache=True, private=True)
    return response


def board_list(request: HttpRequest) -> HttpResponse:
    boards = Board.objects.visible_to(request.user).select_related("organisation", "event")
    boards = boards.annotate(
        shown_cards=Count("cards", filter=Q(cards__is_approved=True, cards__is_hidden=False))
    ).order_by("-created", "-id")
    page = Paginator(boards, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "boards/list.html", {"page": page})


class BoardViews(OwnedViews):
    owned = BOARDS
    form_class = BoardForm
    object_name = "board"
    detail_template = "boards/detail.html"
    form_template = "boards/form.html"
    delete_template = "boards/delete.html"
    pages = ("edit", "delete", "create")
    messages = {
        "created": gettext_lazy("The board is ready: share its address with the participants."),
        "updated": gettext_lazy("The changes are saved."),
        "deleted": gettext_lazy("The board “%(name)s” is deleted."),
    }

    def form_kwargs(self, organisation) -> dict[str, Any]:
        return {"organisation": organisation}

    def values_from(self, form) -> dict[str, Any]:
        values = super().values_from(form)
        values["columns"] = form.cleaned_data["columns"]
        return values

    def detail(self, request: HttpRequest, pk: int) -> HttpResponse:
        board = readable_board(request, pk)
        context = columns_context(request, board)
        context.update(
            organisation=board.organisation,
            form=CardForm(board=board, signed_in=request.user.is_authenticated,
                          user=request.user, auto_id="new-card-%s"),
            poll_ms=POLL_MILLISECONDS,
        )
        return render(request, self.detail_template, context)


views = BoardViews()


# --- cards ----------------------------------------------------------------------------------


def _refused(request: HttpRequest, board: Board, message: str, status: int = 403) -> HttpResponse:
    return render(request, "boards/refused.html", {"board": board, "message": message},
                  status=status)


def post_card(request: HttpRequest, pk: int) -> HttpResponse:
    """The card form: on the board page, and as a page of its own (GET, or a POST with
    errors)."""
    board = readable_board(request, pk)
    refusal = services.posting_refusal(request.user, board)
    if refusal:
        return _refused(request, board, refusal)
    initial = {}
    if request.GET.get("column"):
        initial["column"] = request.GET["column"]
    form = CardForm(request.POST or None, board=board, initial=initial,
                    signed_in=request.user.is_authenticated, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.CARD_FIELDS}
        try:
            card, secret = services.do_post_card(
                request.user, board, client_address=client_ip(request),
                column=form.cleaned_data["column"], **values,
            )
        except PostingRefused as refused:
            return _refused(request, board, refused.message)
        except ValidationError as error:
            show_service_errors(form, error)
            status = 429 if getattr(error, "code", "") == "rate_limited" else 200
            return render(request, "boards/card_form.html",
                          {"board": board, "form": form, "card": None}, status=status)
        if not card.is_approved:
            flash.success(request, _("Thank you! Your card is shown once a moderator approves "
                                     "it."))
        else:
            flash.success(request, _("Your card is on the board."))
        if secret:
            edit_url = request.build_absolute_uri(
                reverse("boards:card_edit", kwargs={"pk": card.pk}) + f"?secret={secret}"
            )
            flash.info(request, _(
                "You can edit or delete your card for 24 hours from this browser, or with "
                "this secret link: %(url)s"
            ) % {"url": edit_url})
        response = redirect(card.get_absolute_url())
        if secret:
            remember_secret(response, card, secret)
        return response
    return render(request, "boards/card_form.html", {"board": board, "form": form, "card": None})


def _editable_card(request: HttpRequest, pk: int) -> tuple[Card, str]:
    card = get_object_or_404(Card.objects.select_related("board__organisation", "column"), pk=pk)
    if not services.can_read(request.user, card.board):
        raise Http404
    secret = card_secret(request, card)
    if not services.can_edit_card(request.user, card, secret):
        raise PermissionDenied
    return card, secret


def card_edit(request: HttpRequest, pk: int) -> HttpResponse:
    card, secret = _editable_card(request, pk)
    board = card.board
    form = CardForm(request.POST or None, instance=Card.objects.get(pk=card.pk), board=board,
                    signed_in=request.user.is_authenticated, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.CARD_FIELDS}
        try:
            services.do_edit_card(request.user, Card.objects.get(pk=card.pk), secret=secret,
                                  **values)
            if form.cleaned_data["column"] != card.column:
                services.do_move_card(request.user, Card.objects.get(pk=card.pk),
                                      form.cleaned_data["column"], secret=secret)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            flash.success(request, _("The card is saved."))
            return redirect(card.get_absolute_url())
    response = render(request, "boards/card_form.html",
                      {"board": board, "form": form, "card": card, "secret": secret})
    if secret and request.GET.get("secret") and not request.user.is_authenticated:
        remember_secret(response, card, secret)  # the secret link opened in another browser
    return response


def card_delete(request: HttpRequest, pk: int) -> HttpResponse:
    card, secret = _editable_card(request, pk)
    if request.method == "POST":
        board = card.board
        services.do_delete_card(request.user, card, secret=secret)
        flash.success(request, _("The card is deleted."))
        response = redirect(board)
        response.delete_cookie(secret_cookie(pk), path="/boards/")
        return response
    return render(request, "boards/card_delete.html",
                  {"board": card.board, "card": card, "secret": secret})


def card_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One card with its comments and the comment form."""
    card = readable_card(request, pk)
    board = card.board
    comments = card.comments.all()
    moderator = services.can_moderate(request.user, board)
    if not moderator:
        comments = comments.filter(is_hidden=False)
    return render(request, "boards/card.html", {
        "board": board, "card": card, "comments": comments, "can_moderate": moderator,
        "form": CommentForm(), "posting_refusal": services.posting_refusal(request.user, board),
        "can_edit": services.can_edit_card(request.user, card, card_secret(request, card)),
        "plus_ones": card.reactions.count(),
    })


def _back_to_board(request: HttpRequest, card: Card) -> HttpResponse:
    if request.headers.get("X-Requested-With") == LIVE_HEADER:
        return HttpResponse(status=204)
    return redirect(card.get_absolute_url())


@require_POST
def card_move(request: HttpRequest, pk: int) -> HttpResponse:
    card, secret = _editable_card(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("The move is not valid."), status=400)
    try:
        if form.cleaned_data["direction"]:
            services.do_move_card_by(request.user, card, form.cleaned_data["direction"],
                                     secret=secret)
        else:
            column = Column.objects.filter(
                pk=form.cleaned_data["column"] or 0, board=card.board
            ).first()
            if column is None:
                return HttpResponse(_("Choose one of this board's columns."), status=400)
            services.do_move_card(request.user, card, column, form.cleaned_data["index"],
                                  secret=secret)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400)
    return _back_to_board(request, card)


@require_POST
def card_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    card = get_object_or_404(Card.objects.select_related("board__organisation"), pk=pk)
    if not services.can_moderate(request.user, card.board):
        raise PermissionDenied
    action = request.POST.get("action", "")
    if action not in services.MODERATION_ACTIONS:
        return HttpResponse(_("Unknown action."), status=400)
    services.do_moderate_card(request.user, card, action)
    return _back_to_board(request, card)


@require_POST
def card_react(request: HttpRequest, pk: int) -> HttpResponse:
    card = readable_card(request, pk)
    browser_key = request.COOKIES.get(READER_COOKIE, "")
    new_key = "" if browser_key or request.user.is_authenticated else secrets.token_urlsafe(24)
    try:
        services.do_toggle_reaction(
            request.user, card, browser_key=browser_key or new_key,
            client_address=client_ip(request),
        )
    except PostingRefused as refused:
        return _refused(request, card.board, refused.message)
    except ValidationError as error:
        return _refused(request, card.board, " ".join(error.messages), status=429)
    response = _back_to_board(request, card)
    if new_key:
        response.set_cookie(READER_COOKIE, new_key, max_age=365 * 24 * 3600, path="/boards/",
                            httponly=True, samesite="Lax", secure=not _plain_http())
    return response


def card_comment(request: HttpRequest, pk: int) -> HttpResponse:
    card = readable_card(request, pk)
    if request.method != "POST":
        return redirect(reverse("boards:card", kwargs={"pk": card.pk}))
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.do_comment(request.user, card, client_address=client_ip(request),
                                **form.cleaned_data)
        except PostingRefused as refused:
            return _refused(request, card.board, refused.message)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            flash.success(request, _("Your comment is added."))
            return redirect(reverse("boards:card", kwargs={"pk": card.pk}))
    return render(request, "boards/card.html", {
        "board": card.board, "card": card, "form": form,
        "comments": card.comments.filter(is_hidden=False),
        "posting_refusal": "", "plus_ones": card.reactions.count(),
    }, status=200)


@require_POST
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("card__board__organisation"),
                                pk=pk)
    if not services.can_moderate(request.user, comment.card.board):
        raise PermissionDenied
    services.do_hide_comment(request.user, comment)
    flash.success(request, _("The comment is hidden."))
    return redirect(reverse("boards:card", kwargs={"pk": comment.card_id}))


# --- exports and import ---------------------------------------------------------------------


def export_markdown(request: HttpRequest, pk: int) -> HttpResponse:
    board = readable_board(request, pk)
    response = HttpResponse(exports.board_markdown(board),
                            content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="board-{board.pk}.md"'
    return response


def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    board = readable_board(request, pk)
    response = HttpResponse(exports.board_csv(board), content_type=exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="board-{board.pk}.csv"'
    return response


def print_page(request: HttpRequest, pk: int) -> HttpResponse:
    board = readable_board(request, pk)
    return render(request, "boards/print.html", {
        "board": board, "columns": exports.shown_columns(board),
    })


def import_padlet(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    board = get_object_or_404(Board.objects.select_related("organisation"), pk=pk)
    if not services.can_moderate(request.user, board):
        raise PermissionDenied
    form = PadletImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = exports.do_import_padlet(request.user, board, upload.read(), upload.name)
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            flash.success(request, ngettext(
                "%(count)d card imported.", "%(count)d cards imported.", count
            ) % {"count": count})
            return redirect(board)
    return render(request, "boards/import.html", {"board": board, "form": form})
