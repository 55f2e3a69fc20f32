"""Java extractor: each mechanism on a small realistic snippet."""

from __future__ import annotations

from analyzer.ingest.code.java.extractor import SUFFIXES, extract


def _calls(src: str):
    return {(c.protocol, c.target_kind, c.target, c.suffix, c.default)
            for c in extract(src, "src/main/java/A.java").calls}


def _topics(src: str):
    return {(t.system, t.topic, t.role, t.target_kind) for t in extract(src, "A.java").topics}


def _routes(src: str):
    return {(r.method, r.path, r.framework) for r in extract(src, "A.java").routes}


CONTROLLER = """package com.shop.orders;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1/orders")
public class OrderController {
    private static final String PAY = "http://ts-payment-service:18673";
    private static final String PAY_API = PAY + "/api/v1/payment";
    @Value("${inventory.url}")
    private String inventoryUrl;
    private final RestTemplate restTemplate;
    private final WebClient webClient;
    private final String userBase;

    public OrderController(RestTemplate restTemplate, WebClient.Builder builder,
                           @Value("${services.user.base:http://users:8080}") String userBase) {
        this.restTemplate = restTemplate;
        this.userBase = userBase;
        this.webClient = builder.baseUrl(System.getenv("SHIPPING_URL")).build();
    }

    @GetMapping("/{id}")
    public Order get(@PathVariable String id) {
        // restTemplate.getForObject("http://commented-out:1/x", String.class);
        restTemplate.getForObject(PAY_API + "/status", String.class);
        restTemplate.exchange(inventoryUrl + "/stock", HttpMethod.POST, null, String.class);
        restTemplate.postForObject("http://ts-user-service/api/v1/users", req, String.class);
        webClient.get().uri("/ship/{id}", id).retrieve();
        String u = UriComponentsBuilder.fromHttpUrl(userBase).path("/users").toUriString();
        restTemplate.getForEntity(u, String.class);
        restTemplate.getForObject("lb://ts-route-service/api/v1/routes", String.class);
        map.put("a", "http://not-a-call:80");
        return null;
    }

    @RequestMapping(value = {"/a", "/b"}, method = RequestMethod.PUT)
    public void put() {}

    @PostMapping
    public void create() {}
}
"""


def test_suffixes():
    assert SUFFIXES == (".java",)


def test_rest_template_constants_value_fields_and_constructor_injection():
    calls = _calls(CONTROLLER)
    assert ("http", "url", "http://ts-payment-service:18673/api/v1/payment/status", "", "") in calls
    assert ("http", "config", "inventory.url", "/stock", "") in calls
    assert ("http", "url", "http://ts-user-service/api/v1/users", "", "") in calls
    assert ("http", "config", "services.user.base", "/users", "http://users:8080") in calls
    assert ("http", "discovery", "ts-route-service", "/api/v1/routes", "") in calls
    assert not any("not-a-call" in c[2] or "commented-out" in c[2] for c in calls)
    exchange = next(c for c in extract(CONTROLLER, "A.java").calls if c.target == "inventory.url")
    assert exchange.line == 28 and exchange.detail == "RestTemplate POST inventory.url + /stock"


def test_webclient_base_url_and_uri():
    calls = _calls(CONTROLLER)
    assert ("http", "env", "SHIPPING_URL", "/ship/{id}", "") in calls
    assert ("http", "env", "SHIPPING_URL", "", "") in calls  # the baseUrl site itself


def test_spring_routes_with_class_prefix():
    assert _routes(CONTROLLER) == {
        ("GET", "/api/v1/orders/{id}", "spring"),
        ("PUT", "/api/v1/orders/a", "spring"),
        ("PUT", "/api/v1/orders/b", "spring"),
        ("POST", "/api/v1/orders", "spring"),
    }
    route = next(r for r in extract(CONTROLLER, "A.java").routes if r.path.endswith("{id}"))
    assert route.line == 24  # the @GetMapping line


