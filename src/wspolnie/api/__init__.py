"""The JSON API at /api/ (OpenAPI docs at /api/docs). Each app contributes a router in its
own api.py; they are mounted in wspolnie.api.urls."""
