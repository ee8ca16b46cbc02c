//! The formulas texts use to say where they come from, per language. Each regex finds the
//! formula; named groups: `lang` (a language name), `rest` (where the named outlet or URL
//! starts), `title` (a quoted title starts here), `pre` (the outlet named before the verb).

use regex::Regex;
use std::sync::{LazyLock, OnceLock};

pub struct Pattern {
    pub kind: &'static str,
    /// The regex, case-insensitive.
    pub source: String,
    /// Compiled the first time a sentence may match it: all of them take 23–32 ms to compile,
    /// and most processes (one `add`) need none or one.
    re: OnceLock<Regex>,
    /// The formula may follow other words in its sentence, as long as they speak of the text
    /// itself ("This article first appeared…", not "The study, first published in …").
    pub mid_sentence: bool,
    /// Its language, an index below [`LANGUAGES`] (`triggers::languages`).
    pub language: usize,
}

impl Pattern {
    pub fn re(&self) -> &Regex {
        self.re
            .get_or_init(|| Regex::new(&self.source).expect("claim pattern compiles"))
    }
}

fn p(kind: &'static str, mid_sentence: bool, re: &str) -> Pattern {
    Pattern {
        kind,
        source: format!("(?i){re}"),
        re: OnceLock::new(),
        mid_sentence,
        language: 0,
    }
}

/// A title given after any formula: "… under the title '…'", "… con el título «…»".
pub static TITLE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:under the (?:title|headline)|под (?:названием|заголовком)|unter dem titel|sous le titre|(?:con|bajo) el título) (?P<title>['‘“«„].+)")
        .expect("title pattern compiles")
});

/// The languages of the formulas: English, Russian, German, French, Spanish.
pub const LANGUAGES: usize = 5;

/// Every formula, a language after another in the order of [`LANGUAGES`].
pub static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    [english(), russian(), german(), french(), spanish()]
        .into_iter()
        .enumerate()
        .flat_map(|(language, patterns)| {
            patterns.into_iter().map(move |p| Pattern { language, ..p })
        })
        .collect()
});

fn english() -> Vec<Pattern> {
    vec![
        p(
            "version_title",
            true,
            r"\bthe (?P<lang>\p{L}+)(?:-language)? (?:version|original) (?:was|has been) (?:first |originally )?published(?: (?:at|on|in|by) (?P<rest>.+?))? under the (?:title|headline) (?P<title>['‘“«„].+)",
        ),
        p(
            "publishing_original",
            false,
            r"^(?P<pre>.+?) (?:is|are) (?:publishing|republishing|presenting) the original (?P<lang>\p{L}+)(?:-language)? (?:version|text)",
        ),
        p(
            "first_released",
            true,
            r"\b(?:originally|first|initially) released(?: in (?P<lang>\p{L}+))? (?:at|on|in|by) (?P<rest>.+)",
        ),
        p(
            "originally_published",
            true,
            r"\b(?:originally|first|initially) (?:published|posted|printed|ran|appeared)(?: in (?P<lang>\p{L}+))? (?:at|on|in|by|with) (?P<rest>.+)",
        ),
        p(
            "originally_published",
            true,
            r"\b(?:published|appeared|posted) (?:originally|first|initially)(?: in (?P<lang>\p{L}+))? (?:at|on|in|by|with) (?P<rest>.+)",
        ),
        p(
            "republished_with_permission",
            true,
            r"\b(?:re-?published|reprinted|reproduced|re-?posted|published) (?:here )?with (?:the )?(?:kind )?permission (?:of|from) (?P<rest>.+)",
        ),
        p(
            "republished_with_permission",
            true,
            r"\b(?:is|was|has been) (?:re-?published|reprinted) from (?P<rest>.+)",
        ),
        p(
            "translated_from",
            true,
            r"\btranslated from (?:the )?(?P<lang>\p{L}+)(?: original)?(?: (?:(?:as )?published |that appeared |which appeared )?(?:at|on|in) (?P<rest>.+))?",
        ),
        p("source", false, r"^sources?\s*:\s*(?P<rest>.+)"),
        p(
            "read_more",
            false,
            r"^(?:read more|read the (?:full|whole|complete) (?:story|article|text|piece)|read the rest(?: of the (?:story|article))?|continue reading|the full (?:story|article|text) is available) (?:at|on) (?P<rest>.+)",
        ),
        p(
            "read_more",
            false,
            r"^read more\s*:\s*(?P<rest>https?://.+)",
        ),
    ]
}

