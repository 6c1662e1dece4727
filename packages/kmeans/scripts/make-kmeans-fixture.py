#!/usr/bin/python3
"""Writes src/__fixtures__/kmeans-reference.json: planted-cluster data sets with scikit-learn's k-means inertia.

Run once from packages/kmeans with Debian's python (it has scikit-learn):
    /usr/bin/python3 scripts/make-kmeans-fixture.py
Tests compare borderline's kmeans inertia with these values (within 5%) and need no Python.
"""
import json
import platform
import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.cluster import KMeans


def planted(rng, n, dimensions, k, spread, scale):
    centres = rng.normal(0, scale, size=(k, dimensions))
    labels = rng.integers(0, k, size=n)
    points = centres[labels] + rng.normal(0, spread, size=(n, dimensions))
    return points.astype(np.float32), labels


def case(name, rng, n, dimensions, k, spread, scale):
    points, labels = planted(rng, n, dimensions, k, spread, scale)
    model = KMeans(n_clusters=k, n_init=10, algorithm="lloyd", random_state=0, max_iter=300, tol=1e-4).fit(points)
    return {
        "name": name,
        "n": n,
        "dimensions": dimensions,
        "k": k,
        "points": [round(float(v), 4) for v in points.ravel()],
        "planted": [int(v) for v in labels],
        "inertia": float(model.inertia_),
    }


def main():
    rng = np.random.default_rng(20261124)
    cases = [
        case("separated-2d", rng, 600, 2, 5, 0.5, 6.0),
        case("overlapping-8d", rng, 1500, 8, 6, 1.0, 1.5),
        case("many-16d", rng, 1200, 16, 12, 1.0, 2.0),
    ]
    out = Path(__file__).resolve().parent.parent / "src" / "__fixtures__"
    # Re-fit on the rounded points the fixture stores, so the reference describes exactly the data the test reads.
    for item in cases:
        points = np.asarray(item["points"], dtype=np.float32).reshape(item["n"], item["dimensions"])
        item["inertia"] = float(
            KMeans(n_clusters=item["k"], n_init=10, algorithm="lloyd", random_state=0, max_iter=300, tol=1e-4)
            .fit(points)
            .inertia_
        )
    provenance = {
        "tool": "scikit-learn",
        "version": sklearn.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "estimator": "KMeans(n_clusters=k, n_init=10, algorithm='lloyd', random_state=0, max_iter=300, tol=1e-4)",
        "command": "/usr/bin/python3 scripts/make-kmeans-fixture.py (from packages/kmeans)",
        "data": "numpy default_rng(20261124): k centres ~ N(0, scale), labels uniform, points = centre + N(0, spread)",
    }
    (out / "kmeans-reference.json").write_text(json.dumps({"provenance": provenance, "cases": cases}) + "\n")
    (out / "kmeans-reference.provenance.json").write_text(json.dumps(provenance, indent=2) + "\n")
    print(f"wrote {out / 'kmeans-reference.json'}", file=sys.stderr)


if __name__ == "__main__":
    main()
