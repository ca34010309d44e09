"""/api/announcements/: announcements and translations (api_core), renderings and machine
pre-translation (api_renderings)."""

from ninja import Router

from .api_core import router as core_router
from .api_renderings import router as renderings_router

router = Router(tags=["announcements"])
router.add_router("", core_router)
router.add_router("", renderings_router)
