"""JS/TS extractor: each mechanism on a small realistic snippet."""

from __future__ import annotations

from analyzer.ingest.code.javascript.extractor import SUFFIXES, extract


def _calls(src: str, path: str = "src/client.js"):
    return {(c.protocol, c.target_kind, c.target, c.suffix, c.default) for c in extract(src, path).calls}


def test_suffixes_cover_js_and_ts_flavours():
    assert {".js", ".mjs", ".cjs", ".ts", ".tsx"} <= set(SUFFIXES)


def test_fetch_with_literal_and_template_over_env():
    src = """
const BASE = process.env.ORDERS_URL;
async function load(id) {
  await fetch("http://catalog:8080/api/items");
  await fetch(`${BASE}/api/orders/${id}`, { method: "POST" });
  await fetch("/relative/only");
}
"""
    facts = extract(src, "src/orders.js")
    assert {(c.target_kind, c.target, c.suffix) for c in facts.calls} == {
        ("url", "http://catalog:8080/api/items", ""),
        ("env", "ORDERS_URL", "/api/orders/{id}"),
    }
    post = next(c for c in facts.calls if c.target_kind == "env")
    assert post.line == 5 and "POST" in post.detail


def test_env_forms_and_defaults():
    src = """
const { USERS_URL, PAY: payUrl = "http://payment:8080" } = process.env;
const catalog = process.env["CATALOG_URL"] || "http://catalog:9000";
axios.get(USERS_URL + "/users");
axios.post(payUrl);
axios.get(`${catalog}/items`);
"""
    assert _calls(src) == {
        ("http", "env", "USERS_URL", "/users", ""),
        ("http", "env", "PAY", "", "http://payment:8080"),
        ("http", "env", "CATALOG_URL", "/items", "http://catalog:9000"),
    }


def test_axios_config_object_and_create_base_url():
    src = """
import axios from "axios";
const api = axios.create({ baseURL: process.env.INVENTORY_URL });
const fixed = axios.create({ baseURL: "http://shipping:7000" });
export async function run() {
  await axios({ url: "http://stock:8080/v1/stock", method: "put" });
  await api.get("/stock/42");
  await fixed.post("/ship");
}
"""
    facts = extract(src, "src/api.ts")
    got = {(c.target_kind, c.target, c.suffix) for c in facts.calls}
    assert got == {
        ("url", "http://stock:8080/v1/stock", ""),
        ("env", "INVENTORY_URL", "/stock/42"),
        ("url", "http://shipping:7000/ship", ""),
    }
    assert any("PUT" in c.detail for c in facts.calls)


def test_request_got_superagent_and_node_fetch_alias():
    src = """
const request = require("request");
const got = require("got");
const superagent = require("superagent");
const nf = require("node-fetch");
request("http://a-svc:1000/x", cb);
got.post("http://b-svc:2000/y");
superagent.get("http://c-svc:3000/z");
nf("http://d-svc:4000/w");
"""
    targets = {c.target for c in extract(src, "x.js").calls}
    assert targets == {"http://a-svc:1000/x", "http://b-svc:2000/y", "http://c-svc:3000/z", "http://d-svc:4000/w"}


def test_class_field_constant_propagation_in_typescript():
    src = """
export class OrdersClient {
  private readonly baseUrl = process.env.ORDERS_URL;
  constructor(private readonly http: HttpService) {}
  list() { return this.http.get(`${this.baseUrl}/orders`); }
}
"""
    assert _calls(src, "src/orders.client.ts") == {("http", "env", "ORDERS_URL", "/orders", "")}


def test_grpc_client_from_loaded_proto_and_server():
    src = """
const grpc = require("@grpc/grpc-js");
const protoLoader = require("@grpc/proto-loader");
const def = protoLoader.loadSync("orders.proto");
const pkg = grpc.loadPackageDefinition(def).shop;
const OrderService = pkg.OrderService;
const client = new OrderService("orders:50051", grpc.credentials.createInsecure());
const server = new grpc.Server();
server.addService(pkg.PaymentService.service, { pay });
"""
    facts = extract(src, "server.js")
    assert ("grpc", "rpc", "OrderService", "", "") in _calls(src)
    assert ("grpc", "url", "orders:50051", "", "") in _calls(src)
    assert [(s.service, s.line) for s in facts.rpc_servers] == [("PaymentService", 9)]


