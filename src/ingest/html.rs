//! HTML pages → `Document`: decode by the page's declared charset, keep the article's paragraphs,
//! read title/author/date/URL from the usual meta tags and the provenance pointers from
//! `<link rel=canonical>`, `og:url` and schema.org JSON-LD.

use super::{Document, PageRef, date::parse_date};
use crate::error::{Error, Result};
use scraper::{ElementRef, Html, Selector};

pub fn looks_like_html(bytes: &[u8], name_hint: &str) -> bool {
    let lower = name_hint.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".xhtml") {
        return true;
    }
    let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(512)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(20)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// Finds the charset a page declares in its first bytes (`<meta charset>` or http-equiv).
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    encoding_rs::Encoding::for_label(label.as_bytes())
}

fn decode_html(bytes: &[u8]) -> Result<String> {
    if bytes.contains(&0) {
        return Err(Error::bad("binary data, not an HTML page (NUL byte)"));
    }
    let encoding = declared_charset(bytes).unwrap_or_else(|| {
        if std::str::from_utf8(bytes).is_ok() {
            encoding_rs::UTF_8
        } else {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(bytes, true);
            det.guess(None, chardetng::Utf8Detection::Allow)
        }
    });
    let (text, _, had_errors) = encoding.decode(bytes);
    if had_errors {
        return Err(Error::bad(format!(
            "page is not valid {} (its declared or detected charset)",
            encoding.name()
        )));
    }
    Ok(text.into_owned())
}

pub fn parse_html(bytes: &[u8]) -> Result<Document> {
    let source = decode_html(bytes)?;
    let page = Html::parse_document(&source);
    let mut doc = Document {
        title: meta(&page, "property", "og:title")
            .or_else(|| select_text(&page, "article h1"))
            .or_else(|| select_text(&page, "h1"))
            .or_else(|| select_text(&page, "title")),
        author: meta(&page, "name", "author"),
        published_at: meta(&page, "property", "article:published_time")
            .and_then(|d| parse_date(&d).ok())
            .map(|d| d.to_stored()),
        url: meta(&page, "property", "og:url").or_else(|| canonical(&page)),
        outlet: meta(&page, "property", "og:site_name"),
        language: lang_attr(&page),
        ..Document::default()
    };
    if let Some(url) = canonical(&page) {
        doc.page_refs
            .push(page_ref("canonical", Some(url), None, None));
    }
    if let Some(url) = meta(&page, "property", "og:url") {
        doc.page_refs
            .push(page_ref("og:url", Some(url), None, None));
    }
    read_json_ld(&page, &mut doc);
    doc.body = article_text(&page, doc.title.as_deref());
    if doc.body.trim().is_empty() {
        return Err(Error::bad(
            "HTML page has no article text beyond its title (is the text filled in by scripts?)",
        ));
    }
    Ok(doc)
}

