"""The Python extractor: each recognised mechanism, on small real sources."""

from __future__ import annotations

import textwrap

from analyzer.ingest.code.python.extractor import extract


def _facts(source: str):
    return extract(textwrap.dedent(source), "svc/app.py")


def _calls(source: str) -> set[tuple[str, str, str, str]]:
    return {(c.protocol, c.target_kind, c.target, c.suffix) for c in _facts(source).calls}


def test_requests_literal_env_fstring_and_constant():
    calls = _calls('''
        import os
        import requests
        ORDERS_URL = os.getenv("ORDERS_URL", "http://orders:8080")
        USERS = os.environ["USERS_HOST"]
        BASE = "http://catalog:9000"
        requests.get("http://pricing:8000/prices")
        requests.post(ORDERS_URL + "/api/orders", json={})
        requests.get(f"http://{USERS}:8000/users/{1}")
        requests.request("GET", BASE + "/items")
    ''')
    assert ("http", "url", "http://pricing:8000/prices", "") in calls
    assert ("http", "env", "ORDERS_URL", "/api/orders") in calls
    assert ("http", "env", "USERS_HOST", ":8000/users/1") in calls
    assert ("http", "url", "http://catalog:9000/items", "") in calls


def test_env_default_is_kept():
    facts = _facts('''
        import os, requests
        requests.get(os.getenv("CART_URL", "http://cart:7070") + "/cart")
    ''')
    (call,) = facts.calls
    assert (call.target, call.default, call.suffix) == ("CART_URL", "http://cart:7070", "/cart")
    assert call.detail == "requests.get CART_URL + /cart"


def test_httpx_client_base_url_and_aiohttp_session_and_urllib():
    calls = _calls('''
        import os, httpx, aiohttp
        from urllib.request import urlopen
        async def go():
            async with httpx.AsyncClient(base_url=os.getenv("PAY_URL")) as client:
                await client.post("/charge")
            async with aiohttp.ClientSession() as session:
                async with session.get("http://shipping:8080/quote") as resp:
                    pass
        urlopen("http://inventory:9090/stock")
    ''')
    assert ("http", "env", "PAY_URL", "/charge") in calls
    assert ("http", "url", "http://shipping:8080/quote", "") in calls
    assert ("http", "url", "http://inventory:9090/stock", "") in calls


def test_session_stored_on_self_and_class_constant():
    calls = _calls('''
        import os, requests
        class Client:
            BASE = "http://catalog:9000"
            def __init__(self):
                self.session = requests.Session()
                self.url = os.getenv("CART_URL")
            def items(self):
                return self.session.get(f"{self.url}/items")
            def products(self):
                return requests.get(self.BASE + "/products")
    ''')
    assert ("http", "env", "CART_URL", "/items") in calls
    assert ("http", "url", "http://catalog:9000/products", "") in calls


def test_grpc_stub_channel_and_server_registration():
    facts = _facts('''
        import grpc
        import orders_pb2_grpc
        from inventory_pb2_grpc import add_InventoryServicer_to_server
        channel = grpc.insecure_channel("orders:50051")
        stub = orders_pb2_grpc.OrderServiceStub(channel)
        class Payments(orders_pb2_grpc.PaymentServiceServicer):
            pass
        add_InventoryServicer_to_server(None, None)
    ''')
    calls = {(c.protocol, c.target_kind, c.target) for c in facts.calls}
    assert ("grpc", "rpc", "OrderService") in calls
    assert ("grpc", "url", "orders:50051") in calls
    assert {s.service for s in facts.rpc_servers} == {"Inventory", "PaymentService"}


def test_kafka_producers_and_consumers():
    facts = _facts('''
        import os
        from confluent_kafka import Producer, Consumer
        from kafka import KafkaConsumer, KafkaProducer
        p = Producer({"bootstrap.servers": os.getenv("KAFKA")})
        p.produce("order-created", b"x")
        c = Consumer({"bootstrap.servers": "kafka:9092"})
        c.subscribe(["order-paid", os.getenv("TOPIC_X")])
        kc = KafkaConsumer("payments", bootstrap_servers="kafka:9092")
        kp = KafkaProducer(bootstrap_servers=["kafka:9092"])
        kp.send(topic="audit", value=b"")
    ''')
    topics = {(t.system, t.topic, t.role, t.target_kind) for t in facts.topics}
    assert topics == {("kafka", "order-created", "produce", "literal"),
                      ("kafka", "order-paid", "consume", "literal"),
                      ("kafka", "TOPIC_X", "consume", "env"),
                      ("kafka", "payments", "consume", "literal"),
                      ("kafka", "audit", "produce", "literal")}
    brokers = {(c.target_kind, c.target) for c in facts.calls if c.protocol == "async"}
    assert ("env", "KAFKA") in brokers and ("url", "kafka://kafka:9092") in brokers


