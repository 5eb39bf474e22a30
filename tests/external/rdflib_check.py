#!/usr/bin/env python3
"""Parse isnad's N-Quads and TriG dumps with rdflib, an independent RDF
library, and print what it read as JSON: quads, graphs, and a sample literal
checked for its Arabic language tag.

usage: rdflib_check.py DUMP.nq DUMP.trig
"""
import json
import sys

import rdflib


def read(path, fmt):
    ds = rdflib.Dataset()
    ds.parse(path, format=fmt)
    quads = list(ds.quads((None, None, None, None)))
    graphs = {str(q[3]) for q in quads}
    ar_labels = [q[2] for q in quads
                 if str(q[1]) == 'http://www.w3.org/2004/02/skos/core#prefLabel'
                 and getattr(q[2], 'language', None) == 'ar']
    return {'quads': len(quads), 'graphs': len(graphs), 'arabic_labels': len(ar_labels)}


def main(argv):
    nq, trig = argv[1], argv[2]
    print(json.dumps({'nquads': read(nq, 'nquads'), 'trig': read(trig, 'trig')}))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
