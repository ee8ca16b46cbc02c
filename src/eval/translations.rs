//! Cross-language evaluation on a labeled JSONL file: every document is registered through the
//! real pipeline into a fresh store (so each is a distractor for every other), then the links
//! the store holds are scored against the labels as pairs of versions in different languages.

use crate::error::{Error, Result};
use crate::ingest::Document;
use crate::model::{Relation, Status};
use crate::register::Bulk;
use crate::store::{Store, links, versions};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Labeled documents: one JSON object per line with `id`, `group`, `lang`, `text` (and
    /// optionally `domain`, `title`).
    pub file: PathBuf,
    /// Score only pairs touching documents of this domain (news, social, …); the whole file is
    /// registered all the same.
    #[arg(long)]
    pub domain: Option<String>,
    /// Register only the first N documents.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    /// Give each document its labeled language (as `--lang` would) instead of detecting it.
    #[arg(long)]
    pub given_lang: bool,
    /// Build the store here and keep it (default: a temporary store, removed afterwards).
    #[arg(long)]
    pub store: Option<PathBuf>,
}

#[derive(Deserialize)]
struct Labeled {
    id: String,
    group: String,
    lang: String,
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    title: Option<String>,
    text: String,
}

/// Precision, recall and F1 of one set of predicted pairs against the gold pairs.
#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct Score {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    fn new(gold: usize, predicted: usize, correct: usize) -> Score {
        let p = if predicted == 0 {
            1.0
        } else {
            correct as f64 / predicted as f64
        };
        let r = if gold == 0 {
            1.0
        } else {
            correct as f64 / gold as f64
        };
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        Score {
            gold,
            predicted,
            correct,
            precision: round4(p),
            recall: round4(r),
            f1: round4(f1),
        }
    }
}

/// The three readings of the store: accepted links, accepted + proposed links, and the pairs
/// that share a work (which is what a user sees: membership follows accepted links).
#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct Readings {
    pub accepted: Score,
    pub with_proposed: Score,
    pub same_work: Score,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub file: String,
    pub documents: usize,
    pub domain: Option<String>,
    pub import_seconds: f64,
    pub versions_per_second: f64,
    /// Share of documents whose detected (or given) language equals the label.
    pub language_agreement: f64,
    pub overall: Readings,
    pub per_domain: BTreeMap<String, Readings>,
    pub per_language_pair: BTreeMap<String, Readings>,
}

pub async fn run(args: Args) -> Result<()> {
    let report = evaluate(&args).await?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("report serializes")
        );
    } else {
        print_table(&report);
    }
    Ok(())
}

pub async fn evaluate(args: &Args) -> Result<Report> {
    let docs = read_labeled(&args.file, args.limit)?;
    let (dir, path) = match &args.store {
        Some(p) => {
            if p.exists() {
                return Err(Error::bad(format!(
                    "{} exists: give a new path for the evaluation store",
                    p.display()
                )));
            }
            (None, p.clone())
        }
        None => {
            let dir = std::env::temp_dir().join(format!(
                "provtrack-eval-{}-{}",
                std::process::id(),
                chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
            ));
            let path = dir.join("store.db");
            (Some(dir), path)
        }
    };
    let result = measure(args, &docs, &path).await;
    if let Some(dir) = dir {
        let _ = std::fs::remove_dir_all(dir);
    }
    result
}

fn read_labeled(path: &PathBuf, limit: Option<usize>) -> Result<Vec<Labeled>> {
    let text = std::fs::read_to_string(path).map_err(Error::unreadable(path))?;
    let mut docs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let doc: Labeled = serde_json::from_str(line).map_err(|e| Error::BadLine {
            path: path.clone(),
            line: i + 1,
            message: e.to_string(),
        })?;
        docs.push(doc);
        if limit.is_some_and(|n| docs.len() >= n) {
            break;
        }
    }
    Ok(docs)
}

