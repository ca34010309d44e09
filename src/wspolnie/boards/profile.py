"""The "Boards" block on an organisation's profile: the boards it owns that the reader may
see, and the way to create one for its admins and staff."""

from __future__ import annotations

from wspolnie.core.plugins import ProfileSection, profile_section

from .models import Board
from .services import BOARDS


def sections(request, organisation) -> list[ProfileSection]:
    can_create = BOARDS.can_post(request.user, organisation)
    boards = list(
        Board.objects.visible_to(request.user).filter(organisation=organisation)
        .select_related("event").order_by("-created")
    )
    return profile_section(
        "boards/profile_section.html", 60, shown=bool(boards or can_create),
        boards=boards, organisation=organisation, can_create=can_create,
    )
