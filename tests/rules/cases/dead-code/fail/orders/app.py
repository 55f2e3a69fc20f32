import os
from fastapi import FastAPI

from orders.pricing import total

app = FastAPI()


@app.get("/orders/{order_id}")
def read_order(order_id: int):
    return {"id": order_id, "total": total([1, 2])}
