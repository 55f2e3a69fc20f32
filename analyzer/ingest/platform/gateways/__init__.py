"""API gateway configurations (Kong, Traefik, Spring Cloud Gateway / Zuul) read into
`GatewayRoute` resources and gateway -> service route edges."""
