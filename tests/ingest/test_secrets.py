"""Credential masking by key and by shape (analyzer.ingest.secrets), its false-positive
safeguards, and its cost: linear in the text, whatever the text."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.ingest.secrets import MASK, env_detail, is_sensitive_key, looks_random, \
    mask_text, mask_value

JWT = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ"
       ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
RANDOM_40 = "Xq8Kz3Wv7pTa1Bn2Mf6Hp1Tg9Rc4Yd0Js5Lu3Eo7"


@pytest.mark.parametrize("text, shown", [
    # URL user-info: the password goes, user and host stay (edges are built from hosts)
    ("http://admin:pw@web:8080/x", "http://admin:****@web:8080/x"),
    ('requests.get("http://admin:pw@web:8080/x")', 'requests.get("http://admin:****@web:8080/x")'),
    ("postgresql://u:pw@db/x", "postgresql://u:****@db/x"),
    ("redis://:pw@cache:6379/0", "redis://:****@cache:6379/0"),
    ("mongodb+srv://user:p@ss@cluster0.example.net/db", "mongodb+srv://user:****@cluster0.example.net/db"),
    ("jdbc:mysql://u:pw@db:3306/x", "jdbc:mysql://u:****@db:3306/x"),
    ("a http://u:p1@one b http://u:p2@two", "a http://u:****@one b http://u:****@two"),
    # scheme-less DSNs
    ("user:pw@tcp(mysql:3306)/shop", "user:****@tcp(mysql:3306)/shop"),
    ("app:pw@ledger-db:5432/x", "app:****@ledger-db:5432/x"),
    # credential-named parameters and fields
    ("https://h/x?api_key=v1&apikey=v2&key=v3&page=2", "https://h/x?api_key=****&apikey=****&key=****&page=2"),
    ("?access_token=a&token=b&signature=c&sig=d&password=e&secret=f&client_secret=g&auth=h",
     "?access_token=****&token=****&signature=****&sig=****&password=****&secret=****"
     "&client_secret=****&auth=****"),
    ("?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=ab12&X-Amz-Security-Token=zz&X-Amz-Date=1",
     "?X-Amz-Credential=****&X-Amz-Signature=****&X-Amz-Security-Token=****&X-Amz-Date=1"),
    ("Server=db;User Id=sa;Password=Secr3t!;Database=x", "Server=db;User Id=sa;Password=****;Database=x"),
    ("AccountName=a;AccountKey=abc==;EndpointSuffix=core", "AccountName=a;AccountKey=****;EndpointSuffix=core"),
    ("host=db user=app password=pw dbname=x", "host=db user=app password=**** dbname=x"),
    ("--db-password=hunter2 --user=bob", "--db-password=**** --user=bob"),
    ('{"password": "two words", "host": "db"}', '{"password": "****", "host": "db"}'),
    ("Authorization: Bearer abc.def-123", "Authorization: Bearer ****"),
    ("Basic dXNlcjpwYXNzd29yZA==", "Basic ****"),
    # known token shapes, whatever the key
    (f"JWT={JWT}", "JWT=****"),
    ("AKIAIOSFODNN7EXAMPLE ASIAIOSFODNN7EXAMPLE", "**** ****"),
    ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", MASK),
    ("gho_abcdefghijklmnopqrstuvwxyz0123", MASK),
    ("ghs_abcdefghijklmnopqrstuvwxyz0123", MASK),
    ("github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz", MASK),
    ("glpat-abcdefghij1234567890", MASK),
    ("xoxb-1234-5678-abcdefghij xoxp-1234-abcdefghij xapp-1-A0-abcdef12345", "**** **** ****"),
    ("sk_live_abcdefghijklmnop1234", MASK),
    ("AIzaSyA1234567890abcdefghijklmnopqrstuv", MASK),
    ("npm_abcdefghijklmnopqrstuvwxyz0123456789", MASK),
    ("https://x-access-token:ghs_abcdefghijklmnop1234@github.com/o/r.git",
     "https://x-access-token:****@github.com/o/r.git"),
    ("https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r", "https://****@github.com/o/r"),
    ("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY----- after",
     "**** after"),
    ("-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEA...", MASK),  # clipped: to the end
    (f"signing {RANDOM_40} done", "signing **** done"),
])
def test_masked_by_shape(text, shown):
    assert mask_text(text) == shown


@pytest.mark.parametrize("text", [
    # kept visible on purpose: hosts, ports, digests, SHAs, UUIDs, paths, identifiers, prose
    "http://orders:8080/api?page=2&sort=name",
    "http://token:8080/x",  # a host named token
    "secret-store:8200/v1",
    "nginx:1.25@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "registry.io/team/orders:3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39",
    "123e4567-e89b-12d3-a456-426614174000",
    "d41d8cd98f00b204e9800998ecf8427e",
    "http://orders-service/api/v1/OrdersByCustomerId2024/details",
    "OrderServiceApplicationTests2024Configuration",
    "getOrdersByCustomerIdAndStatus2Async",
    "Basic Authentication is used",
    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
    "mailto:someone@example.com",
    "kafka-1:9092,kafka-2:9092",
    "env DB_PASSWORD=****",
])
def test_kept_visible(text):
    assert mask_text(text) == text


def test_mask_value_by_key_then_by_shape():
    assert mask_value("DB_PASSWORD", "hunter2") == MASK
    assert mask_value("X", "anything", secret=True) == MASK
    assert mask_value("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE") == MASK  # by shape
    assert mask_value("JWT", JWT) == MASK  # by shape
    assert mask_value("ORDERS_URL", "http://u:pw@orders:8080") == "http://u:****@orders:8080"
    assert mask_value("ORDERS_URL", "http://orders:8080") == "http://orders:8080"
    assert env_detail("API_KEY", "v") == "env API_KEY=****"


@pytest.mark.parametrize("key, sensitive", [
    ("DB_PASSWORD", True), ("spring.datasource.password", True), ("clientSecret", True),
    ("GITHUB_TOKEN", True), ("api-key", True), ("X-Api-Key", True), ("AccountKey", True),
    ("sig", True), ("X-Amz-Signature", True), ("BASIC_AUTH", True), ("MYSQL_PWD", True),
    ("PRIVATE_KEY", True), ("GPG_PASSPHRASE", True), ("AWS_SECRET_ACCESS_KEY", True),
    ("ORDERS_URL", False), ("AWS_ACCESS_KEY_ID", False), ("JWT", False), ("AUTH_SERVICE_URL", False),
    ("KEYCLOAK_URL", False), ("page", False), ("monkey", False),
])
def test_sensitive_keys(key, sensitive):
    assert is_sensitive_key(key) is sensitive


def test_random_tokens_are_told_from_words_digests_and_paths():
    assert looks_random(RANDOM_40)
    assert not looks_random("a" * 40)
    assert not looks_random("0123456789abcdef" * 4)  # hex: a digest or a SHA
    assert not looks_random("Ab1" * 5)  # too short
    assert not looks_random("api/v1/Orders2024ByCustomer/details/Items9")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aA1:/@=?&;._- \n$%{}\"'")) , max_size=200))
def test_masking_is_idempotent(text):
    once = mask_text(text)
    assert mask_text(once) == once


@pytest.mark.parametrize("unit", ["a", "a:", "a@", "a:b@", "://", "a://", "://a:", "ey", "eyJ",
                                  "eyJa.", "AKIA", "ghp_", "a=", "password=", "x-", "a.", "a/",
                                  "Bearer ", "-----BEGIN ", "-----BEGIN PRIVATE KEY-----", "Ab1+",
                                  "u:p@h:", "${a", "\n"])
def test_masking_is_linear_in_the_text(unit):
    text = unit * (200_000 // len(unit))
    started = time.perf_counter()
    mask_text(text)
    assert time.perf_counter() - started < 5, unit  # quadratic would take minutes