def test_kafka_amqp_nats_redis_topics():
    src = """
const { Kafka } = require("kafkajs");
await producer.send({ topic: "order-created", messages: [] });
await consumer.subscribe({ topics: ["payment-done", process.env.EXTRA_TOPIC] });
ch.sendToQueue("emails", buf);
ch.publish("events", "order.created", buf);
const q = await ch.assertQueue("billing");
ch.consume(q.queue, handle);
ch.bindQueue(q.queue, "events", "order.*");
"""
    uses = {(t.system, t.topic, t.role, t.target_kind) for t in extract(src, "bus.js").topics}
    assert uses == {
        ("kafka", "order-created", "produce", "literal"),
        ("kafka", "payment-done", "consume", "literal"),
        ("kafka", "EXTRA_TOPIC", "consume", "env"),
        ("rabbitmq", "emails", "produce", "literal"),
        ("rabbitmq", "events", "produce", "literal"),
        ("rabbitmq", "billing", "consume", "literal"),
        ("rabbitmq", "events", "consume", "literal"),
    }
    nats = """
import { connect } from "nats";
nc.publish("orders.created", sc.encode("x"));
nc.subscribe("orders.paid");
"""
    assert {(t.system, t.topic, t.role) for t in extract(nats, "n.ts").topics} == {
        ("nats", "orders.created", "produce"), ("nats", "orders.paid", "consume")}
    redis = """
const Redis = require("ioredis");
pub.publish("cart-updated", payload);
sub.subscribe("cart-updated");
"""
    assert {(t.system, t.role) for t in extract(redis, "r.js").topics} == {("redis", "produce"), ("redis", "consume")}


def test_datastores():
    src = """
const { createClient } = require("redis");
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
mongoose.connect("mongodb://user:secret@mongo:27017/shop");
const mc = new MongoClient(process.env.MONGO_URI);
const r = createClient({ url: "redis://cache:6379" });
const io = new Redis(process.env.REDIS_URL);
const seq = new Sequelize("postgres://db:5432/app");
"""
    calls = _calls(src)
    assert calls == {
        ("db", "env", "DATABASE_URL", "", ""),
        ("db", "url", "mongodb://user:****@mongo:27017/shop", "", ""),
        ("db", "env", "MONGO_URI", "", ""),
        ("cache", "url", "redis://cache:6379", "", ""),
        ("cache", "env", "REDIS_URL", "", ""),
        ("db", "url", "postgres://db:5432/app", "", ""),
    }
    assert all("secret" not in c.detail for c in extract(src, "d.js").calls)


def test_express_fastify_routes_with_prefix():
    src = """
const express = require("express");
const app = express();
const orders = express.Router();
orders.get("/:id", show);
orders.post("/", create);
app.use("/api/orders", orders);
app.get("/health", (req, res) => res.send("ok"));
fastify.route({ method: "DELETE", url: "/items/:id", handler });
"""
    routes = {(r.method, r.path, r.line) for r in extract(src, "app.js").routes}
    assert routes == {("GET", "/api/orders/:id", 5), ("POST", "/api/orders", 6), ("GET", "/health", 8),
                      ("DELETE", "/items/:id", 9)}


def test_nestjs_controller_decorators():
    src = """
import { Controller, Get, Post } from "@nestjs/common";
@Controller("orders")
export class OrdersController {
  @Get(":id")
  find() {}
  @Post()
  create() {}
  @GrpcMethod("OrderService", "Find")
  grpcFind() {}
}
"""
    facts = extract(src, "src/orders.controller.ts")
    assert {(r.method, r.path, r.framework) for r in facts.routes} == {
        ("GET", "/orders/:id", "nestjs"), ("POST", "/orders", "nestjs")}
    assert [s.service for s in facts.rpc_servers] == ["OrderService"]


def test_commented_call_is_ignored():
    src = """
// fetch("http://old-service:8080/x");
/* axios.get("http://older:1/y"); */
fetch("http://live:8080/z");
"""
    assert {c.target for c in extract(src, "c.js").calls} == {"http://live:8080/z"}


def test_syntax_error_is_reported_and_rest_extracted():
    src = 'fetch("http://ok-svc:80/a");\nfunction broken( {\n'
    facts = extract(src, "b.js")
    assert facts.problems and facts.problems[0].line is not None
    assert {c.target for c in facts.calls} == {"http://ok-svc:80/a"}


def test_typescript_and_tsx_use_their_grammars():
    ts_src = 'const url: string = "http://typed:1/x";\nexport const go = async (): Promise<void> => { await fetch(url as string); };\n'
    ts = extract(ts_src, "a.ts")
    assert ts.language == "typescript" and not ts.problems
    assert [c.target for c in ts.calls] == ["http://typed:1/x"]
    tsx_src = 'export const C = (p: {id: string}) => { fetch("http://ui-api:3000/x"); return <div id={p.id}/>; };\n'
    tsx = extract(tsx_src, "C.tsx")
    assert tsx.language == "tsx" and not tsx.problems
    assert [c.target for c in tsx.calls] == ["http://ui-api:3000/x"]
    assert extract(tsx_src, "C.ts").problems  # JSX is not TypeScript


def test_minified_or_garbage_input_does_not_crash():
    facts = extract("!function(e){var t={};" * 2000 + "\x00\ud800", "vendor.min.js")
    assert facts.language == "javascript"


def test_object_constants_and_url_helpers():
    src = """
const util = require("util");
const endpoints = { cartsUrl: "http://carts/carts", ordersUrl: process.env.ORDERS_URL };
const catalogueUrl = util.format("http://catalogue%s", domain);
request(endpoints.cartsUrl + "/" + id, cb);
request.post(endpoints.ordersUrl, cb);
request(catalogueUrl + "/tags", cb);
"""
    assert {(c.target_kind, c.target) for c in extract(src, "api/endpoints.js").calls} == {
        ("url", "http://carts/carts/{id}"), ("env", "ORDERS_URL"), ("url", "http://catalogue{}/tags")}


