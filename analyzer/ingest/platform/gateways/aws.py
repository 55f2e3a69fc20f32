"""AWS API Gateway definitions: OpenAPI documents with `x-amazon-apigateway-integration`, and
SAM / CloudFormation templates (`AWS::Serverless::Api` with an inline definition,
`AWS::ApiGateway::Method`, `AWS::ApiGatewayV2::Integration`).

Each integrated operation is a route; an HTTP integration whose URI names a service routes
to it (a Lambda integration routes to no service of the system). API Gateway serves HTTPS
only, so every route has TLS; authentication comes from the operation's (or the document's)
`security` schemes (Cognito, JWT/Lambda authorizers, OAuth2/OIDC, API keys) or the method's
`AuthorizationType`; throttling from SAM `MethodSettings` / `x-amazon-apigateway-...`
throttle settings. API Gateway itself opens no circuits.
"""

from __future__ import annotations

from typing import Any

from analyzer.ingest.platform.common import (Collected, ServiceIndex, dict_at, key_line, list_at,
                                             text)
from analyzer.ingest.platform.gateways.routes import RouteFacts, record

INTEGRATION = "x-amazon-apigateway-integration"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method")
_AUTH_TYPES = {"cognito_user_pools": "oidc", "jwt": "jwt", "token": "lambda-authorizer",
               "request": "lambda-authorizer", "oauth2": "oauth2", "openidconnect": "oidc",
               "apikey": "key-auth", "aws_iam": "iam", "custom": "lambda-authorizer"}


def is_openapi_with_aws(data: Any) -> bool:
    return isinstance(data, dict) and ("openapi" in data or "swagger" in data) and \
        isinstance(data.get("paths"), dict) and INTEGRATION in _flat_keys(data.get("paths"))


def is_cloudformation(data: Any) -> bool:
    resources = dict_at(dict_at(data).get("Resources"))
    return any(text(dict_at(r).get("Type")).startswith(("AWS::Serverless::Api",
                                                        "AWS::Serverless::HttpApi",
                                                        "AWS::ApiGateway", "AWS::ApiGatewayV2"))
               for r in list(resources.values())[:5_000])


def read_openapi(file: str, data: dict, index: ServiceIndex, out: Collected,
                 throttled: bool = False, default_auth: str | None = None) -> None:
    schemes = {**dict_at(dict_at(data.get("components")).get("securitySchemes")),
               **dict_at(data.get("securityDefinitions"))}
    root_security = list_at(data.get("security"))
    paths = dict_at(data.get("paths"))
    throttled = throttled or "x-amazon-apigateway-throttle" in data
    for path, raw in list(paths.items())[:2_000]:
        for method, op in list(dict_at(raw).items()):
            if str(method).lower() not in METHODS or not isinstance(op, dict):
                continue
            integration = dict_at(op.get(INTEGRATION))
            if not integration:
                continue
            uri = text(integration.get("uri"))
            security = list_at(op.get("security")) if "security" in op else root_security
            auth = sorted({_scheme_kind(dict_at(schemes.get(name))) for entry in security
                           for name in dict_at(entry)} - {""})
            if not auth and default_auth:
                auth = [default_auth]
            record(RouteFacts(
                gateway="aws-api-gateway", name=f"{str(method).upper()} {path}", file=file,
                line=key_line(raw, method), target=uri,
                service=index.host(uri) if uri.startswith("http") else None,
                gateway_service=None, paths=[str(path)], tls=True, auth=auth,
                rate_limit=throttled, timeouts={"integration": text(integration.get(
                    "timeoutInMillis"))} if integration.get("timeoutInMillis") else {}), out)


def read_cloudformation(file: str, data: dict, index: ServiceIndex, out: Collected) -> None:
    for name, raw in list(dict_at(data.get("Resources")).items())[:5_000]:
        res = dict_at(raw)
        kind, props = text(res.get("Type")), dict_at(res.get("Properties"))
        if kind in ("AWS::Serverless::Api", "AWS::Serverless::HttpApi"):
            settings = list_at(props.get("MethodSettings"))
            throttled = any("ThrottlingRateLimit" in dict_at(s) for s in settings) or bool(
                dict_at(props.get("DefaultRouteSettings")).get("ThrottlingRateLimit"))
            authorizer = text(dict_at(props.get("Auth")).get("DefaultAuthorizer"))
            body = dict_at(props.get("DefinitionBody"))
            if body:
                read_openapi(file, body, index, out, throttled,
                             "lambda-authorizer" if authorizer else None)
        elif kind in ("AWS::ApiGateway::Method", "AWS::ApiGatewayV2::Integration"):
            integration = dict_at(props.get("Integration"))
            uri = text(integration.get("Uri") or props.get("IntegrationUri"))
            auth = text(props.get("AuthorizationType")).lower()
            record(RouteFacts(
                gateway="aws-api-gateway", name=str(name), file=file,
                line=key_line(data.get("Resources"), name), target=uri,
                service=index.host(uri) if uri.startswith("http") else None,
                gateway_service=None, tls=True,
                auth=[_AUTH_TYPES.get(auth, auth)] if auth and auth != "none" else []), out)


def _scheme_kind(scheme: dict) -> str:
    authorizer = dict_at(scheme.get("x-amazon-apigateway-authorizer"))
    kind = text(authorizer.get("type") or scheme.get("x-amazon-apigateway-authtype")
                or scheme.get("type")).lower()
    return _AUTH_TYPES.get(kind, kind)


def _flat_keys(value: Any) -> set[str]:
    """Keys two levels below `paths` (path -> method -> keys), bounded."""
    keys: set[str] = set()
    for item in list(dict_at(value).values())[:2_000]:
        for op in list(dict_at(item).values())[:20]:
            keys.update(str(k) for k in dict_at(op))
    return keys