fn russian() -> Vec<Pattern> {
    vec![
        p(
            "version_title",
            true,
            r"\b(?P<lang>\p{L}+) верси[яи] (?:статьи |материала )?(?:была )?(?:впервые )?опубликована(?: (?:на|в) (?P<rest>.+?))? под (?:названием|заголовком) (?P<title>['‘“«„].+)",
        ),
        p(
            "originally_published",
            true,
            r"(?:^|\s)(?:впервые|первоначально|изначально) (?:был[аио]? )?(?:опубликован[аоы]?|вышл[аио]|вышел|появил(?:ась|ся|ось|ись))(?: на (?P<lang>\p{L}+) языке)? (?:на|в|во|у|изданием|сайтом|порталом|агентством|газетой|журналом) (?P<rest>.+)",
        ),
        p(
            "originally_published",
            true,
            r"(?:^|\s)(?:опубликован[аоы]?|вышл[аио]|вышел) (?:впервые|первоначально|изначально)(?: на (?P<lang>\p{L}+) языке)? (?:на|в|во|изданием|сайтом|порталом) (?P<rest>.+)",
        ),
        p(
            "republished_with_permission",
            true,
            r"(?:^|\s)(?:публикуется|перепечатано|перепечатан[аы]?|опубликовано|публикуем|печатается) с (?:любезного )?(?:разрешения|согласия) (?P<rest>.+)",
        ),
        p(
            "translated_from",
            true,
            r"(?:^|\s)(?:перевод(?: статьи| материала| текста)?|переведено|переведена|переведен|переведён) с (?P<lang>\p{L}+)(?: языка)?",
        ),
        p("source", false, r"^источники?\s*:\s*(?P<rest>.+)"),
        p(
            "original",
            false,
            r"^оригинал(?: статьи| материала| текста| публикации)?(?: на (?P<lang>\p{L}+)(?: языке)?)?\s*:\s*(?P<rest>.+)",
        ),
        p(
            "read_more",
            false,
            r"^(?:подробнее|читайте (?:полностью|далее|подробнее|продолжение)|читать (?:полностью|далее)|полная версия(?: статьи| материала)?(?: доступна)?|полный текст(?: статьи)?(?: читайте)?) (?:на|в) (?P<rest>.+)",
        ),
        p(
            "read_more",
            false,
            r"^подробнее\s*:\s*(?P<rest>https?://.+)",
        ),
    ]
}

fn german() -> Vec<Pattern> {
    vec![
        p(
            "version_title",
            true,
            r"\bdie (?P<lang>\p{L}+) (?:version|fassung|originalfassung) (?:erschien|wurde)(?: (?:zuerst |ursprünglich )?(?:bei|in|im|auf) (?P<rest>.+?))? unter dem titel (?P<title>['‘“«„].+)",
        ),
        p(
            "originally_published",
            true,
            r"\berschien (?:zuerst|ursprünglich|erstmals|zunächst)(?: auf (?P<lang>\p{L}+))? (?:bei|beim|in|im|auf|unter) (?P<rest>.+)",
        ),
        // German puts the verb last: "wurde zuerst in X veröffentlicht", not "wurde zuerst in X gewählt".
        p(
            "originally_published",
            true,
            r"\b(?:ist|wurde|war) (?:zuerst|ursprünglich|erstmals|zunächst)(?: auf (?P<lang>\p{L}+))? (?:bei|in|im|auf|von|unter) (?P<rest>.+?) (?:veröffentlicht|erschienen|publiziert)\b",
        ),
        p(
            "originally_published",
            true,
            r"\b(?:zuerst|ursprünglich|erstmals) (?:erschienen|veröffentlicht|publiziert) (?:bei|in|im|auf|von) (?P<rest>.+)",
        ),
        p(
            "originally_published",
            false,
            r"^erstveröffentlichung\s*:\s*(?P<rest>.+)",
        ),
        p(
            "republished_with_permission",
            false,
            r"^(?:(?:nachdruck|veröffentlichung|wiedergabe|übernahme|abdruck|zweitveröffentlichung) )?mit (?:freundlicher )?(?:genehmigung|erlaubnis) (?:von |der |des |vom )(?P<rest>.+)",
        ),
        p(
            "translated_from",
            true,
            r"\b(?:übersetzt|übersetzung|übertragen|übertragung) aus dem (?P<lang>\p{L}+)",
        ),
        p(
            "translated_from",
            true,
            r"\baus dem (?P<lang>\p{L}+) (?:übersetzt|übertragen)",
        ),
        p("source", false, r"^quellen?\s*:\s*(?P<rest>.+)"),
        p(
            "read_more",
            false,
            r"^(?:mehr|weiterlesen|lesen sie (?:mehr|weiter|den ganzen artikel|den vollständigen artikel)|den (?:ganzen|vollständigen) (?:artikel|text) lesen sie|der vollständige (?:artikel|text) (?:ist )?(?:erschien )?) (?:bei|auf|unter|in|im) (?P<rest>.+)",
        ),
    ]
}

