#!/usr/bin/env python3
"""Writes src/__fixtures__/reference.json: reference values from scikit-learn and statsmodels.

Run once, from packages/agreement, with Debian's python (it has scikit-learn and statsmodels):
    BORDERLINE_DATA_PATH=../../../shared/datasets /usr/bin/python3 scripts/make-fixtures.py
Tests read the JSON and never need Python. Random cases are seeded, so a rerun writes the same file.
"""
import json
import os
import platform
import sys
from itertools import combinations

import numpy as np
import sklearn
import statsmodels
from scipy.stats import norm
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa
from statsmodels.stats.tests.test_inter_rater import diagnoses  # Fleiss (1971), as statsmodels' tests carry it

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "__fixtures__", "reference.json")
Z = float(norm.ppf(0.975))


def table_of(a, b, k):
    table = np.zeros((k, k))
    for x, y in zip(a, b):
        table[x, y] += 1
    return table


def finite(value):
    """JSON has no NaN: statsmodels' variance can round below zero (e.g. one rater constant), so its sqrt is NaN."""
    return None if not np.isfinite(value) else float(value)


def cohen_case(name, a, b, k):
    labels = list(range(k))
    case = {"name": name, "categories": k, "a": [int(x) for x in a], "b": [int(y) for y in b]}
    for weights in ("none", "linear", "quadratic"):
        kappa = cohen_kappa_score(a, b, labels=labels, weights=None if weights == "none" else weights)
        table = table_of(a, b, k)
        if weights == "none":
            res = cohens_kappa(table)
        else:
            res = cohens_kappa(table, wt=weights)
        case[weights] = {
            "sklearnKappa": float(kappa),
            "statsmodelsKappa": float(res.kappa),
            "statsmodelsVariance": float(res.var_kappa),
            "statsmodelsStandardError": finite(np.sqrt(max(res.var_kappa, 0.0))),
            "statsmodelsCi95": [finite(res.kappa - Z * np.sqrt(max(res.var_kappa, 0.0))),
                                finite(res.kappa + Z * np.sqrt(max(res.var_kappa, 0.0)))],
        }
    return case


def random_cases():
    rng = np.random.default_rng(20261124)
    cases = []
    specs = [(2, 50, 0.8), (2, 400, 0.95), (3, 120, 0.6), (4, 300, 0.7), (5, 80, 0.5), (5, 200, 0.9), (6, 60, 0.4)]
    for index, (k, n, agree) in enumerate(specs):
        # Skewed marginals, and the top category never used by b when k > 3, so absent categories are exercised.
        p = rng.dirichlet(np.ones(k) * 0.8)
        a = rng.choice(k, size=n, p=p)
        noise = rng.choice(k, size=n)
        keep = rng.random(n) < agree
        b = np.where(keep, a, noise)
        if k > 3:
            b = np.where(b == k - 1, 0, b)
        cases.append(cohen_case(f"random-{index}-k{k}-n{n}", a, b, k))
    return cases


def fleiss_cases():
    rng = np.random.default_rng(7)
    cases = []
    counts, _ = aggregate_raters(diagnoses - 1, n_cat=5)
    cases.append({"name": "fleiss-1971-diagnoses", "categories": 5, "raters": diagnoses.shape[1],
                  "matrix": (diagnoses - 1).astype(int).tolist(), "statsmodelsKappa": float(fleiss_kappa(counts))})
    for index, (items, raters, k) in enumerate([(40, 3, 2), (100, 5, 3), (25, 8, 4)]):
        truth = rng.choice(k, size=items)
        matrix = np.where(rng.random((items, raters)) < 0.7, truth[:, None], rng.choice(k, size=(items, raters)))
        counts, _ = aggregate_raters(matrix, n_cat=k)
        cases.append({"name": f"random-{index}", "categories": k, "raters": raters, "matrix": matrix.astype(int).tolist(),
                      "statsmodelsKappa": float(fleiss_kappa(counts))})
    return cases


def convabuse_pairs():
    root = os.environ.get("BORDERLINE_DATA_PATH", os.path.join(HERE, "..", "..", "..", "..", "shared", "datasets"))
    folder = os.path.join(root, "convabuse")
    with open(os.path.join(folder, "dataset.json")) as handle:
        order = json.load(handle)["labels"]
    by_annotator = {}
    with open(os.path.join(folder, "labels.jsonl")) as handle:
        for line in handle:
            row = json.loads(line)
            if row["role"] != "expert":
                continue
            by_annotator.setdefault(row["annotator"], {})[row["item"]] = row["label"]
    pairs = []
    for first, second in combinations(sorted(by_annotator), 2):
        shared = sorted(set(by_annotator[first]) & set(by_annotator[second]))
        entry = {"a": first, "b": second, "n": len(shared)}
        if shared:
            x = [by_annotator[first][item] for item in shared]
            y = [by_annotator[second][item] for item in shared]
            with np.errstate(all="ignore"):
                kappa = float(cohen_kappa_score(x, y, labels=order))
            entry["sklearnKappa"] = None if np.isnan(kappa) else kappa
        else:
            entry["sklearnKappa"] = None
        pairs.append(entry)
    return {"labels": order, "annotators": sorted(by_annotator), "pairs": pairs}


def main():
    fixture = {
        "provenance": {
            "tool": f"scikit-learn {sklearn.__version__} (cohen_kappa_score), statsmodels {statsmodels.__version__} "
                    "(cohens_kappa: kappa, var_kappa; fleiss_kappa), numpy " + np.__version__,
            "python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
            "command": "BORDERLINE_DATA_PATH=../../../shared/datasets /usr/bin/python3 scripts/make-fixtures.py",
            "notes": "ci95 = kappa -/+ norm.ppf(0.975) * sqrt(max(var_kappa, 0)); Fleiss 1971 data from statsmodels' own "
                     "tests (statsmodels/stats/tests/test_inter_rater.py, codes shifted to 0-based); ConvAbuse pairs "
                     "on the items both experts labelled, labels ordered as in dataset.json.",
        },
        "cohen": random_cases() + [
            cohen_case("statsmodels-table10", *expand([[0, 4, 1], [0, 8, 0], [0, 1, 5]]), 3),
        ],
        "fleiss": fleiss_cases(),
        "convabuse": convabuse_pairs(),
    }
    with open(OUT, "w") as handle:
        json.dump(fixture, handle, indent=1, allow_nan=False)
        handle.write("\n")


def expand(table):
    a, b = [], []
    for x, row in enumerate(table):
        for y, count in enumerate(row):
            a += [x] * count
            b += [y] * count
    return a, b


if __name__ == "__main__":
    main()
