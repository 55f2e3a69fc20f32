"""C# extractor: each mechanism on a small realistic snippet."""

from __future__ import annotations

from analyzer.ingest.code.csharp.extractor import SUFFIXES, extract


def _calls(src: str):
    return {(c.protocol, c.target_kind, c.target, c.suffix, c.default) for c in extract(src, "Svc.cs").calls}


def test_suffix():
    assert SUFFIXES == (".cs",)


def test_httpclient_calls_with_fields_config_env_and_request_message():
    src = """
public class OrdersGateway {
    private readonly string _catalog;
    private const string Stock = "http://stock-api:8080";
    public OrdersGateway(IConfiguration config) {
        _catalog = config["Services:Catalog"] ?? "http://catalog:80";
    }
    public async Task Run(int id) {
        await _http.GetFromJsonAsync<Item>($"{_catalog}/api/items/{id}");
        await _http.PostAsJsonAsync(Stock + "/reserve", body);
        var req = new HttpRequestMessage(HttpMethod.Delete, Environment.GetEnvironmentVariable("PAY_URL") + "/pay");
        await _http.SendAsync(req);
        await _http.GetStringAsync("api/relative-without-base");
    }
}
"""
    assert _calls(src) == {
        ("http", "config", "Services:Catalog", "/api/items/{id}", "http://catalog:80"),
        ("http", "url", "http://stock-api:8080/reserve", "", ""),
        ("http", "env", "PAY_URL", "/pay", ""),
    }
    delete = next(c for c in extract(src, "G.cs").calls if c.target == "PAY_URL")
    assert delete.line == 11 and "DELETE" in delete.detail


def test_base_address_joins_relative_calls():
    src = """
var client = new HttpClient { BaseAddress = new Uri("http://basket-api:5000") };
await client.GetAsync("/api/basket/1");
"""
    assert ("http", "url", "http://basket-api:5000/api/basket/1", "", "") in _calls(src)


def test_typed_and_named_clients_and_config_accessors():
    src = """
builder.Services.AddHttpClient<CatalogClient>(c => c.BaseAddress = new Uri(builder.Configuration["Services:Catalog"]));
builder.Services.AddHttpClient("orders", (sp, c) => { c.BaseAddress = new Uri(configuration.GetValue<string>("OrdersUrl")); });
builder.Services.AddHttpClient<BasketClient>(c => c.BaseAddress = new Uri(config.GetSection("Services")["Basket"]));
var api = RestService.For<IUsersApi>(Environment.GetEnvironmentVariable("USERS_URL"));
"""
    facts = extract(src, "Program.cs")
    got = {(c.target_kind, c.target) for c in facts.calls}
    assert got == {("config", "Services:Catalog"), ("config", "OrdersUrl"), ("config", "Services:Basket"),
                   ("env", "USERS_URL")}
    assert any("AddHttpClient" in c.detail for c in facts.calls)
    assert any("Refit" in c.detail for c in facts.calls)


def test_grpc_clients_and_servers():
    src = """
var channel = GrpcChannel.ForAddress("http://ordering-grpc:5001");
var client = new Orders.OrdersClient(channel);
builder.Services.AddGrpcClient<Basket.BasketClient>(o => o.Address = new Uri(config["Urls:Basket"]));
app.MapGrpcService<PaymentService>();
public class PaymentService : Payments.PaymentsBase { }
"""
    facts = extract(src, "Program.cs")
    calls = {(c.protocol, c.target_kind, c.target) for c in facts.calls}
    assert calls == {("grpc", "url", "http://ordering-grpc:5001"), ("grpc", "rpc", "Orders"),
                     ("grpc", "rpc", "Basket"), ("grpc", "config", "Urls:Basket")}
    assert {(s.service, s.line) for s in facts.rpc_servers} == {("Payment", 5), ("Payments", 6)}


def test_messaging_rabbit_kafka_masstransit_eventbus():
    src = """
using Confluent.Kafka;
using MassTransit;
channel.BasicPublish(exchange: "orders", routingKey: "", body: body);
channel.BasicPublish("", "emails", null, body);
channel.BasicConsume(queue: "billing", autoAck: true, consumer: c);
channel.QueueBind("billing", "orders", "created");
await producer.ProduceAsync("order-events", msg);
consumer.Subscribe("payment-events");
await _publishEndpoint.Publish<OrderSubmitted>(new { Id = 1 });
_eventBus.Publish(new OrderStartedIntegrationEvent(userId));
eventBus.Subscribe<ProductPriceChangedIntegrationEvent, PriceHandler>();
public class SubmitConsumer : IConsumer<SubmitOrder> { }
"""
    uses = {(t.system, t.topic, t.role) for t in extract(src, "Bus.cs").topics}
    assert uses == {
        ("rabbitmq", "orders", "produce"), ("rabbitmq", "emails", "produce"),
        ("rabbitmq", "billing", "consume"), ("rabbitmq", "orders", "consume"),
        ("kafka", "order-events", "produce"), ("kafka", "payment-events", "consume"),
        ("masstransit", "OrderSubmitted", "produce"), ("masstransit", "OrderStartedIntegrationEvent", "produce"),
        ("eventbus", "ProductPriceChangedIntegrationEvent", "consume"), ("masstransit", "SubmitOrder", "consume"),
    }


