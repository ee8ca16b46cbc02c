//! Same-language evaluation: variants generated (fixed seed) from the team's articles or from
//! real documents, registered with hard negatives into a fresh store through the real pipeline;
//! then precision / recall / F1 of same-work pairs, origin accuracy, and the score distributions
//! the matcher's thresholds were calibrated on.

use super::variants::{self, Article, Kind, Rng};
use crate::error::{Error, Result};
use crate::ingest::Document;
use crate::lineage;
use crate::matching::{Meta, Side, republication};
use crate::register;
use crate::store::{Store, index, outlets, versions};
use crate::text;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Seed of the variant generator: the same seed gives the same set.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Variants generated per original article.
    #[arg(long, default_value_t = 6)]
    pub variants_per_article: usize,
    /// Folder with manifest.json, originals and negatives (default: fixtures/articles).
    #[arg(long, value_name = "DIR", conflicts_with = "shared_eval")]
    pub originals: Option<PathBuf>,
    /// Real documents (JSONL with id, group, lang, role, text) to use as originals instead;
    /// read at measurement time only.
    #[arg(long, value_name = "PATH")]
    pub shared_eval: Option<PathBuf>,
    /// How many real documents to take from --shared-eval.
    #[arg(long, default_value_t = 120)]
    pub limit: usize,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Keep the evaluation store at this path (for `provtrack explain`) instead of a temporary one.
    #[arg(long, value_name = "PATH")]
    pub keep_store: Option<PathBuf>,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub seed: u64,
    pub originals: usize,
    pub negatives: usize,
    pub variants: usize,
    pub excerpts: usize,
    pub documents: usize,
    pub gold_pairs: usize,
    pub predicted_pairs: usize,
    pub true_pairs: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Variants whose origin (per `provtrack origin`) is their original.
    pub origin_correct: usize,
    pub origin_accuracy: f64,
    /// The same with translation links set aside (the same-language matcher's own share: a false
    /// translation link can move a variant's origin to another language).
    pub origin_correct_same_language: usize,
    pub origin_accuracy_same_language: f64,
    /// Share of variants in the same work as their original, per perturbation.
    pub recall_by_perturbation: BTreeMap<String, (usize, usize)>,
    pub proposed_links: usize,
    pub false_pairs: Vec<String>,
    pub missed_variants: Vec<String>,
    pub wrong_origins: Vec<String>,
    pub calibration: Calibration,
}

/// Score distributions on the labeled pairs (with the boilerplate the store learned): the gaps
/// between them are where the thresholds in `matching::republication` sit.
#[derive(Debug, Serialize, Default)]
pub struct Calibration {
    /// Lowest containment of the shorter text in the longer, variant vs its original, by kind.
    pub min_inner_republication: f64,
    pub min_inner_excerpt: f64,
    /// 1st percentile of the same (robust to one odd variant).
    pub p01_inner_positive: f64,
    /// Lowest containment of the longer in the shorter, full republications only.
    pub min_outer_republication: f64,
    /// Highest inner containment between texts of different works (hard negatives included).
    pub max_inner_negative: f64,
    pub max_resemblance_negative: f64,
    pub negative_pairs: usize,
    pub positive_pairs: usize,
}

/// One document of the set and its ground truth.
struct Item {
    key: String,
    group: String,
    lang: String,
    doc: Document,
    /// The original's key, for variants.
    of: Option<String>,
    kind: Option<Kind>,
    tags: Vec<&'static str>,
    needs_first_seen: bool,
}

#[derive(Deserialize)]
struct ManifestEntry {
    file: String,
    id: String,
    kind: String,
    lang: String,
    outlet: String,
    url: String,
    published_at: Option<String>,
    author: Option<String>,
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
    let mut rng = Rng::new(args.seed);
    let (originals, negatives) = match &args.shared_eval {
        Some(path) => (shared_articles(path, args.limit, &mut rng)?, Vec::new()),
        None => fixture_articles(
            args.originals
                .as_deref()
                .unwrap_or(Path::new("fixtures/articles")),
        )?,
    };
    let items = build_items(&originals, &negatives, args.variants_per_article, &mut rng);
    let order = registration_order(&items, &mut rng);

