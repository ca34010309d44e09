"""One way to write an organisation-owned capability (needs/offers, services, channels, …).

An app declares what differs — the model, its editable fields, its audit action codes, who may
post and manage — in a subclass of `services.OrganisationOwned`, and gets from it the `do_*`
state changes; `views.OwnedViews` turns that declaration into the create/edit/close/delete
pages, `api.OwnedApi` into the API's read-one/create/change/close/delete endpoints, and
`search_index.OrganisationIndex` into the search module's per-organisation and full-rebuild
document lists. See "Writing an organisation-owned capability" in docs/CONTRIBUTING.md.
"""
