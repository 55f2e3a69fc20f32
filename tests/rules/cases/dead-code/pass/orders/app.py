from dataclasses import dataclass

from fastapi import FastAPI

from orders.pricing import total

app = FastAPI()


@dataclass
class Order:
    id: int
    amount: float


@app.get("/orders/{order_id}")
def read_order(order_id: int):
    order = Order(id=order_id, amount=total([1, 2]))
    return {"id": order.id, "total": order.amount}
