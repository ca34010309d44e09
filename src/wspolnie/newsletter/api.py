"""/api/newsletter/: self-service subscriptions (api_subscriptions) and, for staff, issues,
deliveries and bounce reports (api_issues)."""

from ninja import Router

from .api_issues import router as issues_router
from .api_subscriptions import router as subscriptions_router

router = Router(tags=["newsletter"])
router.add_router("", subscriptions_router)
router.add_router("", issues_router)
