"""Staff pages for the vocabularies: topics, communities and districts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wspolnie.core.decorators import staff_required

from . import services
from .forms import MergeTermForm, RenameTermForm, TermForm


def _add_errors(form, error: ValidationError) -> None:
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


@staff_required
def vocabulary_index(request: HttpRequest) -> HttpResponse:
    vocabularies = [
        (key, model._meta.verbose_name_plural, model.objects.count())
        for key, model in services.VOCABULARIES.items()
    ]
    return render(request, "directory/vocabularies.html", {"vocabularies": vocabularies})


@staff_required
def vocabulary(request: HttpRequest, vocabulary: str) -> HttpResponse:
    model = services.VOCABULARIES[vocabulary]
    if request.method == "POST":
        form = TermForm(request.POST)
        if form.is_valid():
            try:
                term = services.do_create_term(
                    request.user, model, names=form.cleaned_data["names"],
                    slug=form.cleaned_data["slug"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("“%(name)s” is added.") % {"name": term.name})
                return redirect(f"directory:{vocabulary}")
    else:
        form = TermForm()
    terms = model.objects.annotate(used=Count("organisation", distinct=True)).order_by(
        "position", "slug"
    )
    return render(
        request,
        "directory/vocabulary.html",
        {
            "vocabulary": vocabulary,
            "title": model._meta.verbose_name_plural,
            "terms": terms,
            "form": form,
            "term_languages": form.fields["names"].languages,
        },
    )


@staff_required
def term_edit(request: HttpRequest, vocabulary: str, pk: int) -> HttpResponse:
    model = services.VOCABULARIES[vocabulary]
    term = get_object_or_404(model, pk=pk)
    if request.method == "POST":
        form = RenameTermForm(request.POST)
        if form.is_valid():
            try:
                services.do_rename_term(request.user, term, form.cleaned_data["names"])
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The names are saved."))
                return redirect(f"directory:{vocabulary}")
    else:
        form = RenameTermForm(initial={"names": term.names})
    return render(
        request,
        "directory/term_edit.html",
        {"vocabulary": vocabulary, "title": model._meta.verbose_name_plural, "term": term,
         "form": form},
    )


@staff_required
@require_POST
def term_move(request: HttpRequest, vocabulary: str, pk: int) -> HttpResponse:
    model = services.VOCABULARIES[vocabulary]
    term = get_object_or_404(model, pk=pk)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        services.do_move_term(request.user, term, direction)
    return redirect(reverse(f"directory:{vocabulary}") + f"#term-{term.pk}")


@staff_required
def term_delete(request: HttpRequest, vocabulary: str, pk: int) -> HttpResponse:
    """Confirmation page: what uses the term (it loses it); deleting is a POST."""
    model = services.VOCABULARIES[vocabulary]
    term = get_object_or_404(model, pk=pk)
    if request.method == "POST":
        name = term.name
        services.do_delete_term(request.user, term)
        messages.success(request, _("“%(name)s” is deleted.") % {"name": name})
        return redirect(f"directory:{vocabulary}")
    return render(request, "directory/term_delete.html", {
        "vocabulary": vocabulary, "title": model._meta.verbose_name_plural, "term": term,
        "uses": services.term_uses(term),
    })


@staff_required
def term_merge(request: HttpRequest, vocabulary: str, pk: int) -> HttpResponse:
    """Choose the term to merge into; every use moves there, then the term is removed."""
    model = services.VOCABULARIES[vocabulary]
    term = get_object_or_404(model, pk=pk)
    form = MergeTermForm(request.POST or None, term=term)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        name = term.name
        try:
            services.do_merge_term(request.user, term, target)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” is merged into “%(target)s”.") % {
                "name": name, "target": target.name})
            return redirect(f"directory:{vocabulary}")
    return render(request, "directory/term_merge.html", {
        "vocabulary": vocabulary, "title": model._meta.verbose_name_plural, "term": term,
        "uses": services.term_uses(term), "form": form,
    })
