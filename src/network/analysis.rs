//! Analysis of the signed actor network (petgraph and rustworkx-core):
//! alliance blocs by structural balance, centrality, each actor's strongest
//! allies and adversaries, and how pairs change across dated time slices.
//!
//! # Structural balance
//! A signed graph is balanced when its nodes split into two blocs with every
//! positive edge inside a bloc and every negative edge between them (Harary
//! 1953). Real networks are not quite balanced, so the partition sought is
//! the one that leaves the fewest frustrated edges (Facchetti, Iacono &
//! Altafini 2011), weighted by evidence. Each connected component of the
//! signed graph is solved on its own: **exactly** (every partition tried)
//! when it has at most [`EXACT_LIMIT`] actors, otherwise by a documented
//! heuristic (a start from the two-colouring of the spanning tree, then
//! single-actor moves while any lowers the frustration). Edges of sign 0
//! (mediation, deployment) take no part.
//!
//! Time complexity: exact O(2^n · |E|) per component of n actors; the
//! heuristic O(k · n · |E|) for k improving passes.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::{NodeIndex, UnGraph};
use serde::Serialize;

use crate::network::Network;

/// Components up to this many actors are partitioned exactly.
pub const EXACT_LIMIT: usize = 20;

/// One undirected signed tie between two actors: the net of their edges.
#[derive(Debug, Clone, Serialize)]
pub struct Tie {
    /// One actor id (the smaller).
    pub a: String,
    /// The other.
    pub b: String,
    /// Net evidence: positive minus negative.
    pub net: i64,
}

/// An actor's results.
#[derive(Debug, Clone, Serialize)]
pub struct ActorResult {
    /// Actor id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Bloc within its component (0 or 1), if it has signed ties.
    pub bloc: Option<String>,
    /// Degree (distinct neighbours).
    pub degree: usize,
    /// PageRank over the directed edges.
    pub pagerank: f64,
    /// Betweenness over the undirected ties, normalised.
    pub betweenness: f64,
    /// Strongest allies (net positive ties), strongest first.
    pub allies: Vec<String>,
    /// Strongest adversaries (net negative ties), strongest first.
    pub adversaries: Vec<String>,
}

/// A pair's net tie in one time slice.
#[derive(Debug, Clone, Serialize)]
pub struct SliceTie {
    /// The slice (a year).
    pub slice: String,
    /// Net evidence in the slice.
    pub net: i64,
}

/// Everything the analysis finds.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// Per actor, by id.
    pub actors: Vec<ActorResult>,
    /// Signed ties whose sign the partition contradicts.
    pub frustrated: Vec<Tie>,
    /// Triads whose signs multiply to negative: (a, b, c).
    pub unbalanced_triads: Vec<(String, String, String)>,
    /// Whether every component was partitioned exactly.
    pub exact: bool,
    /// Pairs with ties in more than one slice, and their net per slice.
    pub timeline: BTreeMap<String, Vec<SliceTie>>,
}

/// A tie between two node indices and its net weight.
type SignedTie = (usize, usize, i64);

/// The partition of one component of `n` nodes, given its ties between
/// local indices: bloc per node, frustration, whether it is exact.
fn partition(n: usize, local: &[(usize, usize, i64)]) -> (Vec<u8>, i64, bool) {
    let cost = |side: &[u8]| -> i64 {
        local
            .iter()
            .map(|&(a, b, w)| {
                let same = side[a] == side[b];
                if (w > 0 && !same) || (w < 0 && same) { w.abs() } else { 0 }
            })
            .sum()
    };
    if n <= EXACT_LIMIT {
        // Node 0 stays in bloc 0: the mirror partition is the same.
        let mut best = (vec![0u8; n], i64::MAX);
        for mask in 0u64..(1u64 << n.saturating_sub(1)) {
            let side: Vec<u8> = (0..n).map(|i| if i == 0 { 0 } else { ((mask >> (i - 1)) & 1) as u8 }).collect();
            let c = cost(&side);
            if c < best.1 {
                best = (side, c);
            }
        }
        return (best.0, best.1, true);
    }
    // Heuristic: two-colour a BFS tree (positive keeps the colour, negative
    // flips it), then move single actors while that lowers the frustration.
    // Each actor's ties are listed once, so a pass costs O(ties).
    let mut adj: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n];
    for &(a, b, w) in local {
        adj[a].push((b, w));
        adj[b].push((a, w));
    }
    let mut side = vec![u8::MAX; n];
    for start in 0..n {
        if side[start] != u8::MAX {
            continue;
        }
        side[start] = 0;
        let mut queue = vec![start];
        while let Some(u) = queue.pop() {
            for &(o, w) in &adj[u] {
                if side[o] == u8::MAX {
                    side[o] = if w > 0 { side[u] } else { 1 - side[u] };
                    queue.push(o);
                }
            }
        }
    }
    // Moving v changes the frustration of its ties only: each frustrated
    // one is mended, each other one frustrated.
    let gain = |side: &[u8], v: usize| -> i64 {
        adj[v]
            .iter()
            .map(|&(u, w)| {
                let same = side[v] == side[u];
                if (w > 0 && !same) || (w < 0 && same) { -w.abs() } else { w.abs() }
            })
            .sum()
    };
    loop {
        let mut improved = false;
        for v in 0..n {
            if gain(&side, v) < 0 {
                side[v] = 1 - side[v];
                improved = true;
            }
        }
        if !improved {
            break;
        }
    }
    let c = cost(&side);
    (side, c, false)
}

