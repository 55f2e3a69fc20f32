"""C# extractor: outbox-style event publishes, event locals set in branches, MediatR handlers,
Aspire client integrations, health-check URLs and YARP forwarders."""

from __future__ import annotations

from analyzer.ingest.code.csharp.extractor import extract


def _topics(src: str):
    return sorted({(t.topic, t.role) for t in extract(src, "Handler.cs").topics})


def test_outbox_service_calls_publish_the_event_they_are_given():
    src = """
public class ShipHandler {
    public async Task Handle(ShipCommand cmd) {
        var shipped = new ParcelShippedIntegrationEvent(cmd.Id);
        await _outbox.AddAndSaveEventAsync(shipped);
        await _outboxService.SaveEventAndStoreChangesAsync(new StockReservedIntegrationEvent(cmd.Id));
        await _events.PublishThroughEventBusAsync(shipped);
        _order.AddDomainEvent(new ParcelShippedDomainEvent(cmd.Id));
        await _mediator.Publish(new ParcelShippedEvent(cmd.Id));
        await _logService.SaveEventAsync(evtFromParameter, tx);
    }
}
"""
    assert _topics(src) == [("ParcelShippedIntegrationEvent", "produce"),
                            ("StockReservedIntegrationEvent", "produce")]


def test_event_local_assigned_in_branches_or_by_conditional_publishes_each_type():
    src = """
public class PayHandler {
    public async Task Handle(OrderReady e) {
        IntegrationEvent result;
        if (e.Ok) { result = new PaymentAcceptedEvent(e.Id); }
        else { result = new PaymentDeclinedEvent(e.Id); }
        await eventBus.PublishAsync(result);
        var stock = e.Count > 0 ? (IntegrationEvent)new StockOkEvent(e.Id) : new StockLowEvent(e.Id);
        await _bus.Publish(stock);
    }
}
"""
    assert _topics(src) == [("PaymentAcceptedEvent", "produce"), ("PaymentDeclinedEvent", "produce"),
                            ("StockLowEvent", "produce"), ("StockOkEvent", "produce")]


def test_mediatr_notification_handlers_are_not_topic_consumers():
    src = """
public class AuditOnShipped : INotificationHandler<ParcelShippedDomainEvent> { }
public class RefundOnCancel : IIntegrationEventHandler<OrderCancelledIntegrationEvent> { }
"""
    assert _topics(src) == [("OrderCancelledIntegrationEvent", "consume")]


def test_aspire_client_integrations_read_injected_connection_strings():
    src = """
builder.AddRedisClient("cart-cache");
builder.AddNpgsqlDbContext<OrdersContext>("orders-db", configureDbContextOptions: o => { });
builder.AddKeyedSqlServerClient("reports");
builder.AddRabbitMqEventBus("messaging").AddSubscription<A, B>();
builder.AddKafkaProducer<string, string>("events");
builder.AddOpenAIClientFromConfiguration("chat");
builder.AddServiceDefaults();
"""
    calls = {(c.protocol, c.target_kind, c.target) for c in extract(src, "Extensions.cs").calls}
    assert calls == {("cache", "config", "ConnectionStrings:cart-cache"),
                     ("db", "config", "ConnectionStrings:orders-db"),
                     ("db", "config", "ConnectionStrings:reports"),
                     ("async", "config", "ConnectionStrings:messaging"),
                     ("async", "config", "ConnectionStrings:events")}


def test_health_check_urls_and_forwarders_are_http_calls():
    src = """
builder.Services.AddHealthChecks().AddUrlGroup(new Uri("http://auth-api/health"), "auth-check");
app.MapForwarder("/images/{id}", "http://media-api", "/api/media/{id}");
app.MapGet("/local", () => "ok");
"""
    calls = {(c.protocol, c.target) for c in extract(src, "Program.cs").calls}
    assert calls == {("http", "http://auth-api/health"), ("http", "http://media-api")}
