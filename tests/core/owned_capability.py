"""A capability declared on the organisation-owned base for its tests (tests/core/test_owned_*):
"posts", stored as needs/offers rows but with the base's defaults (the organisation's admins
and staff post and manage), a private field, and a rule of its own (no titles in capitals).
Mounted under /test-owned/ (pages) and on a router of its own (API)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import include, path
from django.utils.translation import gettext_noop
from ninja import Router

from wspolnie import urls as project_urls
from wspolnie.core.owned.api import OwnedApi, by_slug, languages
from wspolnie.core.owned.permissions import members_and_staff
from wspolnie.core.owned.services import OrganisationOwned
from wspolnie.core.owned.views import OwnedViews
from wspolnie.directory.models import District
from wspolnie.needs.api import NeedOfferIn, NeedOfferOut, NeedOfferPatch
from wspolnie.needs.forms import NeedOfferForm
from wspolnie.needs.models import NeedOffer

SHOUTING = "Please do not write the title in capitals."


class Posts(OrganisationOwned):
    model = NeedOffer
    scalar_fields = ["kind", "category", "title", "description", "contact_note", "expires_on"]
    m2m_fields = ["languages", "districts"]
    action_prefix = "test_post"
    action_labels = {"created": "Test post created"}
    private_fields = frozenset({"contact_note"})

    def clean(self, item, relations, previous) -> None:
        if item.title.isupper():
            raise ValidationError({"title": SHOUTING})

    def deleted_changes(self, item) -> dict:
        return {"title": [item.title, None]}


class MemberPosts(Posts):
    """The same, with the members' rule for posting (as needs and offers have)."""

    can_post = staticmethod(members_and_staff)


POSTS = Posts()
MEMBER_POSTS = MemberPosts()


class PostViews(OwnedViews):
    owned = POSTS
    form_class = NeedOfferForm
    detail_template = "needs/detail.html"
    form_template = "needs/form.html"
    close_template = delete_template = "needs/close.html"
    organisation_template = "needs/organisation.html"
    messages = {
        "created": "Posted.",
        "updated": "Saved “%(name)s”.",
        "closed": "Closed.",
        "deleted": "Deleted “%(name)s”.",
    }
    pages = ("edit", "close", "delete", "organisation_items", "create")


class PostApi(OwnedApi):
    owned = POSTS
    out, create_in, patch_in = NeedOfferOut, NeedOfferIn, NeedOfferPatch
    lookups = {"languages": languages, "districts": by_slug(District)}
    related = ("languages", "districts")
    cannot_post = gettext_noop("You may not post here.")
    cannot_manage = gettext_noop("You may not change this.")
    noun = "test_post"
    summaries = {
        "get": "One post", "create": "Post", "update": "Change a post",
        "close": "Close a post", "delete": "Delete a post",
    }


class ClosingPostApi(PostApi):
    removal = "close"
    noun = "closing_test_post"


router = Router()
PostApi().add_routes(router)
closing_router = Router()
ClosingPostApi().add_routes(closing_router)

urlpatterns = [
    path("test-owned/", include((PostViews().urlpatterns(), "test_owned"))),
    *project_urls.urlpatterns,
]
