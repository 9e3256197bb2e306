"""Times pandas.read_csv on a CSV file: the Python AgentMap's loading path, as a yardstick.

Usage: python3 pandas_read_csv.py FILE [ROUNDS]
Prints one JSON line: {"pandas": "<version>", "ms": <median ms per load>, "rows": <rows>}.
"""
import json
import statistics
import sys
import time

import pandas

path = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
times = []
rows = 0
for _ in range(rounds):
    start = time.perf_counter()
    frame = pandas.read_csv(path)
    times.append((time.perf_counter() - start) * 1000)
    rows = len(frame)
print(json.dumps({"pandas": pandas.__version__, "ms": statistics.median(times), "rows": rows}))
