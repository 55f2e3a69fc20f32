"""A service's source folder may be named after its image rather than its id."""

from __future__ import annotations

from analyzer.ingest import ScanOptions, scan
from analyzer.ingest.sources import image_name


def test_image_name_drops_registry_tag_and_digest():
    assert image_name("registry.example:5000/team/shop-cart:1.2") == "shop-cart"
    assert image_name("shop-cart@sha256:abcd") == "shop-cart"
    assert image_name("redis") == "redis"
    assert image_name(None) is None
    assert image_name("") is None


def test_id_folder_wins_over_image_folder(tree):
    root = tree({
        "docker-compose.yml": "services:\n  cart:\n    image: acme/shop-cart:1\n"
                              "  pay:\n    image: acme/shop-pay:1\n",
        "cart/main.go": "package main\n",
        "shop-cart/main.go": "package main\n",
        "shop-pay/server.py": "print('pay')\n",
    })
    model = scan([root], ScanOptions(code=False))
    assert model.service("cart").source_dir == "cart"
    assert model.service("pay").source_dir == "shop-pay"
