//! Reproducible variants of an article, the way aggregators republish it: their own header and
//! footer, a new title, straightened quotes, typos, reflowed or dropped paragraphs, inserted
//! "Read also" / advertisement lines, or only the first paragraphs with "Read more at X".
//! A small fixed-seed PRNG (splitmix64) keeps every run identical without a `rand` dependency.

use crate::ingest::Document;
use chrono::{Duration, NaiveDate};

/// splitmix64: tiny, fast, and the same sequence on every platform for a given seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// An article the variants are made from.
#[derive(Debug, Clone)]
pub struct Article {
    pub id: String,
    pub lang: String,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub outlet: String,
    pub url: String,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    pub author: Option<String>,
}

impl Article {
    /// Title line, blank line, paragraphs separated by blank lines (the fixtures' layout).
    pub fn from_text(text: &str) -> Option<(String, Vec<String>)> {
        let mut blocks = text
            .split("\n\n")
            .map(|b| b.trim().replace('\n', " "))
            .filter(|b| !b.is_empty());
        let title = blocks.next()?;
        let paragraphs: Vec<String> = blocks.collect();
        (!paragraphs.is_empty()).then_some((title, paragraphs))
    }

    pub fn body(&self) -> String {
        let mut out = self.title.clone();
        for p in &self.paragraphs {
            out.push_str("\n\n");
            out.push_str(p);
        }
        out
    }

    pub fn document(&self) -> Document {
        Document {
            body: self.body(),
            title: Some(self.title.clone()),
            author: self.author.clone(),
            published_at: self.published.clone(),
            url: Some(self.url.clone()),
            outlet: Some(self.outlet.clone()),
            language: None,
            page_refs: Vec::new(),
        }
    }
}

/// An aggregator: its recurring header and footer lines (what boilerplate learning must learn).
pub struct Aggregator {
    pub name: &'static str,
    pub lang: &'static str,
    pub domain: &'static str,
    pub header: &'static [&'static str],
    pub footer: &'static [&'static str],
}

pub const AGGREGATORS: &[Aggregator] = &[
    Aggregator {
        name: "GlobalWire Digest",
        lang: "en",
        domain: "globalwire-digest.example",
        header: &[
            "GlobalWire Digest · World · Morning edition",
            "Curated from partner newsrooms around the clock",
        ],
        footer: &[
            "GlobalWire Digest republishes journalism from partner newsrooms under licence.",
            "Tips and corrections: desk@globalwire-digest.example",
        ],
    },
    Aggregator {
        name: "NewsHub Daily",
        lang: "en",
        domain: "newshub-daily.example",
        header: &["NEWSHUB DAILY | Top stories, one click away"],
        footer: &[
            "Want more like this? Our morning briefing lands at 7am, free for readers.",
            "NewsHub Daily is an independent aggregator and is not responsible for partner content.",
        ],
    },
    Aggregator {
        name: "The Syndicate Reader",
        lang: "en",
        domain: "syndicatereader.example",
        header: &["The Syndicate Reader — stories worth your time"],
        footer: &["Everything here first ran elsewhere; we just help you find it."],
    },
    Aggregator {
        name: "Инфоповод",
        lang: "ru",
        domain: "infopovod.example",
        header: &[
            "Инфоповод — главное за день",
            "Лента партнёров · Обновлено сегодня",
        ],
        footer: &[
            "Мнение редакции может не совпадать с позицией авторов материалов партнёров.",
            "Нашли ошибку? Напишите нам: redakciya@infopovod.example",
        ],
    },
    Aggregator {
        name: "Сводка.Онлайн",
        lang: "ru",
        domain: "svodka.example",
        header: &["СВОДКА.ОНЛАЙН | Новости регионов"],
        footer: &["Все материалы партнёров публикуются с их разрешения."],
    },
    Aggregator {
        name: "Nachrichtenpool",
        lang: "de",
        domain: "nachrichtenpool.example",
        header: &["Nachrichtenpool – Das Wichtigste aus allen Regionen"],
        footer: &[
            "Dieser Beitrag wurde von einem unserer Partnermedien übernommen.",
            "Hinweise an die Redaktion: hinweis@nachrichtenpool.example",
        ],
    },
    Aggregator {
        name: "Revue Express",
        lang: "fr",
        domain: "revue-express.example",
        header: &["Revue Express — l'essentiel de l'actualité en continu"],
        footer: &[
            "Article repris avec l'accord de son éditeur d'origine, tous droits réservés à celui-ci.",
        ],
    },
    Aggregator {
        name: "Portada Global",
        lang: "es",
        domain: "portadaglobal.example",
        header: &["Portada Global | Lo más leído de la semana"],
        footer: &["Portada Global reúne noticias de medios asociados de toda la región."],
    },
];

