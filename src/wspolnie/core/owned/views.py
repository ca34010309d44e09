"""Pages of an organisation-owned object: one item's page, create, edit, close or delete, and
the organisation's own list — built from the app's `OrganisationOwned` declaration.

    class NeedViews(OwnedViews):
        owned = NEEDS_OFFERS
        form_class = NeedOfferForm
        form_template = "needs/form.html"
        …
        messages = {"created": gettext_lazy("It is on the board now."), …}

    views = NeedViews()
    # urls.py: urlpatterns = [path("", board, name="board"), *views.urlpatterns()]

`save_form`, `confirm` and `show_service_errors` are the steps those pages share, for pages
of another shape (a create page with an organisation chooser, a GDPR erasure, …).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.decorators import method_decorator

from wspolnie.organisations.models import Organisation

from .services import OrganisationOwned

signed_in = method_decorator(login_required)


def show_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a ValidationError of a do_* function on the form: each message next to its field;
    those about no field, or about a field the form does not have, above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def save_form(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[], Any],
    *,
    message: str | Callable[[Any], str],
    template: str,
    context: dict,
    redirect_to: Callable[[Any], Any] | None = None,
) -> HttpResponse:
    """A POST with a valid form calls `save()` (a do_* function): then the success message
    (or `message(result)`) and a redirect to what it returned (or to `redirect_to(result)`).
    Otherwise — a GET, an invalid form, or a ValidationError of the service, shown on the
    form — the page again, with everything that was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save()
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            flash.success(request, message(result) if callable(message) else message)
            return redirect(redirect_to(result) if redirect_to else result)
    return render(request, template, context)


def confirm(
    request: HttpRequest,
    do: Callable[[], Any],
    *,
    message: str,
    template: str,
    context: dict,
    redirect_to: Any,
) -> HttpResponse:
    """A confirmation page (GET); its form (POST) calls `do()`, then says `message` and
    redirects."""
    if request.method == "POST":
        do()
        flash.success(request, message)
        return redirect(redirect_to)
    return render(request, template, context)


