"""Go extractor: each mechanism on a small realistic snippet."""

from __future__ import annotations

from analyzer.ingest.code.golang.extractor import SUFFIXES, extract
from analyzer.ingest.code.treesitter.util import parse, source_bytes, string_value, walk


def _calls(src: str):
    return {(c.protocol, c.target_kind, c.target, c.suffix, c.default) for c in extract(src, "main.go").calls}


def _topics(src: str):
    return {(t.system, t.topic, t.role, t.target_kind) for t in extract(src, "main.go").topics}


def _routes(src: str):
    return {(r.method, r.path, r.framework) for r in extract(src, "main.go").routes}


def test_suffixes():
    assert SUFFIXES == (".go",)


def test_net_http_literal_const_env_and_sprintf():
    src = '''package main

import (
	"fmt"
	"net/http"
	"os"
)

const paymentBase = "http://payment-service:8080"

var inventoryURL = os.Getenv("INVENTORY_URL")

func run() {
	http.Get(paymentBase + "/api/pay")
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/reserve/%d", inventoryURL, 7), nil)
	http.DefaultClient.Do(req)
	http.Get("/relative")
}
'''
    facts = extract(src, "cmd/main.go")
    assert {(c.protocol, c.target_kind, c.target, c.suffix) for c in facts.calls} == {
        ("http", "url", "http://payment-service:8080/api/pay", ""),
        ("http", "env", "INVENTORY_URL", "/api/reserve/"),
    }
    post = next(c for c in facts.calls if c.target_kind == "env")
    assert post.line == 15 and "POST" in post.detail and len(post.detail) <= 120
    assert facts.problems == [] and facts.language == "go"


def test_env_with_default_helper_and_empty_check():
    src = '''package main
import ("net/http"; "os")
func getEnv(k, d string) string { return d }
func run() {
	addr := os.Getenv("CART_HOST")
	if addr == "" {
		addr = "cart:8080"
	}
	http.Get("http://" + addr + "/carts")
	u := getEnv("SHIPPING_URL", "http://shipping:8080")
	http.Post(u+"/ship", "application/json", nil)
}
'''
    assert _calls(src) == {
        ("http", "env", "CART_HOST", "/carts", "cart:8080"),
        ("http", "env", "SHIPPING_URL", "/ship", "http://shipping:8080"),
    }


def test_resty_with_base_url_and_generic_client():
    src = '''package main
import ("os"; "net/http"; "github.com/go-resty/resty/v2")
func run() {
	client := resty.New().SetBaseURL(os.Getenv("USER_SVC"))
	client.R().SetBody(u).Post("/users")
	resty.New().R().Get("http://audit:9000/log")
	c := &http.Client{}
	c.Get(os.Getenv("CATALOG_URL") + "/catalog")
	m.Get(os.Getenv("CACHE_KEY"))
}
'''
    assert _calls(src) == {
        ("http", "env", "USER_SVC", "/users", ""),
        ("http", "url", "http://audit:9000/log", "", ""),
        ("http", "env", "CATALOG_URL", "/catalog", ""),
    }


def test_grpc_client_stub_dial_address_and_server():
    src = '''package main
import (
	"os"
	"google.golang.org/grpc"
	pb "example.com/shop/gen/orders"
)
func run() {
	conn, _ := grpc.Dial(os.Getenv("ORDER_ADDR"), grpc.WithInsecure())
	oc := pb.NewOrderServiceClient(conn)
	conn2, _ := grpc.DialContext(ctx, "dns:///stock:50051")
	sc := pb.NewStockClient(conn2)
	s := grpc.NewServer()
	pb.RegisterCartServiceServer(s, &server{})
	rdb := redis.NewClient(opts)
}
'''
    facts = extract(src, "main.go")
    assert {(c.protocol, c.target_kind, c.target) for c in facts.calls} == {
        ("grpc", "env", "ORDER_ADDR"),
        ("grpc", "rpc", "OrderService"),
        ("grpc", "url", "dns:///stock:50051"),
        ("grpc", "rpc", "Stock"),
    }
    dial = next(c for c in facts.calls if c.target == "ORDER_ADDR")
    assert dial.line == 8 and "OrderService" in dial.detail
    assert [(r.service, r.line) for r in facts.rpc_servers] == [("CartService", 13)]