    let dir = std::env::temp_dir().join(format!(
        "provtrack-eval-{}-{}",
        std::process::id(),
        args.seed
    ));
    let _ = std::fs::remove_dir_all(&dir);
    if let Some(p) = &args.keep_store {
        let _ = std::fs::remove_file(p);
    }
    let path = args
        .keep_store
        .clone()
        .unwrap_or_else(|| dir.join("eval.db"));
    let store = Store::open(&path).await?;
    let result = measure(&store, &items, &order, args.seed).await;
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    let mut report = result?;
    report.originals = originals.len();
    report.negatives = negatives.len();
    Ok(report)
}

async fn measure(store: &Store, items: &[Item], order: &[usize], seed: u64) -> Result<Report> {
    let mut ids = vec![0i64; items.len()];
    let mut proposed_links = 0;
    let docs: Vec<_> = order
        .iter()
        .map(|&i| (i, Ok(items[i].doc.clone())))
        .collect();
    let mut failed = None;
    register::Bulk::new(store)
        .register_all(docs.into_iter(), |i, r| match r {
            Ok(r) => {
                ids[i] = r.version.version_id;
                proposed_links += r
                    .links
                    .iter()
                    .filter(|l| l.status == crate::model::Status::Proposed)
                    .count();
            }
            Err(e) => {
                failed.get_or_insert(e);
            }
        })
        .await?;
    if let Some(e) = failed {
        return Err(e);
    }
    let mut conn = store.conn().await?;
    let found = versions::by_ids(&mut conn, &ids).await?;
    let work: HashMap<i64, i64> = found.iter().map(|v| (v.version_id, v.work_id)).collect();
    let work_of = |i: usize| work[&ids[i]];

    // Pairs over same-language documents only (this set has nothing else).
    let (mut gold, mut predicted, mut true_pairs) = (0usize, 0usize, 0usize);
    let mut false_pairs = Vec::new();
    for i in 0..items.len() {
        for j in i + 1..items.len() {
            if items[i].lang != items[j].lang {
                continue;
            }
            let g = items[i].group == items[j].group;
            let p = work_of(i) == work_of(j);
            gold += g as usize;
            predicted += p as usize;
            true_pairs += (g && p) as usize;
            if p && !g && false_pairs.len() < 30 {
                false_pairs.push(format!("{} ~ {}", items[i].key, items[j].key));
            }
        }
    }
    let precision = ratio(true_pairs, predicted);
    let recall = ratio(true_pairs, gold);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };

    let index_of: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.key.as_str(), i))
        .collect();
    let mut by_tag: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut origin_correct, mut variants, mut excerpts) = (0, 0, 0);
    let mut origin_same_language = 0;
    let (mut missed, mut wrong) = (Vec::new(), Vec::new());
    let mut works: HashMap<i64, lineage::Work> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        let Some(of) = &it.of else { continue };
        variants += 1;
        excerpts += (it.kind == Some(Kind::Excerpt)) as usize;
        let o = index_of[of.as_str()];
        let joined = work_of(i) == work_of(o);
        for tag in it.tags.iter().chain(std::iter::once(&"all")) {
            let e = by_tag.entry(tag.to_string()).or_default();
            e.0 += joined as usize;
            e.1 += 1;
        }
        if !joined {
            missed.push(format!("{} [{}]", it.key, it.tags.join(",")));
        }
        let w = work_of(i);
        if let std::collections::hash_map::Entry::Vacant(slot) = works.entry(w) {
            slot.insert(lineage::load_work(&mut conn, w).await?);
        }
        let same = same_language(&works[&w], ids[i]);
        origin_same_language +=
            (lineage::origin(&same, ids[i]).origin.version_id == ids[o]) as usize;
        let origin = lineage::origin(&works[&w], ids[i]);
        if origin.origin.version_id == ids[o] {
            origin_correct += 1;
        } else {
            wrong.push(format!(
                "{} [{}]: origin {} ({})",
                it.key,
                it.tags.join(","),
                origin.origin.version_id,
                origin.basis
            ));
        }
    }
    let calibration = calibrate(&mut conn, items).await?;
    Ok(Report {
        seed,
        originals: 0,
        negatives: 0,
        variants,
        excerpts,
        documents: items.len(),
        gold_pairs: gold,
        predicted_pairs: predicted,
        true_pairs,
        precision: round4(precision),
        recall: round4(recall),
        f1: round4(f1),
        origin_correct,
        origin_accuracy: round4(ratio(origin_correct, variants)),
        origin_correct_same_language: origin_same_language,
        origin_accuracy_same_language: round4(ratio(origin_same_language, variants)),
        recall_by_perturbation: by_tag,
        proposed_links,
        false_pairs,
        missed_variants: missed,
        wrong_origins: wrong,
        calibration,
    })
}

