#!/usr/bin/python3
"""Times scikit-learn's k-means on the exact data borderline's k-means bench uses, and prints the seconds.

The bench (bench/kmeans.bench.ts) writes the points as raw little-endian float32 (row-major) and runs:
    /usr/bin/python3 scripts/sklearn-kmeans-timing.py --data FILE --n 100000 --dimensions 100 --k 32
Record a reference for machines without scikit-learn (writes bench/sklearn-reference.json):
    ... same arguments ... --out bench/sklearn-reference.json
The estimator is KMeans(n_clusters=k, algorithm='lloyd', n_init=1, max_iter=20, tol=0, random_state=0);
the time is the median of --repeats fits, init included (as borderline's timing includes its k-means++).
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import datetime, timezone

import numpy as np
import sklearn
import threadpoolctl
from sklearn.cluster import KMeans


def relative(arg):
    """Paths inside the package are recorded relative to it, temporary files by name: no machine's paths."""
    if not os.path.isabs(arg):
        return arg
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if arg.startswith(package + os.sep):
        return os.path.relpath(arg, package)
    return os.path.join("$TMPDIR", os.path.basename(os.path.dirname(arg)), os.path.basename(arg))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--dimensions", type=int, required=True)
    parser.add_argument("--k", type=int, default=32)
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out")
    args = parser.parse_args()
    points = np.fromfile(args.data, dtype="<f4").reshape(args.n, args.dimensions)
    seconds = []
    for repeat in range(args.repeats):
        model = KMeans(n_clusters=args.k, algorithm="lloyd", n_init=1, max_iter=args.iterations, tol=0, random_state=repeat)
        start = time.perf_counter()
        model.fit(points)
        seconds.append(time.perf_counter() - start)
    result = {
        "seconds": statistics.median(seconds),
        "all": seconds,
        "iterations": int(model.n_iter_),
        "inertia": float(model.inertia_),
        "n": args.n,
        "dimensions": args.dimensions,
        "k": args.k,
        "provenance": {
            "tool": "scikit-learn",
            "version": sklearn.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
            "threads": [pool.get("num_threads") for pool in threadpoolctl.threadpool_info()],
            "cpus": os.cpu_count(),
            "estimator": f"KMeans(n_clusters={args.k}, algorithm='lloyd', n_init=1, max_iter={args.iterations}, tol=0)",
            "command": "/usr/bin/python3 " + " ".join(relative(arg) for arg in sys.argv),
            "measuredAt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "loadAverage": os.getloadavg()[0],
        },
    }
    if args.out:
        with open(args.out, "w") as handle:
            json.dump(result, handle, indent=2)
            handle.write("\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
