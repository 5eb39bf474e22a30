//! GEXF 1.2 for Gephi's timeline: a dynamic graph whose edges carry a spell
//! for each day they have evidence, so the network plays over time; node
//! attributes (type, bloc, centrality) and edge attributes (kind, sign,
//! count, Goldstein weight) are declared with their types.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::network::Network;
use crate::network::analysis::{ActorResult, analyze};

const NODE_ATTRS: [(&str, &str); 6] = [
    ("type", "string"),
    ("label_ar", "string"),
    ("wikidata", "string"),
    ("bloc", "string"),
    ("pagerank", "double"),
    ("betweenness", "double"),
];
const EDGE_ATTRS: [(&str, &str); 4] =
    [("kind", "string"), ("sign", "integer"), ("count", "integer"), ("goldstein", "double")];

fn attributes<W: Write>(w: &mut Writer<W>, class: &str, attrs: &[(&str, &str)]) -> std::io::Result<()> {
    let mut a = BytesStart::new("attributes");
    a.push_attribute(("class", class));
    a.push_attribute(("mode", "static"));
    w.write_event(Event::Start(a))?;
    for (id, ty) in attrs {
        let mut x = BytesStart::new("attribute");
        x.push_attribute(("id", *id));
        x.push_attribute(("title", *id));
        x.push_attribute(("type", *ty));
        w.write_event(Event::Empty(x))?;
    }
    w.write_event(Event::End(BytesEnd::new("attributes")))?;
    Ok(())
}

fn attvalues<W: Write>(w: &mut Writer<W>, values: &[(&str, String)]) -> std::io::Result<()> {
    w.write_event(Event::Start(BytesStart::new("attvalues")))?;
    for (id, v) in values {
        let mut x = BytesStart::new("attvalue");
        x.push_attribute(("for", *id));
        x.push_attribute(("value", v.as_str()));
        w.write_event(Event::Empty(x))?;
    }
    w.write_event(Event::End(BytesEnd::new("attvalues")))?;
    Ok(())
}

/// Writes the network as GEXF.
pub fn write_gexf(net: &Network, out: &mut dyn Write) -> std::io::Result<()> {
    let analysis = analyze(net);
    let results: BTreeMap<&str, &ActorResult> = analysis.actors.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("gexf");
    root.push_attribute(("xmlns", "http://www.gexf.net/1.2draft"));
    root.push_attribute(("version", "1.2"));
    w.write_event(Event::Start(root))?;
    w.write_event(Event::Start(BytesStart::new("meta")))?;
    w.write_event(Event::Start(BytesStart::new("creator")))?;
    w.write_event(Event::Text(BytesText::new(&format!("isnad {}", crate::rdf::VERSION))))?;
    w.write_event(Event::End(BytesEnd::new("creator")))?;
    w.write_event(Event::Start(BytesStart::new("description")))?;
    w.write_event(Event::Text(BytesText::new(
        "The signed actor network: relations between actors, one spell per day of evidence.",
    )))?;
    w.write_event(Event::End(BytesEnd::new("description")))?;
    w.write_event(Event::End(BytesEnd::new("meta")))?;
    let mut g = BytesStart::new("graph");
    g.push_attribute(("mode", "dynamic"));
    g.push_attribute(("defaultedgetype", "directed"));
    g.push_attribute(("timeformat", "date"));
    w.write_event(Event::Start(g))?;
    attributes(&mut w, "node", &NODE_ATTRS)?;
    attributes(&mut w, "edge", &EDGE_ATTRS)?;
    w.write_event(Event::Start(BytesStart::new("nodes")))?;
    for (id, a) in &net.nodes {
        let mut n = BytesStart::new("node");
        n.push_attribute(("id", id.as_str()));
        n.push_attribute(("label", a.label_en.as_deref().unwrap_or(&a.label_ar)));
        w.write_event(Event::Start(n))?;
        let r = results.get(id.as_str());
        attvalues(
            &mut w,
            &[
                ("type", a.kind.clone()),
                ("label_ar", a.label_ar.clone()),
                ("wikidata", a.wikidata.clone().unwrap_or_default()),
                ("bloc", r.and_then(|r| r.bloc.clone()).unwrap_or_default()),
                ("pagerank", format!("{:.6}", r.map(|r| r.pagerank).unwrap_or(0.0))),
                ("betweenness", format!("{:.6}", r.map(|r| r.betweenness).unwrap_or(0.0))),
            ],
        )?;
        w.write_event(Event::End(BytesEnd::new("node")))?;
    }
    w.write_event(Event::End(BytesEnd::new("nodes")))?;
    w.write_event(Event::Start(BytesStart::new("edges")))?;
    for (i, e) in net.edges.iter().enumerate() {
        let mut x = BytesStart::new("edge");
        let eid = format!("e{i}");
        let weight = format!("{:.1}", e.count as f64);
        x.push_attribute(("id", eid.as_str()));
        x.push_attribute(("source", e.source.as_str()));
        x.push_attribute(("target", e.target.as_str()));
        x.push_attribute(("weight", weight.as_str()));
        x.push_attribute(("label", e.kind.as_str()));
        w.write_event(Event::Start(x))?;
        attvalues(
            &mut w,
            &[
                ("kind", e.kind.clone()),
                ("sign", e.sign.to_string()),
                ("count", e.count.to_string()),
                ("goldstein", format!("{:.1}", e.weight)),
            ],
        )?;
        let days: BTreeSet<&String> = e.dates.iter().collect();
        if !days.is_empty() {
            w.write_event(Event::Start(BytesStart::new("spells")))?;
            for d in days {
                let mut s = BytesStart::new("spell");
                s.push_attribute(("start", d.as_str()));
                s.push_attribute(("end", d.as_str()));
                w.write_event(Event::Empty(s))?;
            }
            w.write_event(Event::End(BytesEnd::new("spells")))?;
        }
        w.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    w.write_event(Event::End(BytesEnd::new("edges")))?;
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("gexf")))?;
    w.into_inner().write_all(b"\n")
}
