"""Pages of the community calendar's imports: an organisation's feeds (its admins and staff)
and an imported event (public; staff hide it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wspolnie.announcements.text import sanitise_html
from wspolnie.core.owned.views import confirm, save_form
from wspolnie.organisations.models import Organisation

from . import services
from .forms import FeedForm
from .models import Feed, ImportedEvent
from .tasks import import_feed_task


def _managed_feed(request: HttpRequest, pk: int) -> Feed:
    feed = get_object_or_404(Feed.objects.select_related("organisation"), pk=pk)
    if not services.can_manage_feeds(request.user, feed.organisation):
        raise PermissionDenied
    return feed


@login_required
def feeds(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not services.can_manage_feeds(request.user, organisation):
        raise PermissionDenied
    form = FeedForm(request.POST or None)
    return save_form(
        request, form,
        lambda: services.do_add_feed(request.user, organisation, **form.cleaned_data),
        message=_("The feed is added: its events are imported within the hour."),
        template="calendars/feeds.html",
        context={"organisation": organisation, "form": form,
                 "feeds": organisation.calendar_feeds.order_by("url")},
        redirect_to=lambda feed: feed.get_absolute_url(),
    )


@login_required
def feed_edit(request: HttpRequest, pk: int) -> HttpResponse:
    feed = _managed_feed(request, pk)
    form = FeedForm(request.POST or None, instance=Feed.objects.get(pk=feed.pk))
    return save_form(
        request, form,
        lambda: services.do_update_feed(request.user, feed, **form.cleaned_data),
        message=_("The feed is saved."),
        template="calendars/feed_form.html",
        context={"feed": feed, "organisation": feed.organisation, "form": form},
        redirect_to=lambda saved: saved.get_absolute_url(),
    )


@login_required
def feed_delete(request: HttpRequest, pk: int) -> HttpResponse:
    feed = _managed_feed(request, pk)
    return confirm(
        request, lambda: services.do_delete_feed(request.user, feed),
        message=_("The feed is removed, and the events imported from it with it."),
        template="calendars/feed_delete.html",
        context={"feed": feed, "organisation": feed.organisation},
        redirect_to=feed.get_absolute_url(),
    )


@login_required
@require_POST
def feed_import(request: HttpRequest, pk: int) -> HttpResponse:
    feed = _managed_feed(request, pk)
    import_feed_task.enqueue(feed.pk)
    messages.success(request, _("The feed will be imported in a moment."))
    return redirect(feed.get_absolute_url())


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(ImportedEvent.objects.select_related("feed__organisation"), pk=pk)
    is_staff = request.user.is_authenticated and request.user.is_staff
    if not is_staff and not ImportedEvent.objects.public().filter(pk=pk).exists():
        raise Http404
    return render(request, "calendars/event.html", {
        "event": event, "organisation": event.feed.organisation, "is_staff": is_staff,
        # Sanitised when imported; again here, whatever put it into the database.
        "description": sanitise_html(event.description),
    })


@login_required
@require_POST
def event_hide(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(ImportedEvent, pk=pk)
    hidden = request.POST.get("hidden") != "0"
    services.do_set_hidden(request.user, event, hidden)
    messages.success(request, _("The event is hidden from the calendar.") if hidden
                     else _("The event is shown in the calendar again."))
    return redirect(event.get_absolute_url())
