"""Gateway routes (Kong, Traefik labels/files/IngressRoute, Spring Cloud Gateway, Zuul):
route facts and gateway -> service edges with the route's file and line."""

from __future__ import annotations

from platformfacts import kinds

SERVICES = "  orders:\n    image: acme/orders:1\n  payments:\n    image: acme/payments:1\n"


def _routes(model) -> dict[str, dict]:
    return {r.name: r.facts for r in kinds(model, "GatewayRoute")}


def test_kong_plugins_apply_globally_per_service_and_per_route(scan_tree):
    model = scan_tree({"docker-compose.yml": "services:\n  kong:\n    image: kong:3.6\n" + SERVICES,
                       "kong.yml": """_format_version: "3.0"
plugins:
  - name: rate-limiting
  - name: basic-auth
    consumer: admin
services:
  - name: orders
    url: http://orders:8080
    plugins: [{name: oauth2}]
    routes:
      - {name: orders-api, paths: [/orders], protocols: [https]}
  - name: payments
    host: payments.shop.svc.cluster.local
routes:
  - name: pay
    service: {name: payments}
    hosts: [pay.example.com]
    plugins: [{name: key-auth, enabled: false}]
"""})
    routes = _routes(model)
    assert routes["orders-api"]["auth"] == ["oauth2"] and routes["orders-api"]["tls"] is True
    assert routes["pay"]["auth"] == [] and routes["pay"]["rate_limit"] is True
    assert routes["pay"]["hosts"] == ["pay.example.com"] and routes["pay"]["tls"] is False
    edges = {e.key: e for e in model.edges}
    evidence = [(ev.file, ev.line) for ev in edges[("kong", "payments", "http")].evidence]
    assert evidence == [("kong.yml", 15)]


def test_traefik_labels_and_file_middlewares(scan_tree):
    compose = """services:
  traefik:
    image: traefik:v3.0
  orders:
    image: acme/orders:1
    labels:
      traefik.http.routers.orders.rule: "Host(`shop.example.com`) && PathPrefix(`/orders`)"
      traefik.http.routers.orders.entrypoints: websecure
      traefik.http.routers.orders.middlewares: jwt-auth@file,limit@file
  payments:
    image: acme/payments:1
    labels:
      - traefik.http.routers.pay.rule=PathPrefix(`/pay`)
      - traefik.http.routers.pay.tls=true
      - traefik.http.routers.pay.middlewares=cb
      - traefik.http.middlewares.cb.circuitbreaker.expression=NetworkErrorRatio() > 0.5
"""
    dynamic = """http:
  middlewares:
    limit:
      rateLimit: {average: 100}
  routers:
    legacy:
      rule: PathPrefix(`/legacy`)
      service: legacy-svc
      middlewares: [limit]
  services:
    legacy-svc:
      loadBalancer:
        servers: [{url: "http://payments:8080"}]
"""
    model = scan_tree({"docker-compose.yml": compose, "traefik/dynamic.yml": dynamic})
    routes = _routes(model)
    assert routes["orders"]["hosts"] == ["shop.example.com"] and routes["orders"]["tls"] is True
    assert routes["orders"]["auth"] == ["forward-auth"] and routes["orders"]["rate_limit"] is True
    assert routes["pay"]["circuit_breaker"] is True and routes["pay"]["tls"] is True
    assert routes["legacy"]["services"] == ["payments"] and routes["legacy"]["rate_limit"] is True
    assert {e.key for e in model.edges} >= {("traefik", "orders", "http"),
                                            ("traefik", "payments", "http")}


