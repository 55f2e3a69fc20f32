"""Build-file readers: Maven, Gradle, npm, Go, Python and NuGet manifests, and the refusal of
XML with a DTD or entities."""

from __future__ import annotations

import textwrap

from analyzer.ingest.code.build.files import build_kind, parse_build


def _deps(text: str, rel: str) -> list[tuple[str, str | None, int | None]]:
    build = parse_build(textwrap.dedent(text), rel)
    return [(d.name, d.version, d.line) for d in build.dependencies]


POM = """\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.2.0</version>
    <relativePath/>
  </parent>
  <artifactId>orders</artifactId>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.springframework.cloud</groupId>
        <artifactId>spring-cloud-dependencies</artifactId>
        <version>2023.0.0</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-amqp</artifactId>
    </dependency>
    <dependency>
      <groupId>org.postgresql</groupId>
      <artifactId>postgresql</artifactId>
      <version>42.7.1</version>
    </dependency>
    <dependency>
      <groupId>${project.groupId}</groupId>
      <artifactId>orders-model</artifactId>
      <version>${project.version}</version>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-test</artifactId>
      <scope>test</scope>
    </dependency>
  </dependencies>
  <profiles>
    <profile>
      <dependencies>
        <dependency>
          <groupId>org.springframework.kafka</groupId>
          <artifactId>spring-kafka</artifactId>
        </dependency>
      </dependencies>
    </profile>
  </profiles>
  <build>
    <plugins>
      <plugin>
        <artifactId>some-plugin</artifactId>
        <dependencies>
          <dependency>
            <groupId>x</groupId>
            <artifactId>plugin-only</artifactId>
          </dependency>
        </dependencies>
      </plugin>
    </plugins>
  </build>
</project>
"""


def test_pom_reads_dependencies_not_management_parent_tests_or_plugins():
    build = parse_build(POM, "orders/pom.xml")
    assert [(d.name, d.version, d.line) for d in build.dependencies] == [
        ("org.springframework.boot:spring-boot-starter-amqp", None, 22),
        ("org.postgresql:postgresql", "42.7.1", 26),
        ("org.springframework.boot:orders-model", None, 31),   # group inherited from the parent
        ("org.springframework.kafka:spring-kafka", None, 45),  # a profile's dependency
    ]
    assert build.coordinates == "org.springframework.boot:orders"
    assert build.parent == "org.springframework.boot:spring-boot-starter-parent"
    assert build.parent_path == ""  # <relativePath/>: looked up in a repository
    assert build.complete and not build.problems


def test_pom_with_a_doctype_or_entity_is_refused_unparsed():
    evil = """<?xml version="1.0"?>
<!DOCTYPE project [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<project><dependencies><dependency><groupId>&xxe;</groupId><artifactId>a</artifactId>
</dependency></dependencies></project>
"""
    build = parse_build(evil, "svc/pom.xml")
    assert build.dependencies == []
    assert not build.complete
    assert [(p.line, p.message.split(":")[0]) for p in build.problems] == [(2, "refused")]
    csproj = parse_build('<!ENTITY a "b"><Project/>', "A/A.csproj")
    assert csproj.dependencies == [] and csproj.problems[0].message.startswith("refused")


def test_malformed_pom_is_a_problem_not_a_crash():
    build = parse_build("<project><dependencies></project>", "svc/pom.xml")
    assert build.problems and build.problems[0].message.startswith("invalid XML")
    assert not build.complete


def test_gradle_groovy_and_kotlin_forms():
    groovy = """
        plugins { id 'java' }
        dependencies {
            implementation 'org.springframework.boot:spring-boot-starter-web'
            implementation "org.springframework.kafka:spring-kafka:3.1.0"
            runtimeOnly group: 'org.postgresql', name: 'postgresql', version: '42.7.1'
            api platform('org.springframework.cloud:spring-cloud-dependencies:2023.0.0')
            testImplementation 'org.springframework.boot:spring-boot-starter-test'
            compile "com.acme:lib:${acmeVersion}"
        }
    """
    assert _deps(groovy, "svc/build.gradle") == [
        ("org.springframework.boot:spring-boot-starter-web", None, 4),
        ("org.springframework.kafka:spring-kafka", "3.1.0", 5),
        ("org.postgresql:postgresql", "42.7.1", 6),
        ("org.springframework.cloud:spring-cloud-dependencies", "2023.0.0", 7),
        ("com.acme:lib", None, 9),  # a version from a variable is not literal
    ]
    kts = ('dependencies {\n'
           '    implementation("org.springframework.boot:spring-boot-starter-amqp:3.2.0")\n}\n')
    build = parse_build(kts, "svc/build.gradle.kts")
    assert [(d.name, d.version) for d in build.dependencies] == [
        ("org.springframework.boot:spring-boot-starter-amqp", "3.2.0")]
    assert build.complete and not build.shares


