#!/usr/bin/env python3
"""Validate an isnad N-Quads dump against SHACL shapes with pySHACL.

The union of all the dump's named graphs is validated (an article's claims
name actors of the gazetteer graph, so no graph stands alone). Prints whether
the dump conforms, how many focus nodes the shapes' targets select (so an
empty or misread dump cannot pass unnoticed), the number of violations and one
line per violation: focus node, path, value, constraint and message.

usage: shacl_check.py DUMP.nq SHAPES.ttl

Exit status: 0 when the dump conforms, 1 otherwise (violations, a file that
cannot be read or parsed, or shapes that select no focus node).
"""
import sys
import time

try:
    import rdflib
    from rdflib.namespace import RDF, RDFS, SH
except ImportError as e:  # pragma: no cover - depends on the machine
    sys.exit(f"shacl_check: {e}; install the test clients: pip install -r tests/external/requirements.txt")
try:
    import pyshacl
    import rdflib.plugins.sparql.processor as sparql_processor
except ImportError as e:  # pragma: no cover
    sys.exit(f"shacl_check: {e}; install the test clients: pip install -r tests/external/requirements.txt")

PREFIXES = {
    'isnad': 'https://w3id.org/isnad/ontology#',
    'nif': 'http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#',
    'itsrdf': 'http://www.w3.org/2005/11/its/rdf#',
    'prov': 'http://www.w3.org/ns/prov#',
    'schema': 'https://schema.org/',
    'skos': 'http://www.w3.org/2004/02/skos/core#',
    'owl': 'http://www.w3.org/2002/07/owl#',
    'rdf': str(RDF),
    'rdfs': str(RDFS),
    'sh': str(SH),
    'isnadsh': 'https://w3id.org/isnad/shapes#',
}


def parse_once():
    """pySHACL hands rdflib a SHACL-SPARQL constraint's text once per focus
    node, and rdflib parses and translates it every time, which is most of
    the time validation takes. Keep each translated query (rdflib's prepared
    queries are meant to be evaluated again with other bindings); what is
    evaluated is unchanged."""
    translated = {}

    def query(self, q, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(q, str):
            key = (q, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in translated:
                translated[key] = sparql_processor.translateQuery(sparql_processor.parseQuery(q), base, initNs)
            q = translated[key]
        return sparql_processor.evalQuery(self.graph, q, initBindings, base)

    sparql_processor.SPARQLProcessor.query = query


def fail(message):
    print(f"shacl_check: {message}", file=sys.stderr)
    return 1


def short(term):
    """A term as text: prefixed name when a prefix fits, else <IRI> or the literal."""
    if term is None:
        return '-'
    if isinstance(term, rdflib.URIRef):
        for p, ns in PREFIXES.items():
            if str(term).startswith(ns) and len(str(term)) > len(ns):
                return f"{p}:{str(term)[len(ns):]}"
        return f"<{term}>"
    if isinstance(term, rdflib.Literal):
        return term.n3()
    return str(term)


def path_text(g, path):
    """A SHACL property path as text (IRIs, ^inverse, sequences)."""
    if path is None:
        return '-'
    if isinstance(path, rdflib.URIRef):
        return short(path)
    inv = g.value(path, SH.inversePath)
    if inv is not None:
        return '^' + path_text(g, inv)
    if g.value(path, RDF.first) is not None:
        return '/'.join(path_text(g, p) for p in rdflib.collection.Collection(g, path))
    return str(path)


def owner(shapes, shape):
    """The named node shape a (blank) property shape belongs to."""
    seen = set()
    while isinstance(shape, rdflib.BNode) and shape not in seen:
        seen.add(shape)
        up = next(shapes.subjects(SH.property, shape), None)
        if up is None:
            break
        shape = up
    return shape


def read(path, fmt, what, graph):
    try:
        graph.parse(path, format=fmt)
    except FileNotFoundError:
        raise ValueError(f"{what} {path}: no such file") from None
    except IsADirectoryError:
        raise ValueError(f"{what} {path}: is a directory") from None
    except Exception as e:  # rdflib raises many kinds of parse errors
        why = ' '.join(str(e).split())[:300] or type(e).__name__
        raise ValueError(f"cannot parse {what} {path} as {fmt}: {why}") from None


def focus_nodes(data, shapes):
    """Each node shape's focus nodes in the data, by its declared targets."""
    out = {}
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape))):
        nodes = set()
        for c in shapes.objects(shape, SH.targetClass):
            for cls in data.transitive_subjects(RDFS.subClassOf, c):
                nodes.update(data.subjects(RDF.type, cls, unique=True))
        for p in shapes.objects(shape, SH.targetSubjectsOf):
            nodes.update(data.subjects(p, None, unique=True))
        for p in shapes.objects(shape, SH.targetObjectsOf):
            nodes.update(data.objects(None, p, unique=True))
        nodes.update(shapes.objects(shape, SH.targetNode))
        out[shape] = nodes
    return out


def main(argv):
    if len(argv) != 3:
        print(next(l for l in __doc__.splitlines() if l.startswith('usage:')), file=sys.stderr)
        return 1
    dump, shapes_path = argv[1], argv[2]
    t0 = time.monotonic()
    data = rdflib.Dataset(default_union=True)
    shapes = rdflib.Graph()
    try:
        read(dump, 'nquads', 'dump', data)
        read(shapes_path, 'turtle', 'shapes', shapes)
    except ValueError as e:
        return fail(e)
    quads = len(data)
    graphs = sum(1 for c in data.graphs() if len(c) > 0)
    parsed = time.monotonic() - t0
    targets = focus_nodes(data, shapes)
    every = set().union(*targets.values()) if targets else set()
    t1 = time.monotonic()
    parse_once()
    try:
        conforms, report, _text = pyshacl.validate(
            data, shacl_graph=shapes, inference='none', advanced=False, allow_warnings=False, meta_shacl=False)
    except Exception as e:  # a shape pySHACL cannot use, reported without a traceback
        return fail(f"pySHACL failed: {type(e).__name__}: {e}")
    checked = time.monotonic() - t1
    results = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        results.append((
            short(report.value(r, SH.focusNode)),
            path_text(report, report.value(r, SH.resultPath)),
            short(report.value(r, SH.value)),
            short(report.value(r, SH.sourceConstraintComponent)),
            short(owner(shapes, report.value(r, SH.sourceShape))),
            ' '.join(str(m) for m in report.objects(r, SH.resultMessage)),
        ))
    results.sort()
    print(f"dump: {quads} triples in {graphs} named graphs")
    print(f"focus nodes: {len(every)} ("
          + ', '.join(f"{short(s)} {len(n)}" for s, n in targets.items()) + ")")
    print(f"conforms: {'true' if conforms else 'false'}")
    print(f"violations: {len(results)}")
    for focus, path, value, comp, shape, msg in results:
        print(f"violation: focus={focus} path={path} value={value} constraint={comp} shape={shape} message={msg}")
    print(f"time: parse {parsed:.1f} s, validate {checked:.1f} s")
    if not every:
        return fail(f"the shapes select no focus node in {dump}: nothing was validated")
    return 0 if conforms else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
