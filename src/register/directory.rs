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
        self.known.push(resolve::KnownOutlet {
            outlet_id: id,
            keys: vec![resolve::outlet_key(name)],
        });
        self.names.insert(id, name.to_string());
        self.ids.insert(name.to_ascii_lowercase(), id);
        if let Some(d) = domain {
            self.domains.entry(d.to_string()).or_insert(id);
        }
    }

    pub fn alias(&mut self, id: i64, alias: &str) {
        self.known.push(resolve::KnownOutlet {
            outlet_id: id,
            keys: vec![resolve::outlet_key(alias)],
        });
        self.aliases.entry(alias.to_ascii_lowercase()).or_insert(id);
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

    pub fn resolve(&self, name: &str) -> Option<i64> {
        resolve::resolve(name, &self.known)
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