class OwnedViews:
    """The pages of one capability. Set the attributes, override the hooks that differ,
    instantiate once in the app's views.py and name its methods in urls.py."""

    owned: OrganisationOwned
    form_class: type[forms.BaseForm]
    #: The object's name in the templates' context ("item", "service", "channel", …).
    object_name = "item"
    form_template = ""
    detail_template = ""
    close_template = ""
    delete_template = ""
    organisation_template = ""
    #: Success messages (lazy translations) by action: created, updated, closed, deleted; they
    #: may name the object as %(name)s.
    messages: Mapping[str, Any] = {}
    #: The pages it has, besides the item's page (see `urlpatterns`).
    pages: tuple[str, ...] = ("create", "edit")
    page_size = 20
    #: The order of the organisation's own list.
    organisation_order: tuple[str, ...] = ("-created", "-id")

    # Hooks ------------------------------------------------------------------------------------

    def form_kwargs(self, organisation: Organisation) -> dict[str, Any]:
        """Extra arguments of the form (e.g. the organisation, for its places)."""
        return {}

    def values_from(self, form: forms.BaseForm) -> dict[str, Any]:
        """The form's cleaned data as the do_* functions take it."""
        return {
            name: form.cleaned_data[name]
            for name in self.owned.editable_fields
            if name in form.fields
        }

    def detail_context(self, request: HttpRequest, item: models.Model) -> dict[str, Any]:
        return {
            self.object_name: item,
            "organisation": item.organisation,
            "can_manage": self.owned.can_manage(request.user, item),
        }

    def after_delete(self, item: models.Model) -> Any:
        """Where a deletion leads (the object's page is gone)."""
        return item.organisation

    # Helpers ----------------------------------------------------------------------------------

    def message(self, action: str, item: models.Model) -> str:
        return str(self.messages[action]) % {"name": str(item)}

    def managed(self, request: HttpRequest, pk: int) -> models.Model:
        """The object `pk`, if the user may manage it (404, PermissionDenied)."""
        item = get_object_or_404(self.owned.model.objects.select_related("organisation"), pk=pk)
        if not self.owned.can_manage(request.user, item):
            raise PermissionDenied
        return item

    def organisation_for_posting(self, request: HttpRequest, slug: str) -> Organisation:
        organisation = get_object_or_404(Organisation, slug=slug)
        if not self.owned.can_post(request.user, organisation):
            raise PermissionDenied
        return organisation

    def urlpatterns(self) -> list[URLPattern]:
        """The URLs of the item's page and of `pages`, named after them (the organisation's
        own list is "organisation")."""
        routes = {
            "edit": ("<int:pk>/edit/", "edit"),
            "close": ("<int:pk>/close/", "close"),
            "delete": ("<int:pk>/delete/", "delete"),
            "organisation_items": ("organisation/<slug:slug>/", "organisation"),
            "create": ("organisation/<slug:slug>/new/", "create"),
        }
        return [path("<int:pk>/", self.detail, name="detail")] + [
            path(route, getattr(self, page), name=name)
            for page, (route, name) in routes.items()
            if page in self.pages
        ]

    # Pages ------------------------------------------------------------------------------------

    def detail(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = get_object_or_404(
            self.owned.model.objects.visible_to(request.user).select_related("organisation"),
            pk=pk,
        )
        return render(request, self.detail_template, self.detail_context(request, item))

    @signed_in
    def create(self, request: HttpRequest, slug: str) -> HttpResponse:
        organisation = self.organisation_for_posting(request, slug)
        form = self.form_class(request.POST or None, **self.form_kwargs(organisation))
        return save_form(
            request,
            form,
            lambda: self.owned.create(request.user, organisation, **self.values_from(form)),
            message=lambda item: self.message("created", item),
            template=self.form_template,
            context={"form": form, "organisation": organisation, self.object_name: None},
        )

    @signed_in
    def edit(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self.managed(request, pk)
        kwargs = self.form_kwargs(item.organisation)
        model = self.owned.model
        if request.method == "POST":
            # Copies for the form and the service, so that a rejected change leaves `item` (the
            # page's title, its links) as it is stored.
            form = self.form_class(request.POST, instance=model.objects.get(pk=item.pk), **kwargs)
        else:
            form = self.form_class(instance=item, **kwargs)
        return save_form(
            request,
            form,
            lambda: self.owned.update(
                request.user, model.objects.get(pk=item.pk), **self.values_from(form)
            ),
            message=lambda updated: self.message("updated", updated),
            template=self.form_template,
            context={"form": form, "organisation": item.organisation, self.object_name: item},
        )

    def _remove(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        """The confirmation page of close or delete, and the change itself."""
        item = self.managed(request, pk)
        closing = action == "closed"
        return confirm(
            request,
            lambda: (self.owned.close if closing else self.owned.delete)(request.user, item),
            message=self.message(action, item),
            template=self.close_template if closing else self.delete_template,
            context={self.object_name: item, "organisation": item.organisation},
            redirect_to=item if closing else self.after_delete(item),
        )

    @signed_in
    def close(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._remove(request, pk, "closed")

    @signed_in
    def delete(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._remove(request, pk, "deleted")

    @signed_in
    def organisation_items(self, request: HttpRequest, slug: str) -> HttpResponse:
        """Everything one organisation has, whatever its state (for those who may post)."""
        organisation = self.organisation_for_posting(request, slug)
        items = (
            self.owned.model.objects.filter(organisation=organisation)
            .select_related("organisation")
            .order_by(*self.organisation_order)
        )
        page = Paginator(items, self.page_size).get_page(request.GET.get("page"))
        return render(
            request,
            self.organisation_template,
            {
                "organisation": organisation,
                "page": page,
                "manageable": {
                    item.pk for item in page if self.owned.can_manage(request.user, item)
                },
            },
        )
