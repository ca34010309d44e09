"""Who may manage a meeting. One place, so pages, the API and exports agree.

The organisers of a meeting are the admins of its organiser organisations, and staff. Plain
members of those organisations are not: the attendee list holds personal data (and answers
about accessibility or diet), so it stays with the people accountable for the organisation.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from wspolnie.organisations.models import Membership, Organisation
from wspolnie.organisations.permissions import can_edit_organisation, organisations_user_administers

from .models import Event, Registration


def can_manage_event(user, event: Event) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(
        user=user, role=Membership.Role.ADMIN, organisation__organised_events=event
    ).exists()


def can_organise_for(user, organisation: Organisation) -> bool:
    """May create meetings in the name of `organisation`."""
    return can_edit_organisation(user, organisation)


def organisations_user_organises_for(user) -> QuerySet[Organisation]:
    return organisations_user_administers(user)


def events_managed_by(user) -> QuerySet[Event]:
    if not user.is_authenticated:
        return Event.objects.none()
    if user.is_staff:
        return Event.objects.all()
    return Event.objects.filter(
        organisers__memberships__user=user,
        organisers__memberships__role=Membership.Role.ADMIN,
    ).distinct()


def can_see_event(user, event: Event) -> bool:
    """Public meetings (not drafts, an approved organiser) to anyone; those of an organiser
    waiting for approval also to its members; drafts to their organisers only."""
    if can_manage_event(user, event):
        return True
    if event.status == Event.Status.DRAFT:
        return False
    return Event.objects.visible_with_own(user).filter(pk=event.pk).exists()


def registrations_of(user) -> QuerySet[Registration]:
    """A person's own registrations: those made while signed in, and, once the account's
    e-mail address is verified, those made with that address without an account (the
    confirmation went to that mailbox, so its owner made them). An unverified address matches
    nothing: anybody can type somebody else's address into a sign-up form."""
    if not getattr(user, "is_authenticated", False):
        return Registration.objects.none()
    match = Q(user=user)
    if user.email_verified_at is not None and user.email:
        match |= Q(email__iexact=user.email)
    return Registration.objects.filter(match)


def owns_registration(user, registration: Registration) -> bool:
    return registrations_of(user).filter(pk=registration.pk).exists()
