"""Kotlin extractor: Spring, gRPC and messaging idioms in Kotlin syntax."""

from __future__ import annotations

from analyzer.ingest.code.kotlin.extractor import SUFFIXES, extract

SOURCE = '''package com.shop.loyalty

import org.springframework.kafka.annotation.KafkaListener

@RestController
@RequestMapping("/api/loyalty")
class LoyaltyController(
    @Value("\\${orders.url}") private val ordersUrl: String,
    private val rest: RestTemplate,
    private val kafkaTemplate: KafkaTemplate<String, String>,
) {
    companion object {
        const val TOPIC = "points"
        val PRICING = System.getenv("PRICING_URL") ?: "http://pricing:8080"
    }

    @KafkaListener(topics = ["payments"], groupId = "loyalty-service")
    fun onPayment(event: Map<String, Any>) {
        kafkaTemplate.send(TOPIC, "x")
    }

    @GetMapping("/{id}/points")
    fun get(@PathVariable id: String): String {
        // rest.getForObject("http://commented-out:1/x", String::class.java)
        rest.getForObject("$ordersUrl/api/orders/${id}", String::class.java)
        rest.postForObject("${PRICING}/quote", req, String::class.java)
        return ""
    }

    @RequestMapping(value = ["/tiers"], method = [RequestMethod.GET])
    fun tiers() {
        val u = System.getenv("TIERS_URL") + "/all"
        client.get().uri(u)
    }
}

class CartServer : CartGrpc.CartImplBase() {
    fun call() {
        val stub = PriceServiceGrpc.newBlockingStub(channel)
    }
}

@FeignClient(name = "inventory")
interface InventoryClient {
    @GetMapping("/items")
    fun items(): String
}
'''


def test_suffixes():
    assert set(SUFFIXES) == {".kt", ".kts"}


def test_http_calls_templates_value_properties_and_elvis_defaults():
    facts = extract(SOURCE, "LoyaltyController.kt")
    assert {(c.protocol, c.target_kind, c.target, c.suffix, c.default) for c in facts.calls} == {
        ("http", "config", "orders.url", "/api/orders/", ""),
        ("http", "env", "PRICING_URL", "/quote", "http://pricing:8080"),
        ("http", "env", "TIERS_URL", "/all", ""),
        ("grpc", "rpc", "PriceService", "", ""),
        ("http", "discovery", "inventory", "/items", ""),
    }
    assert next(c.line for c in facts.calls if c.target == "orders.url") == 25


def test_routes_with_class_prefix_after_imports():
    facts = extract(SOURCE, "LoyaltyController.kt")
    assert {(r.method, r.path) for r in facts.routes} == {
        ("GET", "/api/loyalty/{id}/points"), ("GET", "/api/loyalty/tiers")}


def test_topics_and_grpc_server():
    facts = extract(SOURCE, "LoyaltyController.kt")
    assert {(t.system, t.topic, t.role) for t in facts.topics} == {
        ("kafka", "payments", "consume"), ("kafka", "points", "produce")}
    assert [(s.service, s.framework) for s in facts.rpc_servers] == [("Cart", "grpc-kotlin")]


def test_syntax_error_is_reported_and_extraction_goes_on():
    src = '''package x

class Broken {
    fun ok() {
        rest.getForObject("http://orders:8080/api", String::class.java)
    }
    fun bad( {
}
'''
    facts = extract(src, "Broken.kt")
    assert len(facts.problems) == 1 and facts.problems[0].line is not None
    assert [c.target for c in facts.calls] == ["http://orders:8080/api"]