/// Generic page furniture, per language: the generic list must catch these without learning.
fn generic_lines(lang: &str) -> &'static [&'static str] {
    match lang {
        "ru" => &[
            "Поделиться",
            "Подпишитесь на нашу рассылку, чтобы не пропустить главное",
            "© 2024 Все права защищены.",
            "Подписывайтесь на нас в соцсетях",
        ],
        "de" => &[
            "Teilen",
            "Abonnieren Sie unseren Newsletter für das tägliche Briefing",
            "© 2024 Alle Rechte vorbehalten.",
            "Folgen Sie uns auf allen Kanälen",
        ],
        "fr" => &[
            "Partager",
            "Abonnez-vous à notre newsletter quotidienne",
            "© 2024 Tous droits réservés.",
            "Suivez-nous sur les réseaux sociaux",
        ],
        "es" => &[
            "Compartir",
            "Suscríbete a nuestra newsletter diaria",
            "© 2024 Todos los derechos reservados.",
            "Síguenos en redes sociales",
        ],
        _ => &[
            "Share this article: Facebook · X · LinkedIn · Email",
            "Read this in 40 languages",
            "Sign up for our free newsletter and get the top stories in your inbox",
            "© 2024 All rights reserved.",
            "The views expressed in this article are the author's own.",
            "Follow us for more stories like this",
        ],
    }
}

fn read_also(lang: &str) -> &'static str {
    match lang {
        "ru" => "Читайте также:",
        "de" => "Lesen Sie auch:",
        "fr" => "Lire aussi :",
        "es" => "Lee también:",
        _ => "Read also:",
    }
}

fn advertisement(lang: &str) -> &'static str {
    match lang {
        "ru" => "РЕКЛАМА",
        "de" => "ANZEIGE",
        "fr" => "PUBLICITÉ",
        "es" => "PUBLICIDAD",
        _ => "ADVERTISEMENT",
    }
}

fn opinion(lang: &str) -> &'static str {
    match lang {
        "ru" => "МНЕНИЕ:",
        "de" => "MEINUNG:",
        "fr" => "OPINION :",
        "es" => "OPINIÓN:",
        _ => "OPINION:",
    }
}

fn read_more(lang: &str, outlet: &str) -> String {
    match lang {
        "ru" => format!("Читать полностью на сайте {outlet}"),
        "de" => format!("Weiterlesen bei {outlet}"),
        "fr" => format!("Lire la suite sur {outlet}"),
        "es" => format!("Sigue leyendo en {outlet}"),
        _ => format!("Read more at {outlet}"),
    }
}

fn source_line(lang: &str, outlet: &str) -> String {
    match lang {
        "ru" => format!("Источник: {outlet}"),
        "de" => format!("Quelle: {outlet}"),
        "fr" => format!("Source : {outlet}"),
        "es" => format!("Fuente: {outlet}"),
        _ => format!("Source: {outlet}"),
    }
}

/// What a variant is of its original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Republication,
    Excerpt,
}

/// One generated variant: the document and the perturbations applied (for per-kind reports).
#[derive(Debug, Clone)]
pub struct Variant {
    pub doc: Document,
    pub kind: Kind,
    pub perturbations: Vec<&'static str>,
    /// No date and no claim: only the order the store sees it in can give the direction.
    pub needs_first_seen: bool,
}