fn french() -> Vec<Pattern> {
    vec![
        p(
            "version_title",
            true,
            r"\bla version (?P<lang>\p{L}+) (?:a été|était|est) (?:d['’]abord |initialement )?publiée(?: (?:sur|dans|par) (?P<rest>.+?))? sous le titre (?P<title>['‘“«„].+)",
        ),
        p(
            "originally_published",
            true,
            r"\b(?:publié|publiée|publiés|paru|parue|parus) (?:initialement|originellement|originalement|à l['’]origine|d['’]abord|pour la première fois|en premier)(?: en (?P<lang>\p{L}+))? (?:sur|dans|par|chez) (?P<rest>.+)",
        ),
        p(
            "originally_published",
            true,
            r"\b(?:initialement|originellement|d['’]abord) (?:publié|publiée|paru|parue) (?:sur|dans|par|chez) (?P<rest>.+)",
        ),
        p(
            "republished_with_permission",
            true,
            r"\b(?:republié|republiée|reproduit|reproduite|publié|publiée) avec l['’](?:aimable )?(?:autorisation|permission) (?:de |du |des |d['’])(?P<rest>.+)",
        ),
        p(
            "translated_from",
            true,
            r"\b(?:tradui(?:t|te|ts|tes)|traduction) (?:de l['’]|du |de la |des |de )(?P<lang>\p{L}+)",
        ),
        p(
            "read_more",
            false,
            r"^(?:lire la suite|lisez la suite|lire l['’]article(?: complet)?|retrouvez l['’]article(?: complet)?|l['’]article complet est à lire) (?:sur|dans|chez) (?P<rest>.+)",
        ),
    ]
}

fn spanish() -> Vec<Pattern> {
    vec![
        p(
            "version_title",
            true,
            r"\bla versión en (?P<lang>\p{L}+) (?:fue|se) publicada?(?: (?:originalmente |primero )?(?:en|por) (?P<rest>.+?))? con el título (?P<title>['‘“«„].+)",
        ),
        p(
            "originally_published",
            true,
            r"\b(?:publicad[oa]s?|aparecid[oa]|apareció) (?:originalmente|originariamente|inicialmente|por primera vez|primero)(?: en (?P<lang>\p{L}+))? (?:en|por) (?P<rest>.+)",
        ),
        p(
            "originally_published",
            true,
            r"\b(?:originalmente|inicialmente|originariamente) (?:publicad[oa]|apareció) (?:en|por) (?P<rest>.+)",
        ),
        p(
            "republished_with_permission",
            true,
            r"\b(?:reproducid[oa]|republicad[oa]|publicad[oa]) con (?:el )?(?:permiso|autorización) (?:de|del) (?P<rest>.+)",
        ),
        p(
            "translated_from",
            true,
            r"\b(?:traducid[oa]s?|traducción) del? (?P<lang>\p{L}+)",
        ),
        p("source", false, r"^fuentes?\s*:\s*(?P<rest>.+)"),
        p(
            "read_more",
            false,
            r"^(?:lee|leer|lea) (?:más|el artículo completo|la nota completa|el texto completo|la noticia completa) en (?P<rest>.+)",
        ),
    ]
}
