//! Provenance claims: what sentences in five languages claim (and what only looks like a
//! claim), `provtrack claims`, and stubs for versions known only from a claim.

mod common;
use common::*;
use provtrack::claims::extract;
use serde_json::Value;

/// (sentence, kind, outlet, language, title, url); kind "" means: no claim at all.
type Row = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

const TABLE: &[Row] = &[
    // English
    (
        "Originally published at The Conversation.",
        "originally_published",
        Some("The Conversation"),
        None,
        None,
        None,
    ),
    (
        "This article first appeared in Foreign Policy on 3 May 2024.",
        "originally_published",
        Some("Foreign Policy"),
        None,
        None,
        None,
    ),
    (
        "A version of this story was originally published by the Moscow-Baku information portal.",
        "originally_published",
        Some("Moscow-Baku information portal"),
        None,
        None,
        None,
    ),
    (
        "The analysis was first released in Russian at Kaspiy Vestnik.",
        "first_released",
        Some("Kaspiy Vestnik"),
        Some("ru"),
        None,
        None,
    ),
    (
        "Republished with permission from Eurasianet.",
        "republished_with_permission",
        Some("Eurasianet"),
        None,
        None,
        None,
    ),
    (
        "This article is republished from The Conversation under a Creative Commons license.",
        "republished_with_permission",
        Some("The Conversation"),
        None,
        None,
        None,
    ),
    (
        "Source: Caucasus Policy Review",
        "source",
        Some("Caucasus Policy Review"),
        None,
        None,
        None,
    ),
    (
        "Read more at https://kaspiy-vestnik.example/analytics/2024/03/11/tranzit",
        "read_more",
        None,
        None,
        None,
        Some("https://kaspiy-vestnik.example/analytics/2024/03/11/tranzit"),
    ),
    (
        "Read the full story at Baltic & Black Sea News.",
        "read_more",
        Some("Baltic & Black Sea News"),
        None,
        None,
        None,
    ),
    (
        "Translated from Russian by Anna Petrova.",
        "translated_from",
        None,
        Some("ru"),
        None,
        None,
    ),
    (
        "Translated from the German original published in Die Zeit.",
        "translated_from",
        Some("Die Zeit"),
        Some("de"),
        None,
        None,
    ),
    (
        "The Russian version was published at Kaspiy Vestnik under the title 'Каспийский транзит'.",
        "version_title",
        Some("Kaspiy Vestnik"),
        Some("ru"),
        Some("Каспийский транзит"),
        None,
    ),
    (
        "Caucasus Policy Review is publishing the original English-language version of this analysis.",
        "publishing_original",
        Some("Caucasus Policy Review"),
        Some("en"),
        None,
        None,
    ),
    (
        "It was originally posted on www.steppe-daily.example.",
        "originally_published",
        None,
        None,
        None,
        Some("https://www.steppe-daily.example"),
    ),
    (
        "He was first elected at the age of 30.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "The team walked to the source of the river in the mountains.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "Read more about the tunnel in our explainer.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "The study, first published in Nature, found a link.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "The law was translated from Latin centuries ago.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "Sources said the talks had stalled.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "Source: authors' calculations based on ministry data.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "The ferry first appeared on the route in 2019.",
        "",
        None,
        None,
        None,
        None,
    ),
    // Russian
    (
        "Впервые опубликовано на сайте «Каспийский вестник».",
        "originally_published",
        Some("Каспийский вестник"),
        None,
        None,
        None,
    ),
    (
        "Статья впервые опубликована в газете «Ведомости» 11 марта.",
        "originally_published",
        Some("Ведомости"),
        None,
        None,
        None,
    ),
    (
        "Источник: Интерфакс",
        "source",
        Some("Интерфакс"),
        None,
        None,
        None,
    ),
    (
        "Оригинал: https://caucasuspolicy.example/analysis/2024/03/14/transit",
        "original",
        None,
        None,
        None,
        Some("https://caucasuspolicy.example/analysis/2024/03/14/transit"),
    ),
    (
        "Перевод с английского.",
        "translated_from",
        None,
        Some("en"),
        None,
        None,
    ),
    (
        "Перевод с английского: Мария Иванова.",
        "translated_from",
        None,
        Some("en"),
        None,
        None,
    ),
    (
        "Материал впервые вышел на портале Moscow-Baku.",
        "originally_published",
        Some("Moscow-Baku"),
        None,
        None,
        None,
    ),
    (
        "Подробнее на сайте РИА Новости.",
        "read_more",
        Some("РИА Новости"),
        None,
        None,
        None,
    ),
    (
        "Публикуется с разрешения редакции «Эксперт».",
        "republished_with_permission",
        Some("Эксперт"),
        None,
        None,
        None,
    ),
    (
        "Английская версия статьи была опубликована в Caucasus Policy Review под названием «Caspian Transit».",
        "version_title",
        Some("Caucasus Policy Review"),
        Some("en"),
        Some("Caspian Transit"),
        None,
    ),
    (
        "Источник в правительстве сообщил, что переговоры продолжатся.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "Он впервые был избран депутатом в 2016 году.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "Перевод с карты на карту занимает минуту.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "Подробнее о тоннеле читайте ниже.",
        "",
        None,
        None,
        None,
        None,
    ),
    // German
    (
        "Dieser Artikel erschien zuerst bei Zeit Online.",
        "originally_published",
        Some("Zeit Online"),
        None,
        None,
        None,
    ),
    (
        "Der Beitrag wurde ursprünglich im Tagesspiegel veröffentlicht.",
        "originally_published",
        Some("Tagesspiegel"),
        None,
        None,
        None,
    ),
    (
        "Quelle: Deutsche Welle",
        "source",
        Some("Deutsche Welle"),
        None,
        None,
        None,
    ),
    (
        "Aus dem Englischen übersetzt von Jana Roth.",
        "translated_from",
        None,
        Some("en"),
        None,
        None,
    ),
    (
        "Zuerst erschienen auf netzpolitik.org.",
        "originally_published",
        Some("netzpolitik.org"),
        None,
        None,
        None,
    ),
    (
        "Mit freundlicher Genehmigung von Caucasus Policy Review.",
        "republished_with_permission",
        Some("Caucasus Policy Review"),
        None,
        None,
        None,
    ),
    (
        "Lesen Sie mehr bei der Süddeutschen Zeitung.",
        "read_more",
        Some("Süddeutschen Zeitung"),
        None,
        None,
        None,
    ),
    (
        "Die Quelle des Flusses liegt in den Alpen.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "Er wurde zuerst in den Stadtrat gewählt.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "Mehr zum Thema finden Sie hier.",
        "",
        None,
        None,
        None,
        None,
    ),
    // French
    (
        "Publié initialement sur Le Monde le 3 mars 2024.",
        "originally_published",
        Some("Le Monde"),
        None,
        None,
        None,
    ),
    (
        "Cet article a été publié à l'origine dans Libération.",
        "originally_published",
        Some("Libération"),
        None,
        None,
        None,
    ),
    (
        "Source : Agence France-Presse",
        "source",
        Some("Agence France-Presse"),
        None,
        None,
        None,
    ),
    (
        "Traduit de l'anglais par Claire Dubois.",
        "translated_from",
        None,
        Some("en"),
        None,
        None,
    ),
    (
        "Lire la suite sur Mediapart.",
        "read_more",
        Some("Mediapart"),
        None,
        None,
        None,
    ),
    (
        "Article reproduit avec l'aimable autorisation de Courrier international.",
        "republished_with_permission",
        Some("Courrier international"),
        None,
        None,
        None,
    ),
    // "du" ends a name only where no capitalized word follows it.
    (
        "Publié initialement dans Le Courrier du Nord le 2 mars 2024.",
        "originally_published",
        Some("Le Courrier du Nord"),
        None,
        None,
        None,
    ),
    // "permission" is also an English trigger word: the French formulas must still be tried.
    (
        "Reproduit avec l’aimable permission de Courrier international.",
        "republished_with_permission",
        Some("Courrier international"),
        None,
        None,
        None,
    ),
    (
        "La version russe a été publiée sur Kaspiy Vestnik sous le titre « Каспийский транзит ».",
        "version_title",
        Some("Kaspiy Vestnik"),
        Some("ru"),
        Some("Каспийский транзит"),
        None,
    ),
    (
        "La source de la rivière se trouve dans les Alpes.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "Il a été élu pour la première fois en 2012.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "Lire la suite du dossier demain.",
        "",
        None,
        None,
        None,
        None,
    ),
    // Spanish
    (
        "Publicado originalmente en El País.",
        "originally_published",
        Some("El País"),
        None,
        None,
        None,
    ),
    (
        "Este artículo apareció por primera vez en elDiario.es.",
        "originally_published",
        Some("elDiario.es"),
        None,
        None,
        None,
    ),
    (
        "Fuente: Agencia EFE",
        "source",
        Some("Agencia EFE"),
        None,
        None,
        None,
    ),
    (
        "Traducido del inglés por Lucía Gómez.",
        "translated_from",
        None,
        Some("en"),
        None,
        None,
    ),
    (
        "Lee más en Infobae.",
        "read_more",
        Some("Infobae"),
        None,
        None,
        None,
    ),
    (
        "Reproducido con permiso de Nueva Sociedad.",
        "republished_with_permission",
        Some("Nueva Sociedad"),
        None,
        None,
        None,
    ),
    (
        "La versión en ruso fue publicada en Kaspiy Vestnik con el título «Каспийский транзит».",
        "version_title",
        Some("Kaspiy Vestnik"),
        Some("ru"),
        Some("Каспийский транзит"),
        None,
    ),
    (
        "La fuente del río está en los Andes.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "Fue elegido por primera vez en 2010.",
        "",
        None,
        None,
        None,
        None,
    ),
    (
        "Lee más sobre el túnel en nuestra web.",
        "",
        None,
        None,
        None,
        None,
    ),
];

