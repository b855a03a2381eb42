"""Cross-sell suggestions: association rules between products bought together.

For products A and B over the orders: support(A -> B) = share of orders with
both; confidence = support(A, B) / support(A); lift = confidence / support(B).
A lift above 1 means B is bought with A more often than on its own.
"""

import numpy as np
import pandas as pd
from scipy import sparse

from .data import InputError


def association_rules(
    orders, products, *, min_support=0.01, min_confidence=0.0, top_n=5
):
    """Top ``top_n`` rules per antecedent product, strongest lift first.

    ``orders`` and ``products`` are parallel sequences (one row per order
    line). Returns a DataFrame with antecedent, consequent, orders_together,
    support, confidence and lift.
    """
    orders = pd.Series(orders)
    products = pd.Series(products)
    if len(orders) != len(products):
        raise InputError("orders and products must have the same length")
    columns = [
        "antecedent",
        "consequent",
        "orders_together",
        "support",
        "confidence",
        "lift",
    ]
    if len(orders) == 0:
        return pd.DataFrame(columns=columns)
    known = (orders.notna() & products.notna()).to_numpy()
    if not known.all():  # a missing order or product (None, NaN): left out
        orders, products = orders[known], products[known]
        if len(orders) == 0:
            return pd.DataFrame(columns=columns)
    order_codes, _orders = pd.factorize(orders)
    product_codes, product_names = pd.factorize(products)
    n_orders = int(order_codes.max()) + 1
    basket = sparse.csr_matrix(
        (np.ones(len(order_codes)), (order_codes, product_codes)),
        shape=(n_orders, len(product_names)),
    )
    basket.sum_duplicates()
    basket.data[:] = 1.0  # a product counted once per order
    together = (basket.T @ basket).tocoo()
    per_product = np.asarray(basket.sum(axis=0)).ravel()
    mask = (together.row != together.col) & (together.data >= min_support * n_orders)
    a, b, n_ab = together.row[mask], together.col[mask], together.data[mask]
    support = n_ab / n_orders
    confidence = n_ab / per_product[a]
    lift = confidence / (per_product[b] / n_orders)
    rules = pd.DataFrame(
        {
            "antecedent": product_names[a],
            "consequent": product_names[b],
            "orders_together": n_ab.astype(int),
            "support": support,
            "confidence": confidence,
            "lift": lift,
        }
    )
    rules = rules[rules["confidence"] >= min_confidence]
    rules = rules.sort_values(
        ["antecedent", "lift", "confidence", "consequent"],
        ascending=[True, False, False, True],
    )
    return rules.groupby("antecedent", sort=False).head(top_n).reset_index(drop=True)