async fn measure(args: &Args, docs: &[Labeled], path: &std::path::Path) -> Result<Report> {
    let store = Store::open(path).await?;
    let start = Instant::now();
    // Version id → index of the labeled document.
    let mut of_version: HashMap<i64, usize> = HashMap::new();
    let mut detected_ok = 0usize;
    // Registered the way `import` does.
    let feed: Vec<_> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let doc = Document {
                body: d.text.clone(),
                title: d.title.clone(),
                author: None,
                published_at: None,
                url: None,
                // One outlet per document: no outlet's boilerplate is learned across documents.
                outlet: Some(d.id.clone()),
                language: args.given_lang.then(|| d.lang.clone()),
                page_refs: Vec::new(),
            };
            (i, Ok(doc))
        })
        .collect();
    let mut failed = None;
    Bulk::new(&store)
        .register_all(feed.into_iter(), |i, r| match r {
            Ok(r) => {
                if r.version.language.as_deref() == Some(docs[i].lang.as_str()) {
                    detected_ok += 1;
                }
                of_version.insert(r.version.version_id, i);
            }
            Err(e) => {
                failed.get_or_insert(e);
            }
        })
        .await?;
    if let Some(e) = failed {
        return Err(e);
    }
    let seconds = start.elapsed().as_secs_f64();

    let mut conn = store.conn().await?;
    let ids: Vec<i64> = of_version.keys().copied().collect();
    let mut work_of: HashMap<usize, i64> = HashMap::new();
    for chunk in ids.chunks(500) {
        for v in versions::by_ids(&mut conn, chunk).await? {
            work_of.insert(of_version[&v.version_id], v.work_id);
        }
    }
    let mut accepted = HashSet::new();
    let mut proposed = HashSet::new();
    let mut seen_links = HashSet::new();
    for chunk in ids.chunks(500) {
        for l in links::touching(&mut conn, chunk).await? {
            if l.relation != Relation::Translation && l.relation != Relation::Republication {
                continue;
            }
            if !seen_links.insert(l.link_id) {
                continue;
            }
            let (Some(&a), Some(&b)) =
                (of_version.get(&l.source_id), of_version.get(&l.derived_id))
            else {
                continue;
            };
            match l.status {
                Status::Accepted => {
                    accepted.insert(pair(a, b));
                }
                Status::Proposed => {
                    proposed.insert(pair(a, b));
                }
                Status::Rejected => {}
            }
        }
    }
    drop(conn);
    store.close().await;

    let mut by_work: HashMap<i64, Vec<usize>> = HashMap::new();
    for (&doc, &w) in &work_of {
        by_work.entry(w).or_default().push(doc);
    }
    let mut same_work = HashSet::new();
    for members in by_work.values() {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                same_work.insert(pair(a, b));
            }
        }
    }
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        groups.entry(d.group.as_str()).or_default().push(i);
    }
    let mut gold = HashSet::new();
    for members in groups.values() {
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                gold.insert(pair(a, b));
            }
        }
    }

    let cross = |p: &(usize, usize)| docs[p.0].lang != docs[p.1].lang;
    let domain_of = |i: usize| docs[i].domain.as_deref().unwrap_or("unknown");
    let in_domain = |p: &(usize, usize), dom: &str| domain_of(p.0) == dom || domain_of(p.1) == dom;
    let lang_pair = |p: &(usize, usize)| {
        let (x, y) = (&docs[p.0].lang, &docs[p.1].lang);
        if x <= y {
            format!("{x}-{y}")
        } else {
            format!("{y}-{x}")
        }
    };
    let with_proposed: HashSet<(usize, usize)> = accepted.union(&proposed).copied().collect();
    let sets = [&accepted, &with_proposed, &same_work];
    let score_where = |keep: &dyn Fn(&(usize, usize)) -> bool| {
        let g: HashSet<&(usize, usize)> = gold.iter().filter(|p| cross(p) && keep(p)).collect();
        let mut out = [Score::default(); 3];
        for (slot, set) in out.iter_mut().zip(sets) {
            let predicted: Vec<&(usize, usize)> =
                set.iter().filter(|p| cross(p) && keep(p)).collect();
            let correct = predicted.iter().filter(|p| g.contains(*p)).count();
            *slot = Score::new(g.len(), predicted.len(), correct);
        }
        Readings {
            accepted: out[0],
            with_proposed: out[1],
            same_work: out[2],
        }
    };
    let scope = args.domain.clone();
    let in_scope = |p: &(usize, usize)| scope.as_deref().is_none_or(|d| in_domain(p, d));
    let overall = score_where(&in_scope);
    let domains: HashSet<&str> = (0..docs.len()).map(domain_of).collect();
    let per_domain = domains
        .into_iter()
        .filter(|d| scope.as_deref().is_none_or(|s| s == *d))
        .map(|d| (d.to_string(), score_where(&|p| in_domain(p, d))))
        .collect();
    let lang_pairs: HashSet<String> = gold.iter().filter(|p| cross(p)).map(lang_pair).collect();
    let per_language_pair = lang_pairs
        .into_iter()
        .map(|lp| {
            let r = score_where(&|p| in_scope(p) && lang_pair(p) == lp);
            (lp, r)
        })
        .filter(|(_, r)| r.accepted.gold > 0 || r.accepted.predicted > 0)
        .collect();
    Ok(Report {
        file: args.file.display().to_string(),
        documents: docs.len(),
        domain: args.domain.clone(),
        import_seconds: round4(seconds),
        versions_per_second: (docs.len() as f64 / seconds.max(1e-9)).round(),
        language_agreement: round4(detected_ok as f64 / docs.len().max(1) as f64),
        overall,
        per_domain,
        per_language_pair,
    })
}

fn pair(a: usize, b: usize) -> (usize, usize) {
    (a.min(b), a.max(b))
}

fn round4(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

fn print_table(r: &Report) {
    println!(
        "{}: {} documents registered in {:.2}s ({} versions/s); language agreement {:.3}",
        r.file, r.documents, r.import_seconds, r.versions_per_second, r.language_agreement
    );
    println!(
        "cross-language same-work pairs{}; P/R/F1 of accepted links | accepted+proposed | same work",
        r.domain
            .as_deref()
            .map(|d| format!(" touching {d} documents"))
            .unwrap_or_default()
    );
    let row = |name: &str, x: &Readings| {
        println!(
            "{:<14} gold {:>5}  acc {:>5} P {:.3} R {:.3} F1 {:.3} | +prop P {:.3} R {:.3} | work P {:.3} R {:.3} F1 {:.3}",
            name,
            x.accepted.gold,
            x.accepted.predicted,
            x.accepted.precision,
            x.accepted.recall,
            x.accepted.f1,
            x.with_proposed.precision,
            x.with_proposed.recall,
            x.same_work.precision,
            x.same_work.recall,
            x.same_work.f1,
        );
    };
    row("overall", &r.overall);
    for (d, x) in &r.per_domain {
        row(d, x);
    }
    for (lp, x) in &r.per_language_pair {
        row(lp, x);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_count_pairs() {
        let s = Score::new(4, 2, 2);
        assert_eq!((s.precision, s.recall), (1.0, 0.5));
        assert!((s.f1 - 0.6667).abs() < 1e-4);
        assert_eq!(Score::new(0, 0, 0).precision, 1.0);
    }
}