#[test]
fn claim_table_in_five_languages() {
    assert!(TABLE.len() >= 40);
    let mut failures = Vec::new();
    for &(sentence, kind, outlet, language, title, url) in TABLE {
        let found = extract(sentence);
        if kind.is_empty() {
            if !found.is_empty() {
                failures.push(format!("{sentence:?}: expected no claim, got {found:?}"));
            }
            continue;
        }
        let hit = found.iter().any(|c| {
            c.kind == kind
                && c.outlet.as_deref() == outlet
                && c.language.as_deref() == language
                && c.title.as_deref() == title
                && c.url.as_deref() == url
        });
        if !hit {
            failures.push(format!(
                "{sentence:?}: expected {kind} {outlet:?} {language:?} {title:?} {url:?}, got {found:?}"
            ));
        }
        assert!(found.iter().all(|c| c.sentence == sentence));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn add(store: &TestStore, file: &str, outlet: &str, date: &str) {
    let path = fixture(&format!("claims/{file}"));
    store
        .cmd(&[
            "add",
            path.to_str().unwrap(),
            "--outlet",
            outlet,
            "--published",
            date,
        ])
        .assert()
        .success();
}

/// The German, English and Spanish translations, each naming the Russian original's outlet in
/// its own words.
fn add_three_translations(store: &TestStore) {
    add(
        store,
        "de-translation.txt",
        "Kaukasus Rundschau",
        "2024-06-05",
    );
    add(store, "en-translation.txt", "Caspian Courier", "2024-06-06");
    add(store, "es-translation.txt", "Eurasia Hoy", "2024-06-07");
}

#[test]
fn claims_command_lists_what_a_text_claims_with_its_sentence() {
    let store = TestStore::new();
    add(
        &store,
        "en-translation.txt",
        "Caspian Courier",
        "2024-06-06",
    );
    let out = store.json(&["claims", "Baku's tram"]);
    let claims = out["claims"].as_array().unwrap();
    let first = claims
        .iter()
        .find(|c| c["kind"] == "originally_published")
        .expect("the first-published claim");
    assert_eq!(first["language"], "ru");
    assert_eq!(first["outlet_wording"], "Moscow-Baku information portal");
    assert_eq!(
        first["sentence"],
        "This article was first published in Russian by the Moscow-Baku information portal."
    );
    assert_eq!(first["target_stub"], true, "{out:#}");
    assert!(claims.iter().any(|c| c["kind"] == "translated_from"));
    let table = store.cmd(&["claims", "Baku's tram"]).output().unwrap();
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("[stub]"), "{text}");
    assert!(text.contains("first published"), "{text}");
}

/// Translations in three languages name the Russian outlet in their own words before its text
/// is known; the Russian text then fills the stub and every translation leads to it.
#[test]
fn translations_in_three_languages_find_the_russian_original() {
    let store = TestStore::new();
    add_three_translations(&store);
    let before = store.json(&["origin", "Bakus Straßenbahn"]);
    assert_eq!(before["origin"]["stub"], true, "{before:#}");
    assert_eq!(before["origin"]["language"], "ru");
    assert_eq!(
        before["origin"]["title"],
        "Бакинский трамвай вернётся на улицы к 2027 году"
    );

    add(&store, "ru-original.txt", "Moscow-Baku", "2024-06-03");
    for title in ["Bakus Straßenbahn", "Baku's tram", "El tranvía de Bakú"] {
        let origin = store.json(&["origin", title]);
        assert_eq!(
            origin["origin"]["outlet"], "Moscow-Baku",
            "{title}: {origin:#}"
        );
        assert_eq!(origin["origin"]["stub"], false, "{title}: {origin:#}");
        assert_eq!(origin["path"][0]["relation"], "translation");
        assert!(
            origin["basis"]
                .as_str()
                .unwrap()
                .contains("the text says so")
        );
    }
    // The claims' own wordings are now aliases of the outlet.
    let outlets = store.json(&["outlets"]);
    let mb = outlets
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Moscow-Baku")
        .expect("outlet Moscow-Baku");
    assert!(!mb["aliases"].as_array().unwrap().is_empty(), "{mb:#}");
    let claims = store.json(&["claims", "Bakus Straßenbahn"]);
    let named: Vec<&Value> = claims["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["outlet_wording"].is_string())
        .collect();
    assert!(!named.is_empty());
    assert!(
        named.iter().all(|c| c["outlet"] == "Moscow-Baku"),
        "{claims:#}"
    );
}

#[test]
fn read_more_makes_an_excerpt_of_the_named_outlet() {
    let store = TestStore::new();
    add(
        &store,
        "fr-brief.txt",
        "Le Courrier de la Caspienne",
        "2024-06-04",
    );
    let origin = store.json(&["origin", "Le tramway de Bakou"]);
    assert_eq!(origin["origin"]["stub"], true);
    assert_eq!(origin["origin"]["outlet"], "Moscow-Baku");
    assert_eq!(origin["path"][0]["relation"], "excerpt", "{origin:#}");
}

#[test]
fn a_claim_naming_the_texts_own_outlet_is_no_source() {
    let store = TestStore::new();
    let path = store.file(
        "own.txt",
        "Aktau opens a grain terminal\n\nThe port of Aktau opened a second grain terminal on Tuesday.\n\nOriginally published at Steppe Daily.\n"
            .as_bytes(),
    );
    store
        .cmd(&["add", path.to_str().unwrap(), "--outlet", "Steppe Daily"])
        .assert()
        .success();
    let origin = store.json(&["origin", "Aktau opens"]);
    assert_eq!(origin["path"].as_array().unwrap().len(), 1, "{origin:#}");
    assert_eq!(origin["unknown"], true);
    let claims = store.json(&["claims", "Aktau opens"]);
    assert_eq!(claims["claims"][0]["target_version_id"], Value::Null);
}

/// Search indexes what was registered since the last search, and a stub indexed before the
/// original filled it is found by the original's text afterwards (migration 0009).
#[test]
fn search_finds_a_stub_by_the_text_that_filled_it() {
    let store = TestStore::new();
    add_three_translations(&store);
    let hits = |words: &str| -> Vec<(i64, String)> {
        store.json(&["search", words])["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["version"]["version_id"].as_i64().unwrap(),
                    r["version"]["outlet"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // Indexes the English text and the stub of its Russian original (no text yet).
    assert_eq!(hits("tram").len(), 1);
    assert!(hits("Бильгях").is_empty());
    let stub = store.json(&["origin", "Baku's tram"])["origin"]["version_id"]
        .as_i64()
        .unwrap();

    add(&store, "ru-original.txt", "Moscow-Baku", "2024-06-03");
    assert_eq!(
        hits("Бильгях"),
        vec![(stub, "Moscow-Baku".to_string())],
        "the stub's version, found by the text that filled it"
    );
    assert_eq!(hits("tram").len(), 1);
}