def test_gin_groups_and_echo_and_net_http_patterns():
    src = '''package main
import ("net/http"; "github.com/gin-gonic/gin")
func routes() {
	r := gin.Default()
	api := r.Group("/api")
	v1 := api.Group("/v1")
	v1.GET("/items/:id", getItem)
	r.POST("/checkout", checkout)
	http.HandleFunc("GET /health", health)
	http.Handle("/metrics", promhttp.Handler())
}
'''
    assert _routes(src) == {
        ("GET", "/api/v1/items/:id", "gin"),
        ("POST", "/checkout", "gin"),
        ("GET", "/health", "net/http"),
        ("ANY", "/metrics", "net/http"),
    }


def test_chi_route_and_gorilla_methods_and_subrouter():
    src = '''package main
import ("github.com/go-chi/chi/v5"; "github.com/gorilla/mux")
func routes() {
	r := chi.NewRouter()
	r.Route("/api", func(r chi.Router) {
		r.Get("/orders", list)
		r.Post("/orders", create)
	})
	m := mux.NewRouter()
	m.HandleFunc("/health", h).Methods("GET")
	sub := m.PathPrefix("/v2").Subrouter()
	sub.HandleFunc("/carts", h).Methods("POST", "PUT")
}
'''
    assert _routes(src) == {
        ("GET", "/api/orders", "chi"),
        ("POST", "/api/orders", "chi"),
        ("GET", "/health", "gorilla"),
        ("POST,PUT", "/v2/carts", "gorilla"),
    }


def test_echo_uppercase_routes():
    src = '''package main
import "github.com/labstack/echo/v4"
func routes() {
	e := echo.New()
	g := e.Group("/admin")
	g.DELETE("/users/:id", del)
}
'''
    assert _routes(src) == {("DELETE", "/admin/users/:id", "echo")}


def test_kafka_segmentio_and_sarama():
    src = '''package main
import ("os"; "github.com/segmentio/kafka-go"; "github.com/IBM/sarama")
func run() {
	w := &kafka.Writer{Addr: kafka.TCP("kafka:9092"), Topic: "orders"}
	rd := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{"kafka:9092"}, Topic: os.Getenv("TOPIC")})
	pm := &sarama.ProducerMessage{Topic: "payments", Value: v}
	pc, _ := consumer.ConsumePartition("refunds", 0, sarama.OffsetNewest)
	topics := []string{"a", "b"}
	group.Consume(ctx, topics, handler)
}
'''
    assert _topics(src) == {
        ("kafka", "orders", "produce", "literal"),
        ("kafka", "TOPIC", "consume", "env"),
        ("kafka", "payments", "produce", "literal"),
        ("kafka", "refunds", "consume", "literal"),
        ("kafka", "a", "consume", "literal"),
        ("kafka", "b", "consume", "literal"),
    }
    assert ("async", "url", "kafka:9092", "", "") in _calls(src)


def test_rabbitmq_nats_redis():
    src = '''package main
import (
	"os"
	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/nats-io/nats.go"
	"github.com/redis/go-redis/v9"
)
func run() {
	conn, _ := amqp.Dial("amqp://guest:guest@rabbitmq:5672/")
	q, _ := ch.QueueDeclare("emails", true, false, false, false, nil)
	ch.Consume(q.Name, "", true, false, false, false, nil)
	ch.PublishWithContext(ctx, "", "notifications", false, false, msg)
	ch.Publish("events", "order.created", false, false, msg)
	ch.QueueBind(q.Name, "order.*", "events", false, nil)
	nc, _ := nats.Connect(os.Getenv("NATS_URL"))
	nc.Publish("orders.created", data)
	nc.Subscribe("orders.paid", func(m *nats.Msg) {})
	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379"})
	rdb.Publish(ctx, "cache-invalidate", "x")
	rdb.Subscribe(ctx, "cache-invalidate")
}
'''
    assert _topics(src) == {
        ("rabbitmq", "emails", "consume", "literal"),
        ("rabbitmq", "notifications", "produce", "literal"),
        ("rabbitmq", "events", "produce", "literal"),
        ("rabbitmq", "events", "consume", "literal"),
        ("nats", "orders.created", "produce", "literal"),
        ("nats", "orders.paid", "consume", "literal"),
        ("redis", "cache-invalidate", "produce", "literal"),
        ("redis", "cache-invalidate", "consume", "literal"),
    }
    calls = _calls(src)
    assert ("async", "url", "amqp://guest:****@rabbitmq:5672/", "", "") in calls
    assert ("async", "env", "NATS_URL", "", "") in calls
    assert ("cache", "url", "redis:6379", "", "") in calls