fn page_ref(
    kind: &str,
    url: Option<String>,
    title: Option<String>,
    language: Option<String>,
) -> PageRef {
    PageRef {
        kind: kind.to_string(),
        url,
        title,
        language,
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn meta(page: &Html, attr: &str, key: &str) -> Option<String> {
    let s = sel(&format!("meta[{attr}=\"{key}\"]"));
    page.select(&s)
        .filter_map(|e| e.value().attr("content"))
        .map(clean)
        .find(|v| !v.is_empty())
}

fn canonical(page: &Html) -> Option<String> {
    page.select(&sel("link[rel=\"canonical\"]"))
        .filter_map(|e| e.value().attr("href"))
        .map(clean)
        .find(|v| !v.is_empty())
}

fn lang_attr(page: &Html) -> Option<String> {
    page.select(&sel("html"))
        .next()
        .and_then(|e| e.value().attr("lang"))
        .map(|l| l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase())
        .filter(|l| !l.is_empty())
}

fn select_text(page: &Html, s: &str) -> Option<String> {
    page.select(&sel(s))
        .map(|e| clean(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

/// Paragraph-level text of the article (or the body when the page marks no article), skipping
/// navigation, asides, footers, scripts and styles: the aggregator's chrome is not the piece.
fn article_text(page: &Html, title: Option<&str>) -> String {
    let root = page
        .select(&sel("article"))
        .next()
        .or_else(|| page.select(&sel("main")).next())
        .or_else(|| page.select(&sel("body")).next());
    let Some(root) = root else {
        return String::new();
    };
    let blocks = sel("h1, h2, h3, h4, p, li, blockquote");
    let skip = [
        "nav", "aside", "footer", "script", "style", "noscript", "form", "button",
    ];
    let mut paragraphs: Vec<String> = Vec::new();
    for block in root.select(&blocks) {
        let inside_skipped = block.ancestors().filter_map(ElementRef::wrap).any(|a| {
            skip.contains(&a.value().name())
                || a.value()
                    .classes()
                    .any(|c| c.contains("ad-") || c == "share")
        });
        // A block nested in another selected block (a <p> in a <blockquote>) is read once.
        let nested = block
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| matches!(a.value().name(), "p" | "li" | "blockquote"));
        if inside_skipped || nested {
            continue;
        }
        let text = clean(&block.text().collect::<String>());
        if !text.is_empty() {
            paragraphs.push(text);
        }
    }
    // A page whose text scripts fill in has nothing but its title here: no text to register.
    if paragraphs.iter().all(|p| Some(p.as_str()) == title) {
        return String::new();
    }
    if let Some(t) = title
        && paragraphs.first().is_none_or(|p| p != t)
    {
        paragraphs.insert(0, t.to_string());
    }
    paragraphs.join("\n\n")
}

/// schema.org JSON-LD: author, date, and the `isBasedOn` / `translationOfWork` pointers.
fn read_json_ld(page: &Html, doc: &mut Document) {
    for script in page.select(&sel("script[type=\"application/ld+json\"]")) {
        let raw: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&raw) else {
            continue;
        };
        let items = match value.get("@graph") {
            Some(serde_json::Value::Array(a)) => a.clone(),
            _ => vec![value],
        };
        for item in items.iter().flat_map(|v| match v {
            serde_json::Value::Array(a) => a.clone(),
            other => vec![other.clone()],
        }) {
            if doc.published_at.is_none() {
                doc.published_at = item
                    .get("datePublished")
                    .and_then(|d| d.as_str())
                    .and_then(|d| parse_date(d).ok())
                    .map(|d| d.to_stored());
            }
            if doc.author.is_none() {
                doc.author = item.get("author").and_then(name_of);
            }
            for key in ["isBasedOn", "translationOfWork"] {
                if let Some(target) = item.get(key) {
                    doc.page_refs.push(ld_ref(key, target));
                }
            }
        }
    }
}

fn name_of(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(clean(s)),
        serde_json::Value::Array(a) => a.first().and_then(name_of),
        serde_json::Value::Object(o) => o.get("name").and_then(|n| n.as_str()).map(clean),
        _ => None,
    }
}

fn ld_ref(kind: &str, target: &serde_json::Value) -> PageRef {
    let field = |k: &str| target.get(k).and_then(|v| v.as_str()).map(clean);
    match target {
        serde_json::Value::String(url) => page_ref(kind, Some(clean(url)), None, None),
        _ => page_ref(
            kind,
            field("url").or_else(|| field("@id")),
            field("name").or_else(|| field("headline")),
            field("inLanguage"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
        <title>Site title</title><meta property="og:title" content="The Headline">
        <link rel="canonical" href="https://orig.example/a">
        <script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"A. Writer"},
          "datePublished":"2024-03-16T09:30:00Z","isBasedOn":"https://orig.example/a"}</script>
        <style>p{color:red}</style></head><body><nav><p>Home</p></nav>
        <article><h1>The Headline</h1><p>First &amp; foremost.</p><aside><p>Read also</p></aside>
        <p>Second&nbsp;one.</p><script>var x = 1;</script></article><footer><p>(c) 2024</p></footer></body></html>"#;

    #[test]
    fn reads_article_paragraphs_and_metadata() {
        let doc = parse_html(PAGE.as_bytes()).unwrap();
        assert_eq!(doc.title.as_deref(), Some("The Headline"));
        assert_eq!(doc.body, "The Headline\n\nFirst & foremost.\n\nSecond one.");
        assert_eq!(doc.author.as_deref(), Some("A. Writer"));
        assert_eq!(doc.published_at.as_deref(), Some("2024-03-16T09:30:00Z"));
        assert_eq!(doc.language.as_deref(), Some("en"));
        let kinds: Vec<_> = doc.page_refs.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["canonical", "isBasedOn"]);
    }

    #[test]
    fn a_page_with_nothing_but_its_title_has_no_text() {
        for body in ["<script>render()</script>", "<h1>The Headline</h1>"] {
            let page =
                format!("<html><head><title>The Headline</title></head><body>{body}</body></html>");
            let err = parse_html(page.as_bytes()).unwrap_err().to_string();
            assert!(err.contains("no article text"), "{err}");
        }
    }

    #[test]
    fn decodes_declared_legacy_charset() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(
            "<html><head><meta charset=\"windows-1251\"></head><body><p>Привет, мир</p></body></html>",
        );
        let doc = parse_html(&bytes).unwrap();
        assert_eq!(doc.body, "Привет, мир");
    }
}
