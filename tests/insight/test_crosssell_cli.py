"""Issue 9: ``crm-insight crosssell`` gives the rules of
``crosssell.association_rules``, as JSON and an escaped CSV."""

import json

import pandas as pd
import pytest

from crm_insight import cli, crosssell

LINES = [
    (1, "laptop"),
    (1, "printer"),
    (1, "=bag"),
    (2, "laptop"),
    (2, "printer"),
    (3, "laptop"),
    (3, "=bag"),
    (3, "=bag"),
    (4, "pen"),
]


def test_crosssell_command_gives_the_library_rules(tmp_path, capsys):
    source = tmp_path / "lines.csv"
    pd.DataFrame(LINES, columns=["pedido", "producto"]).to_csv(source, index=False)
    out = tmp_path / "rules.csv"
    status = cli.main(
        [
            "crosssell",
            str(source),
            "--order",
            "pedido",
            "--product",
            "producto",
            "--min-support",
            "0.25",
            "--min-confidence",
            "0.5",
            "--top",
            "1",
            "--out",
            str(out),
        ]
    )
    assert status == 0
    summary = json.loads(capsys.readouterr().out)
    expected = crosssell.association_rules(
        [str(o) for o, _ in LINES],
        [p for _, p in LINES],
        min_support=0.25,
        min_confidence=0.5,
        top_n=1,
    )
    assert summary["orders"] == 4 and summary["rules"] == len(expected)
    written = pd.read_csv(out)
    assert list(written.columns) == list(expected.columns)
    assert written["orders_together"].tolist() == expected["orders_together"].tolist()
    assert written["lift"].tolist() == pytest.approx(expected["lift"].tolist())
    # a product named like a formula stays text
    assert set(written["antecedent"]) | set(written["consequent"]) >= {"'=bag"}
    laptop = next(r for r in summary["top_rules"] if r["antecedent"] == "laptop")
    assert laptop["consequent"] == "=bag"  # ties on lift: by name; JSON unescaped
    assert laptop["lift"] == pytest.approx((2 / 3) / (2 / 4))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--order", "x"], "column 'x' (order) not found"),
        (["--min-support", "2"], "between 0 and 1"),
        (["--top", "0"], "at least 1"),
        (["--out", "/no/such/dir/r.csv"], "no folder"),
    ],
)
def test_crosssell_bad_options(tmp_path, capsys, args, message):
    source = tmp_path / "lines.csv"
    pd.DataFrame(LINES, columns=["order", "product"]).to_csv(source, index=False)
    base = {"--order": "order", "--product": "product"}
    for key, value in zip(args[::2], args[1::2], strict=True):
        base[key] = value
    argv = ["crosssell", str(source)] + [v for kv in base.items() for v in kv]
    try:
        status = cli.main(argv)
    except SystemExit as exc:  # argparse: one line, status 2
        status = exc.code
    assert status == 2
    assert message in capsys.readouterr().err