def test_feign_clients_discovery_config_and_paths():
    src = """
@FeignClient(name = "inventory-service", path = "/api/inventory")
interface InventoryClient {
    @GetMapping("/{sku}")
    Stock get(@PathVariable("sku") String sku);
}

@FeignClient(value = "pricing", url = "${pricing.url}")
interface PricingClient {
    @PostMapping("/prices")
    List<Price> all();
}

@FeignClient("catalog")
interface CatalogClient {}

@FeignClient(name = "billing", url = "http://localhost:9999")
interface BillingClient {}
"""
    assert _calls(src) == {
        ("http", "discovery", "inventory-service", "/api/inventory/{sku}", ""),
        ("http", "config", "pricing.url", "/prices", ""),
        ("http", "discovery", "catalog", "", ""),
        ("http", "discovery", "billing", "", ""),
    }
    assert _routes(src) == set()  # Feign mappings are client calls, not served routes


def test_okhttp_httpclient_jaxrs_apache_clients():
    src = """
class Clients {
    void run() {
        Request req = new Request.Builder().url("http://notify:8080/send").build();
        HttpRequest r = HttpRequest.newBuilder().uri(URI.create(System.getenv("AUDIT_URL") + "/log")).build();
        client.target("http://legacy:9000/api").request().get();
        HttpGet get = new HttpGet("http://reports:8000/daily");
    }
}
"""
    assert _calls(src) == {
        ("http", "url", "http://notify:8080/send", "", ""),
        ("http", "env", "AUDIT_URL", "/log", ""),
        ("http", "url", "http://legacy:9000/api", "", ""),
        ("http", "url", "http://reports:8000/daily", "", ""),
    }


def test_grpc_stubs_channels_and_servers():
    src = """
@GrpcService
public class CartServer extends CartServiceGrpc.CartServiceImplBase {
    void call() {
        ManagedChannel ch = ManagedChannelBuilder.forAddress("ts-price-service", 9090).usePlaintext().build();
        PriceServiceGrpc.PriceServiceBlockingStub stub = PriceServiceGrpc.newBlockingStub(ch);
        ManagedChannel c2 = ManagedChannelBuilder.forTarget(System.getenv("STOCK_TARGET")).build();
        StockGrpc.StockFutureStub s = StockGrpc.newFutureStub(c2);
    }
}
"""
    facts = extract(src, "CartServer.java")
    assert {(c.protocol, c.target_kind, c.target) for c in facts.calls} == {
        ("grpc", "url", "ts-price-service:9090"),
        ("grpc", "rpc", "PriceService"),
        ("grpc", "env", "STOCK_TARGET"),
        ("grpc", "rpc", "Stock"),
    }
    assert [(s.service, s.framework, s.line) for s in facts.rpc_servers] == [
        ("CartService", "grpc-spring", 3)]


def test_messaging_listeners_and_templates():
    src = """
import org.springframework.kafka.annotation.KafkaListener;
class Messaging {
    static final String TOPIC = "order-events";
    private final KafkaTemplate<String, String> template;
    private final RabbitTemplate rabbitTemplate;

    @KafkaListener(topics = {"payments", "${app.topics.refunds}"}, groupId = "orders")
    public void onPayment(String m) {}

    @KafkaListener(topics = TOPIC + "-dlq")
    public void dlq(String m) {}

    @RabbitListener(queues = "email-queue")
    public void onEmail(String m) {}

    @RabbitListener(bindings = @QueueBinding(value = @Queue("q1"), exchange = @Exchange("orders-x")))
    public void bound(String m) {}

    @JmsListener(destination = "invoices")
    public void jms(String m) {}

    void send() {
        template.send(TOPIC, "x");
        kafkaTemplate.send(new ProducerRecord<>("audit", "k", "v"));
        rabbitTemplate.convertAndSend("shop-exchange", "order.created", msg);
        rabbitTemplate.convertAndSend("", "direct-q", msg);
        jmsTemplate.convertAndSend("shipments", msg);
    }
}
"""
    assert _topics(src) == {
        ("kafka", "payments", "consume", "literal"),
        ("kafka", "app.topics.refunds", "consume", "config"),
        ("kafka", "order-events-dlq", "consume", "literal"),
        ("rabbitmq", "email-queue", "consume", "literal"),
        ("rabbitmq", "q1", "consume", "literal"),
        ("rabbitmq", "orders-x", "consume", "literal"),
        ("jms", "invoices", "consume", "literal"),
        ("kafka", "order-events", "produce", "literal"),
        ("kafka", "audit", "produce", "literal"),
        ("rabbitmq", "shop-exchange", "produce", "literal"),
        ("rabbitmq", "direct-q", "produce", "literal"),
        ("jms", "shipments", "produce", "literal"),
    }


