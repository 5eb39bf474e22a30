"""Reads isnad's tables with the analysts' own tools.

Usage: tables_check.py DIR

DIR holds parquet/ and csv/ (every table, from `isnad export --format
parquet|csv`), mentions.jsonl, claims.jsonl and relations.jsonl (the JSON
Lines exports) and claims_relations.json (the SPARQL JSON answer of
claims_relations.rq on the same store). Checks, each failure an assertion
naming the table and column:

- pandas (pyarrow engine), Polars and DuckDB read every Parquet and CSV
  table, and all six readings of a table have the same rows;
- the mentions, claims and relations tables have as many rows as the JSON
  Lines export has lines, and each column the JSON Lines objects also give
  (nested objects flattened as speaker_id, actor_label_ar, ...) has the
  JSON's type: integers, floats, booleans, strings, dates;
- a DuckDB query joining claims and relations gives the answer of the SPARQL
  query that asks the same of the store.
"""

import json
import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq

TABLES = ["articles", "actors", "mentions", "claims", "claim_targets", "relations", "figures"]
DATES = {"published", "date"}


def norm(v):
    """A cell as text, the same whichever reader gave it."""
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(round(v, 6))
    if hasattr(v, "isoformat"):
        return v.isoformat()[:10]
    s = str(v)
    if s in ("True", "False"):
        return s.lower()
    return s


def rows_of(columns, records):
    return sorted(tuple(norm(r[c]) for c in columns) for r in records)


def readings(d, table):
    p, c = d / "parquet" / f"{table}.parquet", d / "csv" / f"{table}.csv"
    schema = pq.read_schema(p)
    columns = schema.names
    # CSV has no types: read it with the Parquet file's.
    csv_types = {}
    for f in schema:
        t = str(f.type)
        if t.startswith("date"):
            csv_types[f.name] = "DATE"
        elif t.startswith(("int", "uint")):
            csv_types[f.name] = "BIGINT"
        elif t in ("double", "float"):
            csv_types[f.name] = "DOUBLE"
        elif t == "bool":
            csv_types[f.name] = "BOOLEAN"
        else:
            csv_types[f.name] = "VARCHAR"
    out = {}
    out["pandas parquet"] = pd.read_parquet(p, engine="pyarrow").to_dict("records")
    out["polars parquet"] = pl.read_parquet(p).to_dicts()
    out["duckdb parquet"] = duckdb.sql(f"SELECT * FROM read_parquet('{p}')").df().to_dict("records")
    out["pandas csv"] = pd.read_csv(c, dtype=str, keep_default_na=False).to_dict("records")
    out["polars csv"] = pl.read_csv(c, infer_schema=False).to_dicts()
    out["duckdb csv"] = (
        duckdb.sql(f"SELECT * FROM read_csv('{c}', header = true, columns = {csv_types!r})").df().to_dict("records")
    )
    # DuckDB's own guess of the CSV's types agrees with the Parquet file for
    # numbers, booleans and dates (text columns of digits may read as numbers).
    guessed = dict(zip(*[duckdb.sql(f"DESCRIBE SELECT * FROM read_csv('{c}')").df()[k] for k in ("column_name", "column_type")]))
    for name, t in csv_types.items():
        if t != "VARCHAR" and guessed.get(name) not in (None, "VARCHAR"):
            kind = {
                "BIGINT": ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UBIGINT", "HUGEINT"),
                "DOUBLE": ("DOUBLE", "FLOAT", "BIGINT"),
                "BOOLEAN": ("BOOLEAN",),
                "DATE": ("DATE",),
            }[t]
            assert guessed[name] in kind, f"{table}.csv: DuckDB reads {name} as {guessed[name]}, the Parquet file has {t}"
    return columns, schema, out


def flatten(obj, prefix=""):
    """A JSON object's fields, nested objects as prefix_field (lists left out)."""
    out = {}
    for k, v in obj.items():
        if isinstance(v, dict):
            out.update(flatten(v, f"{prefix}{k}_"))
        elif not isinstance(v, list):
            out[f"{prefix}{k}"] = v
    return out


def json_kind(values):
    kinds = {type(v).__name__ for v in values if v is not None}
    return kinds


def arrow_kind(t):
    t = str(t)
    if t.startswith("date"):
        return "date"
    if t.startswith(("int", "uint")):
        return "int"
    if t in ("double", "float"):
        return "float"
    if t == "bool":
        return "bool"
    return "str"


def main(d):
    d = Path(d)
    counts = {}
    for table in TABLES:
        columns, schema, out = readings(d, table)
        reference = None
        for reader, records in out.items():
            got = rows_of(columns, records)
            if reference is None:
                reference = (reader, got)
            assert len(got) == len(reference[1]), f"{table}: {reader} reads {len(got)} rows, {reference[0]} {len(reference[1])}"
            for i, (a, b) in enumerate(zip(got, reference[1])):
                assert a == b, f"{table}: {reader} row {i} is {a}, {reference[0]} says {b}"
        counts[table] = len(reference[1])
        if table in ("mentions", "claims", "relations"):
            lines = [json.loads(l) for l in (d / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()]
            assert len(lines) == counts[table], f"{table}: {counts[table]} rows, the JSON Lines export {len(lines)}"
            flat = {}
            for line in lines:
                for k, v in flatten(line).items():
                    flat.setdefault(k, []).append(v)
            checked = 0
            for f in schema:
                if f.name not in flat:
                    continue
                kinds = json_kind(flat[f.name])
                if not kinds:
                    continue
                want = arrow_kind(f.type)
                if want == "date":
                    assert kinds == {"str"} and all(len(v) == 10 for v in flat[f.name] if v), f"{table}.{f.name}: JSON {kinds}"
                else:
                    assert kinds == {want}, f"{table}.{f.name}: JSON gives {kinds}, the table {f.type}"
                checked += 1
            assert checked >= 8, f"{table}: only {checked} columns shared with the JSON Lines export"
    # The join.
    sql = f"""
        SELECT c.speaker_iri AS speaker, r.kind AS kind, count(*) AS n
        FROM read_parquet('{d / "parquet" / "claims.parquet"}') c
        JOIN read_parquet('{d / "parquet" / "relations.parquet"}') r
          ON c.article = r.article AND c.speaker_iri = r.source_iri AND c.start >= r.start AND c."end" <= r."end"
        GROUP BY ALL
    """
    duck = sorted((s, k, int(n)) for s, k, n in duckdb.sql(sql).fetchall())
    answer = json.loads((d / "claims_relations.json").read_text(encoding="utf-8"))
    sparql = sorted(
        (b["speaker"]["value"], b["kind"]["value"], int(b["n"]["value"])) for b in answer["results"]["bindings"]
    )
    assert duck, "the join finds claims with relations"
    assert duck == sparql, f"DuckDB {duck[:5]}... != SPARQL {sparql[:5]}..."
    print("ok:", ", ".join(f"{t} {n}" for t, n in counts.items()), f"; join {len(duck)} rows")


if __name__ == "__main__":
    main(sys.argv[1])