def test_gradle_catalog_or_project_dependency_makes_the_classpath_unknown():
    text = "subprojects {\n}\ndependencies {\n    implementation(libs.spring.kafka)\n}\n"
    build = parse_build(text, "svc/build.gradle.kts")
    assert build.dependencies == [] and not build.complete and build.shares
    assert not parse_build("dependencies {\n  implementation project(':common')\n}\n",
                           "svc/build.gradle").complete


def test_package_json_reads_dependencies_not_dev_dependencies():
    text = """\
{
  "name": "web",
  "devDependencies": {"jest": "^29.0.0"},
  "dependencies": {
    "amqplib": "^0.10.3",
    "express": "4.18.2"
  }
}
"""
    assert _deps(text, "web/package.json") == [("amqplib", "^0.10.3", 5), ("express", "4.18.2", 6)]
    broken = parse_build("{", "web/package.json")
    assert broken.problems and broken.problems[0].message.startswith("invalid JSON")


def test_go_mod_require_line_and_block():
    text = """\
module example.com/checkout

go 1.21

require github.com/redis/go-redis/v9 v9.3.0

require (
\tgoogle.golang.org/grpc v1.60.1
\tgithub.com/segmentio/kafka-go v0.4.47 // indirect
)
"""
    assert _deps(text, "checkout/go.mod") == [
        ("github.com/redis/go-redis/v9", "v9.3.0", 5),
        ("google.golang.org/grpc", "v1.60.1", 8),
        ("github.com/segmentio/kafka-go", "v0.4.47", 9),
    ]


def test_requirements_and_pyproject():
    reqs = "# pinned\nflask==3.0.0\nredis[hiredis]>=5\n-r base.txt\n-e .\npika  # amqp\n"
    assert _deps(reqs, "cart/requirements-prod.txt") == [
        ("flask", "3.0.0", 2), ("redis", None, 3), ("pika", None, 6)]
    pyproject = """\
[project]
name = "cart"
dependencies = ["fastapi==0.110.0", "redis>=5"]

[tool.poetry.dependencies]
python = "^3.11"
celery = "5.3.6"
kombu = {version = "^5.3", extras = ["redis"]}
"""
    assert _deps(pyproject, "cart/pyproject.toml") == [
        ("fastapi", "0.110.0", 3), ("redis", None, 3), ("celery", "5.3.6", 7), ("kombu", None, 8)]
    assert parse_build("[project\n", "x/pyproject.toml").problems


def test_csproj_package_references():
    text = """\
<Project Sdk="Microsoft.NET.Sdk.Web">
  <ItemGroup>
    <PackageReference Include="RabbitMQ.Client" Version="6.8.1" />
    <PackageReference Include="Npgsql">
      <Version>8.0.1</Version>
    </PackageReference>
    <PackageReference Include="Aspire.StackExchange.Redis" />
  </ItemGroup>
</Project>
"""
    assert _deps(text, "Basket/Basket.csproj") == [
        ("RabbitMQ.Client", "6.8.1", 3), ("Npgsql", "8.0.1", 4),
        ("Aspire.StackExchange.Redis", None, 7)]


def test_build_kind_by_name():
    kinds = {rel: build_kind(rel) for rel in (
        "a/pom.xml", "a/build.gradle", "a/build.gradle.kts", "a/package.json", "a/go.mod",
        "a/requirements.txt", "a/requirements-dev.txt", "a/pyproject.toml", "a/A.csproj",
        "a/settings.gradle", "a/package-lock.json")}
    assert kinds == {"a/pom.xml": "maven", "a/build.gradle": "gradle",
                     "a/build.gradle.kts": "gradle", "a/package.json": "npm", "a/go.mod": "go",
                     "a/requirements.txt": "pypi", "a/requirements-dev.txt": "pypi",
                     "a/pyproject.toml": "pypi", "a/A.csproj": "nuget",
                     "a/settings.gradle": None, "a/package-lock.json": None}