/// PageRank as `petgraph::algo::page_rank` defines it (a node without
/// out-links spreads its rank over all nodes with the damping factor, a
/// node with out-links spreads `1 - damping` over the nodes it does not link
/// to; ranks renormalised after each step), in O(arcs) per step where
/// petgraph's takes O(nodes²): it took most of `analyze` past a few thousand
/// actors. `arcs` holds distinct (from, to) pairs without loops.
fn page_rank(n: usize, arcs: &[(usize, usize)], damping: f64, steps: usize) -> Vec<f64> {
    if n == 0 {
        return Vec::new();
    }
    let nb = n as f64;
    let mut out_degree = vec![0usize; n];
    for &(a, _) in arcs {
        out_degree[a] += 1;
    }
    let mut ranks = vec![1.0 / nb; n];
    for _ in 0..steps {
        // What every node gets from every other: the dangling nodes' damped
        // share and the others' random jumps; then each arc trades its
        // source's random jump to its target for the damped link.
        let (mut dangling, mut linked) = (0.0, 0.0);
        for (w, r) in ranks.iter().enumerate() {
            if out_degree[w] == 0 { dangling += r } else { linked += r }
        }
        let base = damping * dangling / nb + (1.0 - damping) * linked / nb;
        let mut next = vec![base; n];
        for &(w, v) in arcs {
            next[v] += damping * ranks[w] / out_degree[w] as f64 - (1.0 - damping) * ranks[w] / nb;
        }
        let sum: f64 = next.iter().sum();
        ranks = next.into_iter().map(|r| r / sum).collect();
    }
    ranks
}