def test_datastores():
    src = """
options.UseNpgsql(builder.Configuration.GetConnectionString("OrderingDb"));
options.UseSqlServer("Server=sqldata;Database=Catalog;User Id=sa;Password=Pass@word");
var redis = ConnectionMultiplexer.Connect("basket-redis:6379");
var mongo = new MongoClient(Environment.GetEnvironmentVariable("MONGO_URL"));
"""
    facts = extract(src, "Db.cs")
    got = {(c.protocol, c.target_kind, c.target) for c in facts.calls}
    assert ("db", "config", "ConnectionStrings:OrderingDb") in got
    assert ("cache", "url", "basket-redis:6379") in got
    assert ("db", "env", "MONGO_URL") in got
    sql = next(c for c in facts.calls if c.target.startswith("Server="))
    assert "Pass@word" not in sql.target and "Pass@word" not in sql.detail


def test_minimal_api_routes_with_groups():
    src = """
app.MapGet("/health", () => "ok");
var api = app.MapGroup("/api/orders").HasApiVersion(1.0);
api.MapPost("/", Create);
api.MapGet("{id:int}", Get);
app.MapGroup("/v2").MapDelete("/items/{id}", Remove);
"""
    routes = {(r.method, r.path, r.line) for r in extract(src, "Api.cs").routes}
    assert routes == {("GET", "/health", 2), ("POST", "/api/orders", 4), ("GET", "/api/orders/{id:int}", 5),
                      ("DELETE", "/v2/items/{id}", 6)}


def test_controller_routes():
    src = """
[ApiController]
[Route("api/v1/[controller]")]
public class CatalogController : ControllerBase {
    [HttpGet("items/{id}")] public IActionResult Item(int id) => Ok();
    [HttpPost] public IActionResult Add() => Ok();
    [HttpGet("/absolute/ping")] public IActionResult Ping() => Ok();
    [Route("[action]")] [HttpPut] public IActionResult Rename() => Ok();
}
"""
    routes = {(r.method, r.path) for r in extract(src, "CatalogController.cs").routes}
    assert routes == {("GET", "/api/v1/catalog/items/{id}"), ("POST", "/api/v1/catalog"),
                      ("GET", "/absolute/ping"), ("PUT", "/api/v1/catalog/rename")}


def test_aspire_with_reference_is_a_discovery_call():
    src = """
var builder = DistributedApplication.CreateBuilder(args);
var cache = builder.AddRedis("basket-cache");
var db = builder.AddPostgres("pg").AddDatabase("orderingdb");
var catalog = builder.AddProject<Projects.Catalog_API>("catalog-api");
builder.AddProject<Projects.Ordering_API>("ordering-api")
    .WithReference(db)
    .WithReference(catalog);
var basket = builder.AddProject<Projects.Basket_API>("basket-api").WithReference(cache);
"""
    calls = {(c.protocol, c.target_kind, c.target, c.detail) for c in extract(src, "AppHost/Program.cs").calls}
    assert calls == {
        ("db", "discovery", "orderingdb", "aspire from=ordering-api WithReference orderingdb"),
        ("http", "discovery", "catalog-api", "aspire from=ordering-api WithReference catalog-api"),
        ("cache", "discovery", "basket-cache", "aspire from=basket-api WithReference basket-cache"),
    }


def test_commented_call_is_ignored():
    src = """
// await _http.GetAsync("http://legacy:80/x");
/* ConnectionMultiplexer.Connect("old-redis:6379"); */
await _http.GetAsync("http://live:80/y");
"""
    assert {c.target for c in extract(src, "C.cs").calls} == {"http://live:80/y"}


def test_syntax_error_reports_problem_and_keeps_extracting():
    src = """
public class A {
    public async Task Ok() { await _http.GetAsync("http://fine-svc:80/a"); }
    public void Broken( { int x = ; }
}
"""
    facts = extract(src, "Broken.cs")
    assert facts.problems and facts.problems[0].line is not None
    assert {c.target for c in facts.calls} == {"http://fine-svc:80/a"}


def test_options_settings_url_helpers_and_event_variables():
    src = """
public class BasketService {
    private readonly string _remoteServiceBaseUrl;
    public BasketService(HttpClient httpClient, IOptions<AppSettings> settings) {
        _remoteServiceBaseUrl = $"{settings.Value.BasketUrl}/api/v1/basket/";
    }
    public async Task<Basket> GetBasket(string id) {
        var uri = API.Basket.GetBasket(_remoteServiceBaseUrl, id);
        var body = await _httpClient.GetStringAsync(uri);
        var evt = new OrderStartedIntegrationEvent(id);
        await _eventBus.PublishAsync(evt);
        return null;
    }
}
builder.Services.AddHttpClient<CatalogService>(o => o.BaseAddress = new("https+http://catalog-api"));
"""
    facts = extract(src, "BasketService.cs")
    calls = {(c.line, c.target_kind, c.target) for c in facts.calls}
    assert calls == {(9, "config", "BasketUrl"), (15, "url", "https+http://catalog-api")}
    assert [(t.topic, t.role) for t in facts.topics] == [("OrderStartedIntegrationEvent", "produce")]


def test_registry_still_finds_the_split_extractor():
    from analyzer.ingest.code import registry
    assert registry.extractor("csharp") is extract
    assert registry.language_of("src/Orders/Program.cs") == "csharp"
