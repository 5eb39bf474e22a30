#!/usr/bin/env python3
"""Run every query of queries/ against a SPARQL endpoint with two real
clients, SPARQLWrapper and rdflib's SPARQLStore, and compare the rows with
the ones `isnad query --format json` gave for the same query (one
NAME.json file each in EXPECTED_DIR). Rows are compared as multisets of
{variable: value} (the order of a query without ORDER BY is not fixed).

usage: sparql_clients.py ENDPOINT QUERIES_DIR EXPECTED_DIR
Prints one line per query and client; exit status 1 on any difference.
"""
import collections
import json
import pathlib
import sys

from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper


def canon(rows):
    return collections.Counter(tuple(sorted(r.items())) for r in rows)


def from_json(data):
    return [{k: v['value'] for k, v in b.items()} for b in data['results']['bindings']]


def main(argv):
    endpoint, queries, expected = argv[1], pathlib.Path(argv[2]), pathlib.Path(argv[3])
    failed = 0
    for path in sorted(queries.glob('*.rq')):
        name = path.stem
        text = path.read_text(encoding='utf-8')
        want = canon(from_json(json.loads((expected / f'{name}.json').read_text(encoding='utf-8'))))
        # SPARQLWrapper, by POST (the queries are long for a URL).
        w = SPARQLWrapper(endpoint)
        w.setMethod(POST)
        w.setQuery(text)
        # SPARQLWrapper guesses the query form from the first keyword-like
        # word it finds, comments included ("Every described actor" reads
        # as DESCRIBE, "add" as an update); every query here is a SELECT.
        w.queryType = SELECT
        w.setReturnFormat(JSON)
        got = canon(from_json(w.query().convert()))
        ok = got == want
        print(f'{name}: SPARQLWrapper {sum(got.values())} rows, {"same" if ok else "DIFFERENT"}')
        failed += not ok
        # rdflib's SPARQLStore: terms back as rdflib nodes.
        g = Graph(store=SPARQLStore(endpoint, method='POST_FORM', returnFormat='json'))
        res = g.query(text)
        rows = [{str(v): str(r[v]) for v in res.vars if r[v] is not None} for r in res]
        got = canon(rows)
        ok = got == want
        print(f'{name}: rdflib SPARQLStore {sum(got.values())} rows, {"same" if ok else "DIFFERENT"}')
        failed += not ok
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