def test_pika_redis_and_nats_messaging():
    facts = _facts('''
        import pika, redis, nats
        conn = pika.BlockingConnection(pika.ConnectionParameters(host="rabbitmq"))
        ch = conn.channel()
        ch.basic_publish(exchange="", routing_key="emails", body=b"")
        ch.basic_publish(exchange="orders", routing_key="x", body=b"")
        ch.basic_consume(queue="sms", on_message_callback=None)
        r = redis.Redis(host="cache", port=6379)
        r.publish("events", "x")
        ps = r.pubsub()
        ps.subscribe("events2")
        async def main():
            nc = await nats.connect("nats://nats:4222")
            await nc.publish("shipments.created", b"")
            await nc.subscribe("shipments.done", cb=None)
    ''')
    topics = {(t.system, t.topic, t.role) for t in facts.topics}
    assert topics == {("rabbitmq", "emails", "produce"), ("rabbitmq", "orders", "produce"),
                      ("rabbitmq", "sms", "consume"), ("redis", "events", "produce"),
                      ("redis", "events2", "consume"), ("nats", "shipments.created", "produce"),
                      ("nats", "shipments.done", "consume")}
    calls = {(c.protocol, c.target) for c in facts.calls}
    assert ("async", "rabbitmq://rabbitmq") in calls
    assert ("cache", "redis://cache:6379") in calls
    assert ("async", "nats://nats:4222") in calls


def test_datastore_drivers():
    calls = _calls('''
        import os, psycopg, redis
        from sqlalchemy import create_engine
        from pymongo import MongoClient
        engine = create_engine("postgresql://u:p@orders-db:5432/orders")
        conn = psycopg.connect(host=os.getenv("DB_HOST"), dbname="x")
        mongo = MongoClient(os.environ.get("MONGO_URL"))
        cache = redis.Redis(host=os.getenv("REDIS_HOST"), port=6379)
    ''')
    assert ("db", "url", "postgresql://u:****@orders-db:5432/orders", "") in calls
    assert ("db", "env", "DB_HOST", "") in calls
    assert ("db", "env", "MONGO_URL", "") in calls
    assert ("cache", "env", "REDIS_HOST", ":6379") in calls


def test_flask_fastapi_and_django_routes():
    routes = set()
    for source in ('''
        from flask import Flask, Blueprint
        app = Flask(__name__)
        bp = Blueprint("b", __name__, url_prefix="/api")
        @app.route("/health", methods=["GET", "POST"])
        def health(): pass
        @bp.get("/items/<id>")
        def item(id): pass
    ''', '''
        from fastapi import APIRouter, FastAPI
        app = FastAPI()
        router = APIRouter(prefix="/v1")
        @router.post("/pay")
        async def pay(): pass
        @app.get("/")
        def root(): pass
    ''', '''
        from django.urls import path, include
        urlpatterns = [path("orders/<int:id>/", None), path("api/", include("x.urls"))]
    '''):
        routes |= {(r.method, r.path, r.framework) for r in _facts(source).routes}
    assert routes == {("GET", "/health", "flask"), ("POST", "/health", "flask"),
                      ("GET", "/api/items/<id>", "flask"), ("POST", "/v1/pay", "fastapi"),
                      ("GET", "/", "fastapi"), ("ANY", "/orders/<int:id>/", "django")}


def test_comments_strings_and_unknown_receivers_are_not_calls():
    facts = _facts('''
        import requests
        # requests.get("http://commented:1/")
        """requests.get("http://docstring:1/")"""
        data = {}
        data.get("http://not-a-call:1/")
        requests.get(some_function())
    ''')
    assert facts.calls == []


def test_syntax_error_becomes_a_problem():
    facts = extract("def broken(:\n    pass\n", "bad.py")
    assert facts.calls == [] and len(facts.problems) == 1
    assert facts.problems[0].line == 1 and "syntax error" in facts.problems[0].message