def test_client_call_with_options_object_is_not_a_route():
    src = 'api.get("/users", { params: { q } });\nrouter.get("/users/:id", loadUser, (req, res) => res.json({}));\n'
    facts = extract(src, "r.js")
    assert [(r.method, r.path) for r in facts.routes] == [("GET", "/users/:id")]


def test_grpc_destructured_service_and_unrelated_create_client():
    src = """
const { createClient } = require("@supabase/supabase-js");
const { OrderService } = grpc.loadPackageDefinition(def).shop;
const stub = new OrderService(process.env.ORDERS_ADDR, creds);
const supabase = createClient("https://xyz.supabase.co", key);
"""
    assert _calls(src) == {("grpc", "rpc", "OrderService", "", ""), ("grpc", "env", "ORDERS_ADDR", "", "")}


def test_kafka_broker_lists_become_async_calls():
    src = """
const { Kafka } = require("kafkajs");
const BROKERS = ["kafka-a:9092", process.env.KAFKA_EXTRA];
const fromEnv = new Kafka({ clientId: "shipping", brokers: process.env.KAFKA_BROKERS.split(",") });
const withDefault = new Kafka({ brokers: (process.env.KB || "kafka-b:9092").split(",") });
const listed = new Kafka({ brokers: [process.env.KAFKA_ONE, "kafka-c:9092", "no-port"] });
const fromConst = new Kafka({ brokers: BROKERS });
const rd = new Kafka.Producer({ "metadata.broker.list": "kafka-d:9092" });
const confluent = new Kafka({ kafkaJS: { brokers: ["kafka-e:9092"] } });
const brokers = (process.env.KF ?? "kafka-f:9092,kafka-g:9092").split(",");
const shorthand = new Kafka({ brokers });
"""
    facts = extract(src, "src/events.js")
    assert {(c.protocol, c.target_kind, c.target, c.default) for c in facts.calls} == {
        ("async", "env", "KAFKA_BROKERS", ""),
        ("async", "env", "KB", "kafka-b:9092"),
        ("async", "env", "KAFKA_ONE", ""),
        ("async", "url", "kafka-c:9092", ""),
        ("async", "url", "kafka-a:9092", ""),
        ("async", "env", "KAFKA_EXTRA", ""),
        ("async", "url", "kafka-d:9092", ""),
        ("async", "url", "kafka-e:9092", ""),
        ("async", "env", "KF", "kafka-f:9092,kafka-g:9092"),
    }
    first = next(c for c in facts.calls if c.target == "KAFKA_BROKERS")
    assert first.line == 4 and first.detail == "kafka new Kafka brokers KAFKA_BROKERS"


def test_amqp_and_nats_connections_become_async_calls():
    amqp_src = """
import amqp from "amqplib";
import * as manager from "amqp-connection-manager";
const conn = await amqp.connect(process.env.AMQP_URL ?? "amqp://rabbit:5672");
const byHost = await amqp.connect({ hostname: "rabbit-2", port: 5672, password: "pw" });
const managed = manager.connect(["amqp://guest:s3cret@rabbit-3:5672"]);
"""
    assert _calls(amqp_src, "src/bus.ts") == {
        ("async", "env", "AMQP_URL", "", "amqp://rabbit:5672"),
        ("async", "url", "amqp://rabbit-2:5672", "", ""),
        ("async", "url", "amqp://guest:****@rabbit-3:5672", "", ""),
    }
    nats_src = """
import { connect } from "nats";
const nc = await connect({ servers: process.env.NATS_URL });
const nc2 = await connect({ servers: ["nats://nats-a:4222", "nats-b:4222"] });
const nc3 = await connect("nats://nats-c:4222");
"""
    assert _calls(nats_src, "src/nats.ts") == {
        ("async", "env", "NATS_URL", "", ""),
        ("async", "url", "nats://nats-a:4222", "", ""),
        ("async", "url", "nats-b:4222", "", ""),
        ("async", "url", "nats://nats-c:4222", "", ""),
    }


def test_unrelated_connect_calls_are_not_brokers():
    src = """
import { connect } from "./db";
const db = connect("postgres-like:5432");
socket.connect("chat:7000");
const k = new Kafka({ clientId: "x" });
"""
    assert _calls(src) == set()


def test_ioredis_port_host_and_node_redis_socket_options():
    src = """
const Redis = require("ioredis");
const { createClient } = require("redis");
const a = new Redis(6379, "cache-a");
const b = createClient({ socket: { host: process.env.REDIS_HOST, port: 6379 } });
"""
    assert _calls(src) == {("cache", "url", "redis://cache-a:6379", "", ""), ("cache", "env", "REDIS_HOST", "", "")}


def test_registry_still_finds_the_split_extractor():
    from analyzer.ingest.code import registry
    assert registry.extractor("javascript") is extract
    assert registry.language_of("web/src/api.mts") == "javascript"