/// Analyses a network.
pub fn analyze(net: &Network) -> Analysis {
    let ids: Vec<&String> = net.nodes.keys().collect();
    let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    // Net signed ties per unordered pair (sign 0 left out).
    let mut net_ties: BTreeMap<(usize, usize), i64> = BTreeMap::new();
    let mut neighbours: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); ids.len()];
    for e in &net.edges {
        let (Some(&a), Some(&b)) = (index.get(e.source.as_str()), index.get(e.target.as_str())) else { continue };
        if a == b {
            continue;
        }
        neighbours[a].insert(b);
        neighbours[b].insert(a);
        if e.sign != 0 {
            *net_ties.entry((a.min(b), a.max(b))).or_default() += i64::from(e.sign) * e.count as i64;
        }
    }
    let ties: Vec<(usize, usize, i64)> =
        net_ties.iter().filter(|(_, w)| **w != 0).map(|(&(a, b), &w)| (a, b, w)).collect();
    let mut ties_touch = vec![false; ids.len()];
    for &(a, b, _) in &ties {
        ties_touch[a] = true;
        ties_touch[b] = true;
    }
    // Components of the signed graph.
    let mut uf = petgraph::unionfind::UnionFind::new(ids.len());
    for &(a, b, _) in &ties {
        uf.union(a, b);
    }
    // Each component's nodes (ascending) and ties, in local indices.
    let mut comps: BTreeMap<usize, (Vec<usize>, Vec<SignedTie>)> = BTreeMap::new();
    let mut placed = vec![false; ids.len()];
    for v in 0..ids.len() {
        if ties_touch[v] && !placed[v] {
            placed[v] = true;
            comps.entry(uf.find(v)).or_default().0.push(v);
        }
    }
    let mut local_index = vec![0usize; ids.len()];
    for (nodes, _) in comps.values() {
        for (i, &v) in nodes.iter().enumerate() {
            local_index[v] = i;
        }
    }
    for &(a, b, w) in &ties {
        comps.entry(uf.find(a)).or_default().1.push((local_index[a], local_index[b], w));
    }
    let mut bloc: Vec<Option<String>> = vec![None; ids.len()];
    let mut exact = true;
    let mut side_of: Vec<Option<u8>> = vec![None; ids.len()];
    for (ci, (_, (nodes, local))) in comps.into_iter().enumerate() {
        let (side, _, was_exact) = partition(nodes.len(), &local);
        exact &= was_exact;
        for (i, &v) in nodes.iter().enumerate() {
            bloc[v] = Some(format!("{}{}", ci + 1, if side[i] == 0 { "a" } else { "b" }));
            side_of[v] = Some(side[i]);
        }
    }
    let frustrated: Vec<Tie> = ties
        .iter()
        .filter(|&&(a, b, w)| {
            let same = side_of[a] == side_of[b];
            (w > 0 && !same) || (w < 0 && same)
        })
        .map(|&(a, b, w)| Tie { a: ids[a].clone(), b: ids[b].clone(), net: w })
        .collect();
    let mut unbalanced_triads = Vec::new();
    for (&(a, b), &w1) in &net_ties {
        if w1 == 0 {
            continue;
        }
        // The other ties of a with a higher neighbour: one range of the map.
        for (&(c, d), &w2) in net_ties.range((a, b + 1)..) {
            if c != a {
                break;
            }
            if w2 == 0 {
                continue;
            }
            let (x, y) = (b.min(d), b.max(d));
            if let Some(&w3) = net_ties.get(&(x, y))
                && w3 != 0
                && w1.signum() * w2.signum() * w3.signum() < 0
            {
                unbalanced_triads.push((ids[a].clone(), ids[b].clone(), ids[d].clone()));
            }
        }
    }
    // Centrality.
    let mut arcs: Vec<(usize, usize)> = Vec::new();
    let mut un = UnGraph::<(), ()>::new_undirected();
    let unn: Vec<NodeIndex> = ids.iter().map(|_| un.add_node(())).collect();
    let mut seen = BTreeSet::new();
    for e in &net.edges {
        let (Some(&a), Some(&b)) = (index.get(e.source.as_str()), index.get(e.target.as_str())) else { continue };
        if a != b && seen.insert((a, b)) {
            arcs.push((a, b));
        }
        if a != b && seen.insert((a.min(b) + ids.len(), a.max(b))) {
            un.add_edge(unn[a], unn[b], ());
        }
    }
    let pagerank = page_rank(ids.len(), &arcs, 0.85, 50);
    let betweenness = rustworkx_core::centrality::betweenness_centrality(&un, false, true, 200);
    let round = |x: f64| (x * 1e6).round() / 1e6;
    // Each actor's ties, gathered in one pass over them.
    let mut ties_of: Vec<Vec<(i64, &String)>> = vec![Vec::new(); ids.len()];
    for &(a, b, w) in &ties {
        ties_of[a].push((w, ids[b]));
        ties_of[b].push((w, ids[a]));
    }
    let actors = ids
        .iter()
        .zip(ties_of)
        .enumerate()
        .map(|(i, (id, mut mine))| {
            mine.sort_by(|x, y| y.0.abs().cmp(&x.0.abs()).then(x.1.cmp(y.1)));
            let a = &net.nodes[*id];
            ActorResult {
                id: (*id).clone(),
                label: a.label_en.clone().unwrap_or_else(|| a.label_ar.clone()),
                bloc: bloc[i].clone(),
                degree: neighbours[i].len(),
                pagerank: round(pagerank.get(i).copied().unwrap_or(0.0)),
                betweenness: round(betweenness.get(i).copied().flatten().unwrap_or(0.0)),
                allies: mine.iter().filter(|m| m.0 > 0).take(3).map(|m| m.1.clone()).collect(),
                adversaries: mine.iter().filter(|m| m.0 < 0).take(3).map(|m| m.1.clone()).collect(),
            }
        })
        .collect();
    // Time slices: net tie per pair per year.
    let mut slices: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    for e in &net.edges {
        if e.sign == 0 {
            continue;
        }
        let (x, y) = if e.source <= e.target { (&e.source, &e.target) } else { (&e.target, &e.source) };
        for d in &e.dates {
            let year = d.get(..4).unwrap_or(d).to_string();
            *slices.entry(format!("{x}–{y}")).or_default().entry(year).or_default() += i64::from(e.sign);
        }
    }
    let timeline = slices
        .into_iter()
        .filter(|(_, s)| s.len() > 1)
        .map(|(k, s)| (k, s.into_iter().map(|(slice, net)| SliceTie { slice, net }).collect()))
        .collect();
    Analysis { actors, frustrated, unbalanced_triads, exact, timeline }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::Edge;
    use crate::store::records::ActorObject;

    #[test]
    fn page_rank_agrees_with_petgraph() {
        // A small graph with a dangling node, a cycle and a hub.
        let arcs = [(0, 1), (1, 2), (2, 0), (3, 0), (3, 1), (3, 2), (4, 3), (1, 4), (0, 5)];
        let mut g = petgraph::graph::DiGraph::<(), ()>::new();
        let nodes: Vec<_> = (0..7).map(|_| g.add_node(())).collect();
        for &(a, b) in &arcs {
            g.add_edge(nodes[a], nodes[b], ());
        }
        let theirs = petgraph::algo::page_rank(&g, 0.85_f64, 50);
        let ours = page_rank(7, &arcs, 0.85, 50);
        assert_eq!(ours.len(), 7);
        for (a, b) in ours.iter().zip(&theirs) {
            assert!((a - b).abs() < 1e-12, "{ours:?} vs {theirs:?}");
        }
        assert!(ours[0] > ours[6], "a linked node outranks an isolated one");
        assert!(page_rank(0, &[], 0.85, 50).is_empty());
    }

    fn net(edges: &[(&str, &str, i8)]) -> Network {
        let mut n = Network::default();
        for &(a, b, s) in edges {
            for id in [a, b] {
                n.nodes.entry(id.to_string()).or_insert_with(|| ActorObject {
                    id: id.into(),
                    iri: id.into(),
                    label_ar: id.into(),
                    label_en: Some(id.into()),
                    kind: "State".into(),
                    wikidata: None,
                });
            }
            n.edges.push(Edge {
                source: a.into(),
                target: b.into(),
                kind: "k".into(),
                sign: s,
                weight: 0.0,
                count: 1,
                first: Some("2023-09-20".into()),
                last: None,
                dates: vec!["2023-09-20".into()],
            });
        }
        n
    }

    #[test]
    fn balance_finds_the_two_camps() {
        //  azerbaijan +— turkey, armenia +— france, azerbaijan —− armenia, turkey −— france
        let r = analyze(&net(&[
            ("azerbaijan", "turkey", 1),
            ("armenia", "france", 1),
            ("azerbaijan", "armenia", -1),
            ("turkey", "france", -1),
        ]));
        let bloc = |id: &str| r.actors.iter().find(|a| a.id == id).unwrap().bloc.clone();
        assert_eq!(bloc("azerbaijan"), bloc("turkey"));
        assert_eq!(bloc("armenia"), bloc("france"));
        assert_ne!(bloc("azerbaijan"), bloc("armenia"));
        assert!(r.frustrated.is_empty() && r.unbalanced_triads.is_empty() && r.exact);
    }

    #[test]
    fn an_unbalanced_triad_is_reported() {
        // All three hostile: no two-bloc split satisfies every edge.
        let r = analyze(&net(&[("a", "b", -1), ("b", "c", -1), ("a", "c", -1)]));
        assert_eq!(r.frustrated.len(), 1);
        assert_eq!(r.unbalanced_triads, [("a".to_string(), "b".to_string(), "c".to_string())]);
    }

    #[test]
    fn triads_are_found_among_many_ties_of_one_actor() {
        // a ties with b..f; only (a, c, e) and (a, d, f) multiply negative.
        let r = analyze(&net(&[
            ("a", "b", 1),
            ("a", "c", 1),
            ("a", "d", -1),
            ("a", "e", 1),
            ("a", "f", 1),
            ("c", "e", -1),
            ("d", "f", 1),
            ("b", "x", -1),
        ]));
        let t = |x: &str, y: &str, z: &str| (x.to_string(), y.to_string(), z.to_string());
        assert_eq!(r.unbalanced_triads, [t("a", "c", "e"), t("a", "d", "f")]);
    }

    #[test]
    fn the_heuristic_splits_a_large_balanced_component_exactly_and_counts_what_it_frustrates() {
        // 40 actors in two camps (even and odd), friends within, enemies
        // across, plus one tie against the grain: past the exact limit.
        let ids: Vec<String> = (0..40).map(|i| format!("n{i:02}")).collect();
        let mut edges: Vec<(&str, &str, i8)> = Vec::new();
        for i in 0..40 {
            for j in [i + 1, i + 2, i + 7] {
                if j < 40 {
                    edges.push((&ids[i], &ids[j], if (i + j) % 2 == 0 { 1 } else { -1 }));
                }
            }
        }
        edges.push((&ids[0], &ids[9], 1)); // across the camps, but friendly
        let r = analyze(&net(&edges));
        assert!(!r.exact, "40 actors are past the exact limit");
        let bloc = |i: usize| r.actors.iter().find(|a| a.id == ids[i]).unwrap().bloc.clone().unwrap();
        for i in 1..40 {
            assert_eq!(bloc(i) == bloc(0), i % 2 == 0, "n{i:02}");
        }
        // The one tie against the grain is the one frustrated.
        assert_eq!(r.frustrated.len(), 1, "{:?}", r.frustrated);
        assert_eq!((r.frustrated[0].a.as_str(), r.frustrated[0].b.as_str(), r.frustrated[0].net), ("n00", "n09", 1));
        let (side, cost, exact) = partition(3, &[(0, 1, -2), (1, 2, -2), (0, 2, -1)]);
        assert!(exact && cost == 1 && side[0] != side[1] && side[1] != side[2]);
    }
}
