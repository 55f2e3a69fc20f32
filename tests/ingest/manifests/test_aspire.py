"""Aspire app hosts as manifests: workloads, backing resources and what references inject."""

from __future__ import annotations

from analyzer.ingest import ScanOptions, scan
from analyzer.ingest.manifests.aspire import is_apphost, project_folders, read_apphost

APPHOST = """
var builder = DistributedApplication.CreateBuilder(args);
var cache = builder.AddRedis("cart-cache");
var bus = builder.AddRabbitMQ("messaging");
var sql = builder.AddPostgres("pg").WithImage("custom/not-a-db");
var ordersDb = sql.AddDatabase("orders-db");
var auth = builder.AddProject<Projects.Auth_Service>("auth");
var authUrl = auth.GetEndpoint("https");
var orders = builder.AddProject<Projects.Orders_Api>("orders")
    .WithReference(ordersDb)
    .WithReference(bus)
    .WaitFor(bus)
    .WithEnvironment("Auth__Authority", authUrl)
    .WithEnvironment("Mode", "fast");
builder.AddProject<Projects.Storefront>("storefront")
    .WithReference(orders)
    .WithReference(cache);
builder.AddNpmApp("admin-ui", "../admin/ui").WithReference(orders);
builder.AddAzureSearch("search");
builder.Build().Run();
"""

PROJECTS = {"Auth_Service": "src/Auth.Service", "Orders_Api": "src/Orders-Api",
            "Storefront": "src/Storefront"}


def _by_id(declared):
    return {d.id: d for d in declared}


def test_apphost_is_recognised_by_its_builder_call():
    assert is_apphost("Program.cs", APPHOST)
    assert not is_apphost("Program.cs", "var app = WebApplication.CreateBuilder(args);")
    assert not is_apphost("notes.md", APPHOST)


def test_project_class_names_map_to_csproj_folders():
    folders = project_folders(["src/Orders-Api/Orders-Api.csproj", "src/Auth.Service/Auth.Service.csproj",
                               "a/Dup.csproj", "b/Dup.csproj", "Root.csproj"])
    assert folders == {"Orders_Api": "src/Orders-Api", "Auth_Service": "src/Auth.Service",
                       "Root": "."}


def test_workloads_and_backing_resources_are_declared():
    declared, diagnostics = read_apphost("host/AppHost/Program.cs", APPHOST, PROJECTS)
    got = _by_id(declared)
    assert sorted(got) == ["admin-ui", "auth", "cart-cache", "messaging", "orders", "orders-db",
                           "pg", "storefront"]
    assert {d.platform for d in declared} == {"aspire"}
    assert got["orders"].source_dir == "src/Orders-Api"
    assert got["admin-ui"].source_dir == "host/admin/ui"
    assert got["orders-db"].image == "postgres"  # a database inherits its server's image
    assert got["pg"].image == "postgres"          # a non-datastore WithImage does not hide it
    assert got["cart-cache"].image == "redis" and got["messaging"].image == "rabbitmq"
    assert got["auth"].declared_in[0].file == "host/AppHost/Program.cs"
    assert [d.code for d in diagnostics] == ["aspire-resource-skipped"]


def test_references_become_connection_strings_env_and_depends_on():
    got = _by_id(read_apphost("AppHost/Program.cs", APPHOST, PROJECTS)[0])
    orders_env = {(e.key, e.value) for e in got["orders"].env}
    assert orders_env == {("ConnectionStrings__orders-db", "postgresql://orders-db"),
                          ("ConnectionStrings__messaging", "amqp://messaging"),
                          ("Auth__Authority", "http://auth"), ("Mode", "fast")}
    assert [d.target for d in got["orders"].depends_on] == ["messaging"]
    store = got["storefront"]
    assert {(e.key, e.value) for e in store.env} == {("ConnectionStrings__cart-cache", "redis://cart-cache")}
    assert [(d.target, d.detail) for d in store.depends_on] == [("orders", "Aspire WithReference(orders)")]


def test_unknown_project_is_a_diagnostic_not_a_crash():
    src = 'var b = DistributedApplication.CreateBuilder(args);\nb.AddProject<Projects.Gone>("gone");\n'
    declared, diagnostics = read_apphost("AppHost/Program.cs", src, {})
    assert [(d.id, d.source_dir) for d in declared] == [("gone", None)]
    assert [d.code for d in diagnostics] == ["aspire-project-unlocated"]


def test_scan_builds_services_datastores_and_edges_from_an_apphost(tmp_path):
    (tmp_path / "AppHost").mkdir()
    (tmp_path / "AppHost" / "Program.cs").write_text(APPHOST)
    for folder in ("Auth.Service", "Orders-Api", "Storefront"):
        (tmp_path / "src" / folder).mkdir(parents=True)
        (tmp_path / "src" / folder / f"{folder}.csproj").write_text("<Project />\n")
        (tmp_path / "src" / folder / "Program.cs").write_text("var app = WebApplication.CreateBuilder(args);\n")
    model = scan([tmp_path], ScanOptions(code=False))
    assert sorted(s.id for s in model.services) == ["admin-ui", "auth", "orders", "storefront"]
    assert {s.id: s.source_dir for s in model.services}["orders"] == "src/Orders-Api"
    assert sorted(d.id for d in model.datastores) == ["cart-cache", "messaging", "orders-db", "pg"]
    edges = {(e.source, e.target, e.kind.value) for e in model.edges}
    assert {("orders", "orders-db", "db"), ("orders", "messaging", "async"),
            ("orders", "auth", "http"), ("storefront", "cart-cache", "cache"),
            ("storefront", "orders", "depends-on")} <= edges