def test_datastores_and_password_masking():
    src = '''package main
import ("database/sql"; "os"; "github.com/jackc/pgx/v5/pgxpool"; "gorm.io/driver/postgres")
func run() {
	db, _ := sql.Open("postgres", os.Getenv("DATABASE_URL"))
	db2, _ := sql.Open("mysql", "user:secret@tcp(mysql:3306)/shop")
	pool, _ := pgxpool.New(ctx, "postgres://app:pw@orders-db:5432/orders")
	g, _ := gorm.Open(postgres.Open(viper.GetString("db.dsn")), &gorm.Config{})
	opts := options.Client().ApplyURI("mongodb://mongo:27017")
}
'''
    calls = _calls(src)
    assert calls == {
        ("db", "env", "DATABASE_URL", "", ""),
        ("db", "url", "user:****@tcp(mysql:3306)/shop", "", ""),
        ("db", "url", "postgres://app:****@orders-db:5432/orders", "", ""),
        ("db", "config", "db.dsn", "", ""),
        ("db", "url", "mongodb://mongo:27017", "", ""),
    }
    assert all("secret" not in c.detail for c in extract(src, "x.go").calls)


def test_commented_out_calls_are_ignored():
    src = '''package main
import "net/http"
func run() {
	// http.Get("http://orders:8080/api")
	/* http.Post("http://billing:8080/api", "", nil) */
}
'''
    facts = extract(src, "main.go")
    assert facts.calls == [] and facts.problems == []


def test_syntax_error_is_a_problem_and_extraction_goes_on():
    src = '''package main
import "net/http"
func ok() {
	http.Get("http://orders:8080/api")
}
func broken( {
	x := 
}
'''
    facts = extract(src, "main.go")
    assert len(facts.problems) == 1 and facts.problems[0].line in (6, 7, 8)
    assert ("http", "url", "http://orders:8080/api", "", "") in _calls(src)


def test_output_is_sorted_and_deduplicated():
    src = '''package main
import "net/http"
func run() {
	http.Get("http://b:1/x")
	http.Get("http://a:1/x")
}
'''
    facts = extract(src, "main.go")
    assert [c.line for c in facts.calls] == [4, 5]
    assert facts.to_dict()["calls"][0]["target"] == "http://b:1/x"


def test_treesitter_util_string_values_and_walk():
    text = 'package main\nvar a = "x\\n\\"y"\nvar b = `raw\\n`\n'
    tree, problems = parse("go", text)
    src = source_bytes(text)
    values = [string_value(n, src) for n in walk(tree.root_node)
              if n.type.endswith("string_literal")]
    assert problems == [] and values == ['x\n"y', "raw\\n"]


