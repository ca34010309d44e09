"""Who may do what with an organisation. One place, so views and the API agree."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Membership, Organisation


def organisations_user_administers(user, among: QuerySet[Organisation] | None = None
                                   ) -> QuerySet[Organisation]:
    """The organisations of `among` (default: all) that `user` is an admin of; staff: all of
    them, anonymous: none. What the apps offer as "post/organise/add for…"."""
    organisations = Organisation.objects.all() if among is None else among
    if not user.is_authenticated:
        return organisations.none()
    if user.is_staff:
        return organisations
    return organisations.filter(
        memberships__user=user, memberships__role=Membership.Role.ADMIN
    ).distinct()


def is_org_admin(user, organisation: Organisation) -> bool:
    return bool(
        user.is_authenticated
        and Membership.objects.filter(
            user=user, organisation=organisation, role=Membership.Role.ADMIN
        ).exists()
    )


def can_edit_organisation(user, organisation: Organisation) -> bool:
    return bool(user.is_authenticated and (user.is_staff or is_org_admin(user, organisation)))
