"""Aspire `WithReference` calls belong to the referencing resource's service, not the AppHost."""

from __future__ import annotations

from pathlib import Path

from analyzer.ingest import scan
from analyzer.ingest.code.enrich import enrich
from analyzer.ingest.files import discover
from analyzer.ingest.options import ScanOptions
from analyzer.model import Datastore, DatastoreCategory, Service, SystemModel

APPHOST = """\
var builder = DistributedApplication.CreateBuilder(args);
var cache = builder.AddRedis("basket-cache");
var catalog = builder.AddProject<Projects.Catalog_API>("catalog-api");
builder.AddProject<Projects.Ordering_API>("ordering-api")
    .WithReference(catalog)
    .WithReference(cache);
builder.AddProject<Projects.Legacy_API>("legacy-api").WithReference(catalog);
builder.Build().Run();
"""
API = """\
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/x", () => "ok");
app.Run();
"""


class _Options:
    jobs = 1
    cache_dir = ""


def _tree(write, apphost_dir: str = "Shop.AppHost") -> Path:
    return Path(write({
        f"{apphost_dir}/Program.cs": APPHOST,
        f"{apphost_dir}/Shop.AppHost.csproj": "<Project Sdk=\"Aspire.AppHost.Sdk/9.0.0\"/>\n",
        "Ordering.API/Ordering.API.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Web\"/>\n",
        "Ordering.API/Program.cs": API,
        "Catalog.API/Catalog.API.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Web\"/>\n",
        "Catalog.API/Program.cs": API,
    }))


def _model(*extra: Service) -> SystemModel:
    return SystemModel(
        services=[Service(id="ordering-api", source_dir="Ordering.API"),
                  Service(id="catalog-api", source_dir="Catalog.API"), *extra],
        datastores=[Datastore(id="basket-cache", technology="redis",
                              category=DatastoreCategory.CACHE)])


def test_apphost_no_service_owns_attributes_references_to_their_source(write):
    root = _tree(write)
    result = enrich(_model(), discover([root]), _Options())
    edges = {e.key: [(x.origin.value, x.file, x.line, x.detail) for x in e.evidence]
             for e in result.edges}
    assert edges == {
        ("ordering-api", "catalog-api", "depends-on"): [
            ("code", "Shop.AppHost/Program.cs", 4,
             "aspire from=ordering-api WithReference catalog-api")],
        ("ordering-api", "basket-cache", "cache"): [
            ("code", "Shop.AppHost/Program.cs", 4,
             "aspire from=ordering-api WithReference basket-cache")]}
    unresolved = [d.message for d in result.diagnostics if d.file == "Shop.AppHost/Program.cs"]
    assert unresolved == ["Aspire resource legacy-api names no service; its reference to "
                          "catalog-api is not attributed"]


def test_apphost_owned_by_a_service_does_not_make_it_the_caller(write):
    root = _tree(write, "AppHost")
    model = _model(Service(id="apphost", source_dir="AppHost"))
    result = enrich(model, discover([root]), _Options())
    assert {e.key for e in result.edges} == {("ordering-api", "catalog-api", "depends-on"),
                                             ("ordering-api", "basket-cache", "cache")}


def test_full_scan_counts_each_reference_once(write):
    root = _tree(write)
    model = scan([root], ScanOptions())
    assert {s.id for s in model.services} == {"ordering-api", "catalog-api", "legacy-api"}
    edges = {e.key: len(e.evidence) for e in model.edges}
    assert edges == {("ordering-api", "catalog-api", "depends-on"): 1,
                     ("ordering-api", "basket-cache", "cache"): 1,
                     ("legacy-api", "catalog-api", "depends-on"): 1}
