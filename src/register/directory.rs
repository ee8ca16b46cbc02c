//! The store's outlets in memory, for resolving the names claims use during a bulk batch:
//! the same answers as `outlets::id_by_name`, `id_by_domain` and `claims::resolve` give from
//! the store, kept up to date with the outlets and aliases the batch adds.

use crate::claims::{Claim, resolve, target::looks_like_domain};
use crate::error::Result;
use crate::store::{Conn, outlets};
use std::collections::HashMap;

#[derive(Default)]
pub(crate) struct Directory {
    known: Vec<resolve::KnownOutlet>,
    /// The same keys, each to the outlet added last with it: the one `resolve::resolve`
    /// picks when a name's key is one of them (no other key is as similar).
    exact: HashMap<String, i64>,
    names: HashMap<i64, String>,
    /// Names and aliases, folded as the store compares them; a name wins over an alias.
    ids: HashMap<String, i64>,
    aliases: HashMap<String, i64>,
    domains: HashMap<String, i64>,
}

impl Directory {
    pub async fn load(conn: &mut Conn) -> Result<Directory> {
        let mut d = Directory::default();
        for (id, name, domain, aliases) in outlets::directory(conn).await? {
            d.add(id, &name, domain.as_deref());
            for a in aliases {
                d.alias(id, &a);
            }
        }
        Ok(d)
    }

    pub fn add(&mut self, id: i64, name: &str, domain: Option<&str>) {
        self.know(id, name);
        self.names.insert(id, name.to_string());
        self.ids.insert(name.to_ascii_lowercase(), id);
        if let Some(d) = domain {
            self.domains.entry(d.to_string()).or_insert(id);
        }
    }

    pub fn alias(&mut self, id: i64, alias: &str) {
        self.know(id, alias);
        self.aliases.entry(alias.to_ascii_lowercase()).or_insert(id);
    }

    fn know(&mut self, id: i64, name: &str) {
        let key = resolve::outlet_key(name);
        if !key.is_empty() {
            self.exact.insert(key.clone(), id);
        }
        self.known.push(resolve::KnownOutlet {
            outlet_id: id,
            keys: vec![key],
        });
    }

    pub fn name(&self, id: i64) -> Option<&str> {
        self.names.get(&id).map(String::as_str)
    }

    /// The outlet with this name or alias, as `outlets::id_by_name` finds it.
    pub fn id_by_name(&self, name: &str) -> Option<i64> {
        let folded = name.to_ascii_lowercase();
        self.ids
            .get(&folded)
            .or_else(|| self.aliases.get(&folded))
            .copied()
    }

    /// The known outlet a name most likely means (`resolve::resolve`). A name that is an
    /// outlet's key is looked up, not compared with every outlet's (Jaro–Winkler against each
    /// was ~1/40 of a bulk import's instructions).
    pub fn resolve(&self, name: &str) -> Option<i64> {
        let exact = self.exact.get(&resolve::outlet_key(name)).copied();
        exact.or_else(|| resolve::resolve(name, &self.known))
    }

    /// The known outlet a claim names: by domain for a domain or URL, else by name, fuzzily.
    pub fn outlet_of(&self, claim: &Claim) -> Option<i64> {
        if let Some(name) = claim.outlet.as_deref() {
            if looks_like_domain(name) {
                let domain = name.to_ascii_lowercase();
                if let Some(&id) = self.domains.get(domain.trim_start_matches("www.")) {
                    return Some(id);
                }
            }
            return self.resolve(name);
        }
        let domain = claim.url.as_deref().and_then(super::domain_of)?;
        self.domains.get(&domain).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lookup by key answers as comparing with every outlet does, ties included.
    #[test]
    fn resolves_names_as_the_claims_resolver() {
        let mut d = Directory::default();
        d.add(1, "Caspian Herald", None);
        d.add(2, "Baltic Wire", Some("balticwire.example"));
        d.alias(2, "Caspian  HERALD");
        d.add(3, "Каспийский вестник", None);
        for name in [
            "Caspian Herald",
            "caspian herald",
            "Caspian Heralds",
            "Baltic Wire",
            "Kaspiyskiy Vestnik",
            "Unknown Daily",
            "",
        ] {
            assert_eq!(
                d.resolve(name),
                resolve::resolve(name, &d.known),
                "{name:?}"
            );
        }
        assert_eq!(d.resolve("caspian herald"), Some(2), "the last one added");
    }
}