/// The part of a work in the language of version `id`, without translation links.
fn same_language(work: &lineage::Work, id: i64) -> lineage::Work {
    let lang = work
        .versions
        .iter()
        .find(|v| v.version_id == id)
        .and_then(|v| v.language.clone());
    let versions: Vec<_> = work
        .versions
        .iter()
        .filter(|v| v.language == lang)
        .cloned()
        .collect();
    let keep: HashSet<i64> = versions.iter().map(|v| v.version_id).collect();
    lineage::Work {
        work_id: work.work_id,
        versions,
        links: work
            .links
            .iter()
            .filter(|l| l.relation != crate::model::Relation::Translation)
            .filter(|l| keep.contains(&l.source_id) && keep.contains(&l.derived_id))
            .cloned()
            .collect(),
        proposed: Vec::new(),
        claims: work
            .claims
            .iter()
            .filter(|c| keep.contains(&c.version_id))
            .cloned()
            .collect(),
    }
}

/// Scores every same-language pair with what the store learned, split by the labels.
async fn calibrate(conn: &mut crate::store::Conn, items: &[Item]) -> Result<Calibration> {
    let mut learned: HashMap<String, HashSet<u64>> = HashMap::new();
    let mut analyses = Vec::new();
    for it in items {
        let outlet = it.doc.outlet.clone().unwrap_or_default();
        if !learned.contains_key(&outlet) {
            let id = outlets::id_by_name(conn, &outlet).await?.unwrap_or(0);
            let set = index::outlet_boilerplate(conn, id).await?;
            learned.insert(outlet.clone(), set);
        }
        let title = it.doc.title.clone().unwrap_or_default();
        analyses.push(text::analyze(
            &title,
            &it.doc.body,
            Some(&it.lang),
            &learned[&outlet],
        ));
    }
    let side = |i: usize| Side {
        meta: Meta::bare(),
        analysis: &analyses[i],
    };
    let mut c = Calibration {
        min_inner_republication: 1.0,
        min_inner_excerpt: 1.0,
        min_outer_republication: 1.0,
        ..Calibration::default()
    };
    let mut positives = Vec::new();
    for i in 0..items.len() {
        for j in i + 1..items.len() {
            if items[i].lang != items[j].lang {
                continue;
            }
            let Some(m) = republication::measure(&side(i), &side(j)) else {
                continue;
            };
            let (inner, outer) = m.inner_outer();
            let direct = items[i].of.as_deref() == Some(items[j].key.as_str())
                || items[j].of.as_deref() == Some(items[i].key.as_str());
            if items[i].group != items[j].group {
                c.negative_pairs += 1;
                c.max_inner_negative = c.max_inner_negative.max(inner);
                c.max_resemblance_negative = c.max_resemblance_negative.max(m.resemblance);
            } else if direct {
                let variant = if items[i].of.is_some() { i } else { j };
                positives.push(inner);
                if items[variant].kind == Some(Kind::Excerpt) {
                    c.min_inner_excerpt = c.min_inner_excerpt.min(inner);
                } else {
                    c.min_inner_republication = c.min_inner_republication.min(inner);
                    c.min_outer_republication = c.min_outer_republication.min(outer);
                }
            }
        }
    }
    positives.sort_by(f64::total_cmp);
    c.positive_pairs = positives.len();
    c.p01_inner_positive = positives.get(positives.len() / 100).copied().unwrap_or(0.0);
    Ok(c)
}