/// Makes variant number `n` of `article`. `others` are titles of other articles for "Read also".
pub fn make(article: &Article, n: usize, others: &[String], rng: &mut Rng) -> Variant {
    let aggs: Vec<&Aggregator> = AGGREGATORS
        .iter()
        .filter(|a| a.lang == article.lang)
        .collect();
    let aggs = if aggs.is_empty() {
        AGGREGATORS.iter().filter(|a| a.lang == "en").collect()
    } else {
        aggs
    };
    let agg = aggs[(n + rng.below(aggs.len())) % aggs.len()];
    let lang = article.lang.as_str();
    let mut tags = Vec::new();
    let kind = if rng.chance(0.25) {
        Kind::Excerpt
    } else {
        Kind::Republication
    };

    let mut paragraphs = article.paragraphs.clone();
    if kind == Kind::Excerpt {
        let max = (paragraphs.len() / 2).max(2);
        let keep = 1 + rng.below(max);
        paragraphs.truncate(keep.max(2).min(paragraphs.len()));
        tags.push("excerpt");
    } else if paragraphs.len() > 4 && rng.chance(0.3) {
        paragraphs.remove(1 + rng.below(paragraphs.len() - 1));
        tags.push("dropped_paragraph");
    }

    let mut title = article.title.clone();
    if rng.chance(0.6) {
        title = match rng.below(4) {
            0 => format!("{title} | {}", agg.name),
            1 => format!("{} {title}", opinion(lang)),
            2 => title.to_lowercase(),
            _ => headline_from(&article.paragraphs[0]),
        };
        tags.push("new_title");
    }
    if rng.chance(0.5) {
        for p in &mut paragraphs {
            *p = straighten(p);
        }
        title = straighten(&title);
        tags.push("straight_quotes");
    }
    if rng.chance(0.5) {
        for _ in 0..1 + rng.below(4) {
            let i = rng.below(paragraphs.len());
            paragraphs[i] = typo(&paragraphs[i], rng);
        }
        tags.push("typos");
    }
    let mut inserted = Vec::new();
    if rng.chance(0.5) && paragraphs.len() > 1 {
        for _ in 0..1 + rng.below(2) {
            let line = if rng.chance(0.5) && !others.is_empty() {
                format!("{} {}", read_also(lang), rng.pick(others))
            } else {
                advertisement(lang).to_string()
            };
            inserted.push((1 + rng.below(paragraphs.len() - 1), line));
        }
        tags.push("inserted_lines");
    }
    let reflow = rng.chance(0.4).then(|| rng.below(3));
    if reflow.is_some() {
        tags.push("reflow");
    }

    // Assemble: outlet header, generic furniture, title, body, footer.
    let mut lines: Vec<String> = Vec::new();
    for h in agg.header {
        lines.push(h.to_string());
    }
    if rng.chance(0.6) {
        lines.push(rng.pick(generic_lines(lang)).to_string());
    }
    lines.push(String::new());
    lines.push(title.clone());
    let mut body: Vec<String> = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        for (_, l) in inserted.iter().filter(|(at, _)| *at == i) {
            body.push(l.clone());
        }
        body.push(p.clone());
    }
    let body = match reflow {
        Some(0) => body.iter().map(|p| wrap(p, 72)).collect(),
        Some(1) => merge_pairs(&body),
        Some(_) => body.iter().flat_map(|p| split_sentences(p)).collect(),
        None => body,
    };
    for p in body {
        lines.push(String::new());
        lines.push(p);
    }
    lines.push(String::new());
    if kind == Kind::Excerpt {
        lines.push(read_more(lang, &article.outlet));
    }
    // Undated variants say where they come from half of the time; English only, since the claim
    // formulas are English for now.
    let dated = !rng.chance(0.15);
    let claims = !dated && lang == "en" && rng.chance(0.5);
    if claims {
        lines.push(format!("Originally published at {}.", article.outlet));
        tags.push("claim");
    } else if rng.chance(0.5) {
        lines.push(source_line(lang, &article.outlet));
    }
    if let Some(author) = article.author.as_deref().filter(|_| rng.chance(0.4)) {
        lines.push(format!("{author} writes for {}.", article.outlet));
        tags.push("author_bio");
    }
    for f in agg.footer {
        lines.push(f.to_string());
    }
    if rng.chance(0.5) {
        lines.push(rng.pick(generic_lines(lang)).to_string());
    }
    if !dated {
        tags.push("undated");
    }
    let published = if dated {
        article.published.as_deref().and_then(|d| {
            let d = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
            Some(
                (d + Duration::days(1 + rng.below(6) as i64))
                    .format("%Y-%m-%d")
                    .to_string(),
            )
        })
    } else {
        None
    };
    let slug = article.url.rsplit('/').next().unwrap_or("story");
    Variant {
        doc: Document {
            body: lines.join("\n"),
            title: Some(title),
            author: article.author.clone().filter(|_| rng.chance(0.7)),
            published_at: published,
            url: Some(format!("https://{}/{}/{slug}-{n}", agg.domain, article.id)),
            outlet: Some(agg.name.to_string()),
            language: None,
            page_refs: Vec::new(),
        },
        kind,
        perturbations: tags,
        needs_first_seen: !dated && !claims,
    }
}

