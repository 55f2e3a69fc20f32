"""Manifest readers: compose, Kubernetes, Dockerfiles and .NET Aspire app hosts, each file
turned into declarations (services, env, depends_on) and `Resource` facts; `route` sends each
inventory file to its reader."""
