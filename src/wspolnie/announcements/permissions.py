"""Who may do what with announcements. One place, so views, the API, renderings, plans and the
newsletter agree.

- Staff: everything (hub-wide announcements have no organisation).
- Admins of an approved organisation: write announcements for it; manage (edit, assign
  translators, approve, publish, plan) their organisation's announcements.
- A translator (any signed-in hub member assigned to one language): edit that translation and see
  the announcement while it is a draft.
- Everybody: published announcements (`Announcement.objects.published()`).
"""

from __future__ import annotations

from wspolnie.organisations.models import Organisation
from wspolnie.organisations.permissions import is_org_admin, organisations_user_administers

from .models import Announcement, AnnouncementTranslation


def organisations_user_can_announce_for(user):
    """Approved organisations the user administers (all approved ones for staff)."""
    return organisations_user_administers(
        user, Organisation.objects.filter(status=Organisation.Status.APPROVED)
    )


def can_create_announcement(user) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_staff or organisations_user_can_announce_for(user).exists())
    )


def can_manage_announcement(user, announcement: Announcement) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return announcement.organisation_id is not None and is_org_admin(
        user, announcement.organisation
    )


def can_edit_translation(user, translation: AnnouncementTranslation) -> bool:
    return bool(
        user.is_authenticated
        and (
            translation.translator_id == user.pk
            or can_manage_announcement(user, translation.announcement)
        )
    )


def can_view_announcement(user, announcement: Announcement) -> bool:
    """Published ones: anybody. Drafts: its managers and its translators."""
    if announcement.is_public:
        return True
    if not user.is_authenticated:
        return False
    return can_manage_announcement(user, announcement) or announcement.translations.filter(
        translator=user
    ).exists()