/// A headline made from the first sentence (aggregators without the original title do this).
fn headline_from(paragraph: &str) -> String {
    let first = paragraph.split(". ").next().unwrap_or(paragraph);
    first
        .split_whitespace()
        .take(12)
        .collect::<Vec<_>>()
        .join(" ")
}

fn straighten(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '“' | '”' | '„' | '«' | '»' => '"',
            '‘' | '’' => '\'',
            '—' | '–' => '-',
            c => c,
        })
        .collect()
}

/// One typo in a longer word: two letters swapped or one dropped.
fn typo(p: &str, rng: &mut Rng) -> String {
    let mut words: Vec<String> = p.split(' ').map(str::to_string).collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().filter(|c| c.is_alphabetic()).count() >= 6)
        .collect();
    if long.is_empty() {
        return p.to_string();
    }
    let i = *rng.pick(&long);
    let mut chars: Vec<char> = words[i].chars().collect();
    let at = 1 + rng.below(chars.len().saturating_sub(3).max(1));
    if rng.chance(0.5) {
        chars.swap(at, at + 1);
    } else {
        chars.remove(at);
    }
    words[i] = chars.into_iter().collect();
    words.join(" ")
}

fn wrap(p: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for w in p.split(' ') {
        if line > 0 && line + w.chars().count() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(w);
        line += w.chars().count();
    }
    out
}

fn merge_pairs(ps: &[String]) -> Vec<String> {
    ps.chunks(2).map(|c| c.join(" ")).collect()
}

fn split_sentences(p: &str) -> Vec<String> {
    let parts: Vec<&str> = p.split(". ").collect();
    if parts.len() < 4 {
        return vec![p.to_string()];
    }
    let half = parts.len() / 2;
    vec![
        format!("{}.", parts[..half].join(". ")),
        parts[half..].join(". "),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_variant() {
        let a = Article {
            id: "x".into(),
            lang: "en".into(),
            title: "A title".into(),
            paragraphs: vec![
                "First paragraph with “quotes” and several longer words.".into(),
                "Second paragraph. It has sentences. Many of them. Really.".into(),
                "Third paragraph here.".into(),
            ],
            outlet: "Origin Times".into(),
            url: "https://origin.example/a".into(),
            published: Some("2024-01-01".into()),
            author: Some("A. Writer".into()),
        };
        let v1 = make(&a, 0, &[], &mut Rng::new(7));
        let v2 = make(&a, 0, &[], &mut Rng::new(7));
        assert_eq!(v1.doc, v2.doc);
        assert_eq!(Rng::new(1).next_u64(), Rng::new(1).next_u64());
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }
}
