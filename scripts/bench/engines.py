"""The reference engines of `npm run bench`: one NDJSON file to one zstd Parquet file with
pyarrow (read_json + write_table) or polars (scan_ndjson + sink_parquet), in this process, so
its CPU seconds and peak RSS are the engine's own. Prints one JSON line:
{"phase", "cpuS", "ms", "rowsIn", "rowsOut", "outBytes", "maxRssMb"}.
Usage: python engines.py pyarrow|polars <input.ndjson> <output.parquet>"""

import json
import os
import resource
import sys
import time


def main() -> None:
    engine, src, out = sys.argv[1], sys.argv[2], sys.argv[3]
    cpu0, t0 = time.process_time(), time.perf_counter()
    if engine == "pyarrow":
        import pyarrow.json as pj
        import pyarrow.parquet as pq

        table = pj.read_json(src)
        pq.write_table(table, out, compression="zstd")
        rows = table.num_rows
    elif engine == "polars":
        import polars as pl

        pl.scan_ndjson(src, ignore_errors=True).sink_parquet(out, compression="zstd")
        rows = pl.scan_parquet(out).select(pl.len()).collect().item()
    else:
        raise SystemExit(f"unknown engine {engine}")
    cpu, ms = time.process_time() - cpu0, (time.perf_counter() - t0) * 1000
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = os.path.getsize(out)
    os.remove(out)
    print(json.dumps({"phase": engine, "cpuS": cpu, "ms": ms, "rowsIn": rows, "rowsOut": rows,
                      "outBytes": size, "maxRssMb": rss}))


main()
