"""Platform facts: gateways, monitoring, logging, CI/CD and migrations (readiness inputs)."""