fn build_items(
    originals: &[Article],
    negatives: &[Article],
    per_article: usize,
    rng: &mut Rng,
) -> Vec<Item> {
    let mut items = Vec::new();
    let titles: Vec<(String, String)> = originals
        .iter()
        .map(|a| (a.lang.clone(), a.title.clone()))
        .collect();
    // Negatives are cross-posted by the same aggregators (fewer times): their boilerplate is the
    // same, their text is not.
    let all = originals
        .iter()
        .map(|a| (a, per_article))
        .chain(negatives.iter().map(|a| (a, per_article.div_ceil(3))));
    for (a, count) in all {
        items.push(Item {
            key: a.id.clone(),
            group: a.id.clone(),
            lang: a.lang.clone(),
            doc: a.document(),
            of: None,
            kind: None,
            tags: Vec::new(),
            needs_first_seen: false,
        });
        let others: Vec<String> = titles
            .iter()
            .filter(|(l, t)| *l == a.lang && *t != a.title)
            .map(|(_, t)| t.clone())
            .collect();
        for n in 0..count {
            let v = variants::make(a, n, &others, rng);
            items.push(Item {
                key: format!("{}~{n}", a.id),
                group: a.id.clone(),
                lang: a.lang.clone(),
                doc: v.doc,
                of: Some(a.id.clone()),
                kind: Some(v.kind),
                tags: v.perturbations,
                needs_first_seen: v.needs_first_seen,
            });
        }
    }
    items
}

/// A shuffled order, except that a variant with neither date nor claim comes after its
/// original: nothing but the order seen could tell, and the aggregator did copy it later.
fn registration_order(items: &[Item], rng: &mut Rng) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    rng.shuffle(&mut order);
    let key_index: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.key.as_str(), i))
        .collect();
    for (i, item) in items.iter().enumerate() {
        let Some(of) = item.of.as_deref().filter(|_| item.needs_first_seen) else {
            continue;
        };
        let o = key_index[of];
        let (pi, po) = (
            order.iter().position(|&x| x == i).expect("in order"),
            order.iter().position(|&x| x == o).expect("in order"),
        );
        if pi < po {
            order.remove(pi);
            order.insert(po, i);
        }
    }
    order
}

fn fixture_articles(dir: &Path) -> Result<(Vec<Article>, Vec<Article>)> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(Error::unreadable(p));
    let manifest: Vec<ManifestEntry> = serde_json::from_str(&read(&dir.join("manifest.json"))?)
        .map_err(|e| Error::bad(format!("{}: {e}", dir.join("manifest.json").display())))?;
    let (mut originals, mut negatives) = (Vec::new(), Vec::new());
    for e in manifest {
        // Same-language only: translations and cross-language negatives belong to the
        // translation evaluation.
        let target = match e.kind.as_str() {
            "original" => &mut originals,
            "negative" => &mut negatives,
            _ => continue,
        };
        let Some((title, paragraphs)) = Article::from_text(&read(&dir.join(&e.file))?) else {
            continue;
        };
        target.push(Article {
            id: e.id,
            lang: e.lang,
            title,
            paragraphs,
            outlet: e.outlet,
            url: e.url,
            published: e.published_at,
            author: e.author,
        });
    }
    Ok((originals, negatives))
}

#[derive(Deserialize)]
struct SharedDoc {
    id: String,
    lang: String,
    #[serde(default)]
    role: String,
    text: String,
}