def test_spring_cloud_gateway_and_zuul_routes(scan_tree):
    model = scan_tree({
        "docker-compose.yml": "services:\n  gateway:\n    build: ./gateway\n" + SERVICES,
        "gateway/src/main/resources/application.yml": """spring:
  cloud:
    gateway:
      default-filters: [TokenRelay]
      routes:
        - id: orders
          uri: lb://orders
          predicates: [Path=/orders/**]
          filters:
            - name: CircuitBreaker
              args: {name: orders, fallbackUri: "forward:/fallback"}
            - RequestRateLimiter=1
zuul:
  routes:
    payments:
      path: /pay/**
      serviceId: payments
"""})
    routes = _routes(model)
    assert routes["orders"]["paths"] == ["/orders/**"] and routes["orders"]["auth"] == ["oauth2"]
    assert routes["orders"]["circuit_breaker"] and routes["orders"]["rate_limit"]
    assert routes["payments"]["gateway"] == "zuul" and routes["payments"]["services"] == [
        "payments"]
    assert ("gateway", "orders", "http") in {e.key for e in model.edges}


def test_aws_api_gateway_openapi_and_sam_routes(scan_tree):
    openapi = """openapi: "3.0.1"
components:
  securitySchemes:
    cognito:
      type: apiKey
      x-amazon-apigateway-authtype: cognito_user_pools
paths:
  /orders:
    get:
      security: [{cognito: []}]
      x-amazon-apigateway-integration:
        type: http_proxy
        uri: http://orders.shop.internal:8080/orders
        timeoutInMillis: 5000
    post:
      x-amazon-apigateway-integration:
        type: aws_proxy
        uri: arn:aws:apigateway:eu-west-1:lambda:path/functions/x
"""
    sam = """Transform: AWS::Serverless-2016-10-31
Resources:
  PaymentsApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
      MethodSettings:
        - {ResourcePath: "/*", HttpMethod: "*", ThrottlingRateLimit: 50}
      DefinitionBody:
        openapi: "3.0.1"
        paths:
          /pay:
            post:
              x-amazon-apigateway-integration:
                type: http_proxy
                uri: !Sub "http://payments:8080/pay"
"""
    model = scan_tree({"docker-compose.yml": "services:\n" + SERVICES, "api/openapi.yaml": openapi,
                       "template.yaml": sam})
    routes = _routes(model)
    assert routes["GET /orders"]["services"] == ["orders"]
    assert routes["GET /orders"]["auth"] == ["oidc"] and routes["GET /orders"]["tls"] is True
    assert routes["GET /orders"]["timeouts"] == {"integration": "5000"}
    assert routes["POST /orders"]["services"] == [] and routes["POST /orders"]["auth"] == []
    assert routes["POST /pay"]["services"] == ["payments"]
    assert routes["POST /pay"]["rate_limit"] is True
    assert routes["POST /pay"]["circuit_breaker_supported"] is False


def test_nginx_locations_are_route_summaries_without_new_edges(scan_tree):
    conf = """http {
  limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;
  upstream orders_up { server orders:8080; }
  server {
    listen 443 ssl;
    server_name shop.example.com;
    ssl_certificate /etc/ssl/shop.pem;
    location /orders/ {
      limit_req zone=api;
      auth_request /auth;
      proxy_pass http://orders_up;
      proxy_next_upstream_tries 2;
    }
    location /pay/ { proxy_pass http://payments:8080/; }
  }
}
"""
    model = scan_tree({"docker-compose.yml": "services:\n  edge:\n    image: nginx:1.25\n" + SERVICES,
                       "nginx/nginx.conf": conf})
    routes = _routes(model)
    orders = routes["shop.example.com /orders/"]
    assert (orders["services"], orders["tls"], orders["auth"], orders["rate_limit"],
            orders["retries"]) == (["orders"], True, ["forward-auth"], True, 2)
    pay = routes["shop.example.com /pay/"]
    assert pay["services"] == ["payments"] and pay["auth"] == [] and not pay["rate_limit"]
    assert pay["circuit_breaker_supported"] is False and pay["gateway_service"] == "edge"
    assert not [e for e in model.edges if e.source == "edge"]  # code=False: no extractor edges
