#!/usr/bin/env python3
"""Read isnad's GraphML with networkx and igraph, two independent graph
libraries, and print what each read as JSON: node and edge counts, node ids,
and the Python types of the numeric edge attributes.

usage: graphml_check.py NETWORK.graphml [NETWORK.gexf]

With a GEXF file, networkx also reads it: node and edge counts, and whether
every edge has its time spells.
"""
import json
import sys

import igraph
import networkx


def main(argv):
    path = argv[1]
    g = networkx.read_graphml(path)
    edge = next(iter(g.edges(data=True)), (None, None, {}))[2]
    h = igraph.Graph.Read_GraphML(path)
    hedge = h.es[0].attributes() if h.ecount() else {}
    gexf = {}
    if len(argv) > 2:
        x = networkx.read_gexf(argv[2])
        gexf = {'nodes': x.number_of_nodes(), 'edges': x.number_of_edges(),
                'spells': all(d.get('spells') for _, _, d in x.edges(data=True))}
    print(json.dumps({
        'gexf': gexf,
        'networkx': {'nodes': g.number_of_nodes(), 'edges': g.number_of_edges(),
                     'ids': sorted(g.nodes()),
                     'types': {k: type(edge.get(k)).__name__ for k in ('sign', 'weight', 'count', 'goldstein')}},
        'igraph': {'nodes': h.vcount(), 'edges': h.ecount(),
                   'types': {k: type(hedge.get(k)).__name__ for k in ('sign', 'weight', 'count', 'goldstein')}},
    }))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