def test_helper_parameters_resolve_at_each_same_file_caller():
    src = '''package main
import ("bytes"; "context"; "net/http"; "os")
type downstreams struct { paymentsURL, ordersURL string; http *http.Client }
func newDownstreams() *downstreams {
	return &downstreams{paymentsURL: os.Getenv("PAYMENTS_URL"), ordersURL: os.Getenv("ORDERS_URL")}
}
func (d *downstreams) authorize(ctx context.Context) {
	d.post(ctx, d.paymentsURL+"/api/payments/authorize", nil)
}
func (d *downstreams) order(ctx context.Context) {
	d.post(ctx, d.ordersURL+"/api/orders", nil)
}
func (d *downstreams) post(ctx context.Context, url string, body any) (*http.Response, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(nil))
	return d.http.Do(req)
}
'''
    facts = extract(src, "clients.go")
    assert {(c.line, c.target, c.suffix) for c in facts.calls} == {
        (8, "PAYMENTS_URL", "/api/payments/authorize"),
        (11, "ORDERS_URL", "/api/orders"),
    }
    assert all(c.detail.startswith("http.NewRequest POST via post") for c in facts.calls)


def test_dsn_built_with_sprintf_reports_the_host_not_the_user():
    src = '''package main
import ("database/sql"; "fmt"; "os")
func open() {
	dsn := fmt.Sprintf("%s:%s@tcp(%s:%s)/%s?parseTime=true",
		os.Getenv("MYSQL_USER"), os.Getenv("MYSQL_PASSWORD"),
		os.Getenv("MYSQL_HOST"), os.Getenv("MYSQL_PORT"), os.Getenv("MYSQL_DATABASE"))
	sql.Open("mysql", dsn)
	url := "postgres://" + os.Getenv("PG_USER") + ":" + os.Getenv("PG_PASS") + "@" + os.Getenv("PG_HOST") + ":5432/app"
	sql.Open("postgres", url)
}
'''
    assert _calls(src) == {("db", "env", "MYSQL_HOST", "", ""), ("db", "env", "PG_HOST", ":5432/app", "")}


def test_confluent_kafka_config_map_brokers_and_topics():
    src = '''package main
import ("os"; "github.com/confluentinc/confluent-kafka-go/v2/kafka")
func run() {
	p, _ := kafka.NewProducer(&kafka.ConfigMap{"bootstrap.servers": "kafka-1:9092,kafka-2:9092", "acks": "all"})
	topic := "orders.created"
	p.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny}}, nil)
	c, _ := kafka.NewConsumer(&kafka.ConfigMap{"bootstrap.servers": os.Getenv("KAFKA_BROKERS"), "group.id": "billing"})
	c.SubscribeTopics([]string{"payments.settled", "refunds"}, nil)
	cfg := kafka.ConfigMap{}
	cfg.SetKey("metadata.broker.list", "kafka-3:9092")
}
'''
    facts = extract(src, "kafka.go")
    assert {(c.line, c.protocol, c.target_kind, c.target) for c in facts.calls} == {
        (4, "async", "url", "kafka-1:9092"),
        (4, "async", "url", "kafka-2:9092"),
        (7, "async", "env", "KAFKA_BROKERS"),
        (10, "async", "url", "kafka-3:9092"),
    }
    assert _topics(src) == {
        ("kafka", "orders.created", "produce", "literal"),
        ("kafka", "payments.settled", "consume", "literal"),
        ("kafka", "refunds", "consume", "literal"),
    }


def test_echo_and_gin_match_routes():
    echo_src = '''package main
import ("net/http"; "regexp"; "github.com/labstack/echo/v4")
func main() {
	e := echo.New()
	api := e.Group("/api")
	api.Match([]string{http.MethodGet, "post"}, "/orders", list)
	methods := []string{"PUT", http.MethodPatch}
	e.Match(methods, "/items/:id", update)
	regexp.Match("^a", []byte("abc"))
}
'''
    assert _routes(echo_src) == {("GET,POST", "/api/orders", "echo"),
                                 ("PUT,PATCH", "/items/:id", "echo")}
    gin_src = '''package main
import "github.com/gin-gonic/gin"
func main() {
	r := gin.Default()
	r.Match([]string{"GET", "HEAD"}, "/healthz", health)
}
'''
    assert _routes(gin_src) == {("GET,HEAD", "/healthz", "gin")}
    no_router = '''package main
import "path/filepath"
func f(m Matcher) { filepath.Match("*.go", "a.go"); m.Match([]string{"GET"}, "/x", nil) }
'''
    assert _routes(no_router) == set()