def test_spring_cloud_stream_bindings_as_config_keys():
    src = """
import org.springframework.cloud.stream.function.StreamBridge;
class Stream {
    @Bean
    public Consumer<Order> handleOrder() { return o -> {}; }
    @StreamListener("input")
    public void legacy(String m) {}
    void emit() { streamBridge.send("shipments-out-0", payload); }
}
"""
    assert _topics(src) == {
        ("stream", "spring.cloud.stream.bindings.handleOrder-in-0.destination", "consume", "config"),
        ("stream", "spring.cloud.stream.bindings.input.destination", "consume", "config"),
        ("stream", "spring.cloud.stream.bindings.shipments-out-0.destination", "produce", "config"),
    }


def test_datastores_with_masked_credentials():
    src = """
class Stores {
    void open() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:postgresql://orders-db:5432/orders", "u", "p");
        MongoClient m = MongoClients.create("mongodb://app:s3cret@mongo:27017/shop");
        Jedis j = new Jedis("redis", 6379);
        JedisPool pool = new JedisPool(cfg, "sessions-redis");
        RedisClient rc = RedisClient.create("redis://cache:6379");
        hikari.setJdbcUrl(System.getenv("JDBC_URL"));
    }
}
"""
    assert _calls(src) == {
        ("db", "url", "jdbc:postgresql://orders-db:5432/orders", "", ""),
        ("db", "url", "mongodb://app:****@mongo:27017/shop", "", ""),
        ("cache", "url", "redis:6379", "", ""),
        ("cache", "url", "sessions-redis:6379", "", ""),
        ("cache", "url", "redis://cache:6379", "", ""),
        ("db", "env", "JDBC_URL", "", ""),
    }


def test_jaxrs_routes():
    src = """
@Path("/v2/items")
public class ItemResource {
    @GET
    @Path("/{id}")
    public String item() { return ""; }
    @POST
    public void create() {}
    @Path("/sub")
    public Sub locator() { return null; }
}
"""
    assert _routes(src) == {("GET", "/v2/items/{id}", "jax-rs"), ("POST", "/v2/items", "jax-rs")}


def test_syntax_error_is_one_problem_and_extraction_goes_on():
    src = """
class Broken {
    void ok() { restTemplate.getForObject("http://orders:8080/api", String.class); }
    void bad( { int x = ; }
}
"""
    facts = extract(src, "Broken.java")
    assert len(facts.problems) == 1 and facts.problems[0].line == 4
    assert ("http", "url", "http://orders:8080/api", "", "") in _calls(src)


def test_comments_only_yield_nothing():
    src = """
class Quiet {
    /* restTemplate.getForObject("http://orders:8080/api", String.class); */
    // @KafkaListener(topics = "ghost")
}
"""
    facts = extract(src, "Quiet.java")
    assert facts.calls == [] and facts.topics == [] and facts.problems == []


def test_output_is_deterministic_and_round_trips():
    first = extract(CONTROLLER, "A.java")
    second = extract(CONTROLLER, "A.java")
    assert first == second
    assert [c.line for c in first.calls] == sorted(c.line for c in first.calls)
    assert type(first).from_dict(first.to_dict()) == first


def test_helper_method_parameters_resolve_at_same_file_callers():
    src = """
class Gateway {
    @Value("${billing.url}")
    private String billingUrl;
    private final RestTemplate restTemplate;

    public Invoice invoice(String id) {
        return fetch(billingUrl + "/api/invoices/" + id);
    }

    public Invoice fx() {
        return fetch("http://fx-rates:8080/latest");
    }

    private Invoice fetch(String url) {
        return restTemplate.getForObject(url, Invoice.class);
    }

    private void other(String url) {}
}
"""
    facts = extract(src, "Gateway.java")
    assert {(c.line, c.target_kind, c.target, c.suffix) for c in facts.calls} == {
        (8, "config", "billing.url", "/api/invoices/"),
        (12, "url", "http://fx-rates:8080/latest", ""),
    }
    assert all("via fetch" in c.detail for c in facts.calls)
