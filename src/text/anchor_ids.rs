//! Anchors hashed for the matchers. A registration looks up the document frequency of every
//! anchor of its text and of each candidate, and compares anchor sets pair by pair: keyed by
//! strings, that was hashing and comparing the same strings again and again (a fifth of the
//! deciding thread). Each anchor is hashed once, when its text is analyzed or read back.

use super::anchors::SCORING_ONLY;
use xxhash_rust::xxh3::xxh3_64;

/// An anchor key's 64-bit hash (xxh3): two keys of a million-version store collide with
/// probability about 1 in 10^7, and a collision only blurs one frequency.
pub type AnchorId = u64;

pub fn anchor_id(key: &str) -> AnchorId {
    xxh3_64(key.as_bytes())
}

fn kind(key: &str) -> &str {
    key.split(':').next().unwrap_or("")
}

/// A text's anchors as the matchers read them; positions point into `Analysis::anchors`.
#[derive(Debug, Clone, Default)]
pub struct AnchorIds {
    /// The indexed anchors (all but the scoring-only names), in the text's order.
    pub indexed: Vec<AnchorId>,
    /// The anchors the translation score compares (no structure, name forms or dates), with
    /// their positions, ordered by id: two texts' shared anchors are a merge of two lists.
    pub content: Vec<(AnchorId, u32)>,
    /// How many of `content` are numbers.
    pub numbers: usize,
    /// Positions of the names' whole Latin forms (`w:` keys), for Jaro–Winkler.
    pub names: Vec<u32>,
}

impl AnchorIds {
    pub fn new(anchors: &[String]) -> AnchorIds {
        let mut out = AnchorIds::default();
        for (i, key) in anchors.iter().enumerate() {
            if key.starts_with(SCORING_ONLY) {
                out.names.push(i as u32);
                continue;
            }
            let id = anchor_id(key);
            out.indexed.push(id);
            match kind(key) {
                "s" | "d" => {}
                k => {
                    out.content.push((id, i as u32));
                    out.numbers += usize::from(k == "n");
                }
            }
        }
        out.content.sort_unstable();
        out
    }
}

/// Whether the anchor is a number.
pub fn is_number(key: &str) -> bool {
    kind(key) == "n"
}

/// The entries of `a` whose id `b` has too; both lists ordered by id.
pub fn shared(a: &[(AnchorId, u32)], b: &[(AnchorId, u32)]) -> Vec<(AnchorId, u32)> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_leaves_out_structure_dates_and_name_forms() {
        let anchors: Vec<String> = [
            "n:2031",
            "p:pashi",
            "w:pashinyan",
            "d:5-20",
            "s:12:x3",
            "a:nato",
        ]
        .map(String::from)
        .to_vec();
        let ids = AnchorIds::new(&anchors);
        assert_eq!(ids.indexed.len(), 5, "all but the name form are indexed");
        let mut content: Vec<&str> = ids
            .content
            .iter()
            .map(|&(_, i)| anchors[i as usize].as_str())
            .collect();
        content.sort_unstable();
        assert_eq!(content, ["a:nato", "n:2031", "p:pashi"]);
        assert_eq!(ids.numbers, 1);
        assert_eq!(ids.names, [2]);
        assert!(ids.content.is_sorted());
    }

    #[test]
    fn shared_pairs_the_same_keys() {
        let a: Vec<String> = ["n:7", "p:halla", "u:x.example"].map(String::from).to_vec();
        let b: Vec<String> = ["u:x.example", "p:other", "n:7"].map(String::from).to_vec();
        let (x, y) = (AnchorIds::new(&a), AnchorIds::new(&b));
        let mut keys: Vec<&str> = shared(&x.content, &y.content)
            .into_iter()
            .map(|(_, i)| a[i as usize].as_str())
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["n:7", "u:x.example"]);
    }
}