/// Source documents in languages with aggregators, one per work, at least news-length.
fn shared_articles(path: &Path, limit: usize, rng: &mut Rng) -> Result<Vec<Article>> {
    let data = std::fs::read_to_string(path).map_err(Error::unreadable(path))?;
    let mut docs: Vec<SharedDoc> = data
        .lines()
        .filter_map(|l| serde_json::from_str::<SharedDoc>(l).ok())
        .filter(|d| d.role == "source" && matches!(d.lang.as_str(), "en" | "ru" | "de" | "fr"))
        .filter(|d| d.text.split_whitespace().count() >= 150)
        .collect();
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    rng.shuffle(&mut docs);
    docs.truncate(limit);
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date");
    Ok(docs
        .into_iter()
        .enumerate()
        .filter_map(|(k, d)| {
            let title = d.text.lines().next()?.trim().to_string();
            let mut paragraphs = Article::from_text(&d.text)
                .map(|(_, ps)| ps)
                .unwrap_or_default();
            if paragraphs.len() < 3 {
                // No blank lines: one segment per line; three segments make a paragraph.
                let lines: Vec<&str> = d
                    .text
                    .lines()
                    .skip(1)
                    .filter(|l| !l.trim().is_empty())
                    .collect();
                paragraphs = lines.chunks(3).map(|c| c.join(" ")).collect();
            }
            let slug: String =
                d.id.chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '-' })
                    .collect();
            // Thirty outlets with several pieces each, named like outlets (no digits).
            const PLACES: [&str; 6] = [
                "Harbor", "Meridian", "Northern", "Capital", "Valley", "Coastal",
            ];
            const PAPERS: [&str; 5] = ["Times", "Herald", "Courier", "Gazette", "Post"];
            let (place, paper) = (PLACES[k % 6], PAPERS[(k / 6) % 5]);
            Some(Article {
                id: format!("shared-{k}"),
                lang: d.lang,
                title,
                paragraphs,
                outlet: format!("The {place} {paper}"),
                url: format!(
                    "https://{}-{}.example/{slug}",
                    place.to_lowercase(),
                    paper.to_lowercase()
                ),
                published: Some(
                    (start + chrono::Duration::days(k as i64))
                        .format("%Y-%m-%d")
                        .to_string(),
                ),
                author: None,
            })
        })
        .collect())
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn print_table(r: &Report) {
    println!(
        "documents {} (originals {}, hard negatives {}, variants {} of which excerpts {}), seed {}",
        r.documents, r.originals, r.negatives, r.variants, r.excerpts, r.seed
    );
    println!(
        "same-work pairs: gold {}, predicted {}, correct {}",
        r.gold_pairs, r.predicted_pairs, r.true_pairs
    );
    println!(
        "precision {:.4}  recall {:.4}  F1 {:.4}",
        r.precision, r.recall, r.f1
    );
    println!(
        "origin correct {}/{} = {:.4} (translation links set aside: {}/{} = {:.4}); proposed links {}",
        r.origin_correct,
        r.variants,
        r.origin_accuracy,
        r.origin_correct_same_language,
        r.variants,
        r.origin_accuracy_same_language,
        r.proposed_links
    );
    println!("variants joined with their original, by perturbation:");
    for (tag, (ok, n)) in &r.recall_by_perturbation {
        println!("  {tag:<18} {ok}/{n}");
    }
    let c = &r.calibration;
    println!(
        "calibration: inner containment, republications ≥ {:.3}, excerpts ≥ {:.3}, p01 {:.3}; outer (republications) ≥ {:.3}; negatives ≤ {:.3} (resemblance ≤ {:.3}) over {} pairs",
        c.min_inner_republication,
        c.min_inner_excerpt,
        c.p01_inner_positive,
        c.min_outer_republication,
        c.max_inner_negative,
        c.max_resemblance_negative,
        c.negative_pairs
    );
    for (label, list) in [
        ("false pairs", &r.false_pairs),
        ("missed", &r.missed_variants),
        ("wrong origin", &r.wrong_origins),
    ] {
        for x in list {
            println!("{label}: {x}");
        }
    }
}
