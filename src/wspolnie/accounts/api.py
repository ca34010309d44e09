from __future__ import annotations

from ninja import Router, Schema

from wspolnie.api.auth import REQUIRED

router = Router(tags=["accounts"])


class MeOut(Schema):
    email: str
    name: str
    preferred_language: str
    is_staff: bool
    organisations: list[dict]


@router.get("/me", response=MeOut, auth=REQUIRED, summary="The caller's own account")
def me(request):
    user = request.user
    return {
        "email": user.email,
        "name": user.name,
        "preferred_language": user.preferred_language,
        "is_staff": user.is_staff,
        "organisations": [
            {"slug": m.organisation.slug, "name": m.organisation.name, "role": m.role}
            for m in user.memberships.select_related("organisation")
        ],
    }
