"""Static extraction of service calls, routes, RPC and messaging from source code."""
