//! GraphML for Gephi, networkx and igraph: stable node ids (the actor ids),
//! typed keys declared before the graph, edges with kind, sign, weight,
//! count and first/last date.

use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::network::Network;

/// The keys: (id, for, attr.type).
const KEYS: [(&str, &str, &str); 17] = [
    ("bloc", "node", "string"),
    ("degree", "node", "int"),
    ("pagerank", "node", "double"),
    ("betweenness", "node", "double"),
    ("label", "node", "string"),
    ("label_ar", "node", "string"),
    ("type", "node", "string"),
    ("wikidata", "node", "string"),
    ("iri", "node", "string"),
    ("kind", "edge", "string"),
    ("sign", "edge", "int"),
    ("weight", "edge", "double"),
    ("count", "edge", "int"),
    ("first", "edge", "string"),
    ("last", "edge", "string"),
    ("label", "edge", "string"),
    ("goldstein", "edge", "double"),
];

fn data<W: Write>(w: &mut Writer<W>, key: &str, value: &str) -> std::io::Result<()> {
    let mut d = BytesStart::new("data");
    d.push_attribute(("key", key));
    w.write_event(Event::Start(d))?;
    w.write_event(Event::Text(BytesText::new(value)))?;
    w.write_event(Event::End(BytesEnd::new("data")))?;
    Ok(())
}

/// Writes the network as GraphML.
pub fn write_graphml(net: &Network, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("graphml");
    root.push_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"));
    root.push_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"));
    root.push_attribute((
        "xsi:schemaLocation",
        "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
    ));
    w.write_event(Event::Start(root))?;
    for (id, domain, ty) in KEYS {
        let mut k = BytesStart::new("key");
        // Edge keys get their own ids so that "label" may serve both domains.
        let key_id = if domain == "edge" && id == "label" { "edge_label".to_string() } else { id.to_string() };
        k.push_attribute(("id", key_id.as_str()));
        k.push_attribute(("for", domain));
        k.push_attribute(("attr.name", id));
        k.push_attribute(("attr.type", ty));
        w.write_event(Event::Empty(k))?;
    }
    let mut g = BytesStart::new("graph");
    g.push_attribute(("id", "isnad"));
    g.push_attribute(("edgedefault", "directed"));
    w.write_event(Event::Start(g))?;
    let analysis = crate::network::analysis::analyze(net);
    let results: std::collections::BTreeMap<&str, &crate::network::analysis::ActorResult> =
        analysis.actors.iter().map(|r| (r.id.as_str(), r)).collect();
    for (id, a) in &net.nodes {
        let mut n = BytesStart::new("node");
        n.push_attribute(("id", id.as_str()));
        w.write_event(Event::Start(n))?;
        data(&mut w, "label", a.label_en.as_deref().unwrap_or(&a.label_ar))?;
        data(&mut w, "label_ar", &a.label_ar)?;
        data(&mut w, "type", &a.kind)?;
        data(&mut w, "wikidata", a.wikidata.as_deref().unwrap_or(""))?;
        data(&mut w, "iri", &a.iri)?;
        if let Some(r) = results.get(id.as_str()) {
            data(&mut w, "bloc", r.bloc.as_deref().unwrap_or(""))?;
            data(&mut w, "degree", &r.degree.to_string())?;
            data(&mut w, "pagerank", &format!("{:.6}", r.pagerank))?;
            data(&mut w, "betweenness", &format!("{:.6}", r.betweenness))?;
        }
        w.write_event(Event::End(BytesEnd::new("node")))?;
    }
    for (i, e) in net.edges.iter().enumerate() {
        let mut x = BytesStart::new("edge");
        let eid = format!("e{i}");
        x.push_attribute(("id", eid.as_str()));
        x.push_attribute(("source", e.source.as_str()));
        x.push_attribute(("target", e.target.as_str()));
        w.write_event(Event::Start(x))?;
        data(&mut w, "kind", &e.kind)?;
        data(&mut w, "sign", &e.sign.to_string())?;
        // Gephi reads `weight` as the edge weight: evidence count, signed.
        data(&mut w, "weight", &format!("{:.1}", f64::from(e.sign) * e.count as f64))?;
        data(&mut w, "goldstein", &format!("{:.1}", e.weight))?;
        data(&mut w, "count", &e.count.to_string())?;
        data(&mut w, "first", e.first.as_deref().unwrap_or(""))?;
        data(&mut w, "last", e.last.as_deref().unwrap_or(""))?;
        data(&mut w, "edge_label", &e.kind)?;
        w.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    let out = w.into_inner();
    out.write_all(b"\n")?;
    Ok(())
}
