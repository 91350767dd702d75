"""Route-registration extractors, one module per language family; each knows the frameworks of
its language and emits the same route-op records (see `auditor.endpoints.ops`)."""
