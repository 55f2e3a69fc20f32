"""CI pipelines (GitHub Actions, GitLab CI, Jenkinsfile): what each builds, tests, images and
deploys for which service, and schema validation with YAML lines."""

from __future__ import annotations

import time

from platformfacts import codes, kinds

COMPOSE = ("services:\n  orders:\n    build: ./orders\n  payments:\n    build: ./services/payments\n"
           "  web:\n    build: ./web\n")


def _pipeline(model):
    [found] = kinds(model, "CIPipeline")
    return found.facts


def test_github_jobs_are_attributed_by_folder_name_and_matrix(scan_tree):
    model = scan_tree({"docker-compose.yml": COMPOSE, "orders/pom.xml": "<project/>",
                       ".github/workflows/ci.yml": """on: [push]
jobs:
  java:
    runs-on: ubuntu-latest
    steps:
      - run: mvn -B -f orders/pom.xml verify
  images:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        svc: [payments, web]
    steps:
      - uses: docker/build-push-action@v5
        with: {context: "./services/${{ matrix.svc }}"}
      - run: kubectl apply -f k8s/
"""})
    facts = _pipeline(model)
    assert facts["system"] == "github-actions"
    assert facts["builds"] == ["orders", "payments", "web"]
    assert facts["tests"] == ["orders"]
    assert facts["images"] == ["payments", "web"]
    assert facts["deploys"] == ["payments", "web"]
    assert [(j["name"], j["line"]) for j in facts["jobs"]] == [("java", 3), ("images", 7)]
    assert codes(model) == []


def test_compose_build_builds_every_service_and_gitlab_jobs_are_read(scan_tree):
    model = scan_tree({"docker-compose.yml": COMPOSE, ".gitlab-ci.yml": """stages: [test, build]
image: docker:24
.template:
  script: [echo template]
unit:
  stage: test
  script: [cd orders && go test ./...]
build:
  stage: build
  script: [docker compose build, docker compose push]
"""})
    facts = _pipeline(model)
    assert facts["images"] == ["orders", "payments", "web"] and facts["tests"] == ["orders"]
    assert [j["name"] for j in facts["jobs"]] == ["unit", "build"]


def test_schema_errors_carry_the_line_of_the_offending_node(scan_tree):
    model = scan_tree({"docker-compose.yml": COMPOSE, ".github/workflows/bad.yml":
                       "on: push\njobs:\n  test:\n    steps:\n      - run: make test\n"
                       "  lint:\n    runs-on: ubuntu-latest\n    timeout-minutes: soon\n"
                       "    steps: [{run: make lint}]\n"})
    errors = [(d.line, d.message) for d in model.diagnostics if d.code == "ci-schema"]
    assert [line for line, _ in errors] == [4, 7]  # the job with no runs-on; the bad job
    assert "jobs/test: 'runs-on' is a required property" in errors[0][1]
    assert "jobs/lint" in errors[1][1]


def test_jenkinsfile_stages_are_read_as_text(scan_tree):
    model = scan_tree({"docker-compose.yml": COMPOSE, "web/Jenkinsfile": """pipeline {
  agent any
  stages {
    stage('Build') { steps { sh 'npm ci && npm run build' } }
    stage("Test") { steps { sh 'npm test' } }
    stage('Image') { steps { sh 'docker build -t acme/web .' } }
  }
}
"""})
    facts = _pipeline(model)
    assert facts["system"] == "jenkins"
    assert [(j["name"], j["line"], j["services"]) for j in facts["jobs"]] == [
        ("Build", 4, ["web"]), ("Test", 5, ["web"]), ("Image", 6, ["web"])]
    assert facts["images"] == ["web"] and facts["tests"] == ["web"]


def test_deep_jenkinsfile_nesting_is_bounded_with_a_diagnostic(scan_tree):
    body = "pipeline {\n" + "stage('x') {\n" * 50_000 + "}\n" * 50_000
    start = time.monotonic()
    model = scan_tree({"docker-compose.yml": COMPOSE, "Jenkinsfile": body})
    assert time.monotonic() - start < 120  # no hang
    assert ("jenkinsfile-too-deep", 201) in codes(model)
    assert kinds(model, "CIPipeline") == []
