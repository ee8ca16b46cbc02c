//! Stored candidates' prints as earlier runs of the same import decoded them. On the
//! translation set a stored version is read as a candidate about five times (19,362 readings
//! of 3,693 versions): each reading fetched its print (the shingles and the analysis, spanning
//! overflow pages) and decoded it again.
//!
//! A print never changes once written (versions are never deleted; a stub gets its first and
//! only print when filled, and stubs are not candidates), so what is kept stays right whoever
//! writes the store. Only the check against the boilerplate its outlet has learned since is
//! made again at each reading (`Lookup::load_stored`).

use crate::text::Analysis;
use rustc_hash::FxHashMap as HashMap;
use std::collections::VecDeque;
use std::sync::Arc;

/// Prints kept at most (~15 KB each for a news article): the oldest kept goes first.
const KEPT_MAX: usize = 2048;

/// A stored print, decoded.
pub(crate) struct Decoded {
    pub analysis: Arc<Analysis>,
    /// Hashes of its lines and which of them the stored analysis left out as boilerplate.
    pub lines: Vec<u64>,
    pub stripped: i64,
}

#[derive(Default)]
pub(crate) struct Prints {
    by_id: HashMap<i64, Arc<Decoded>>,
    /// Ids in the order they were kept.
    order: VecDeque<i64>,
}

impl Prints {
    pub fn get(&self, id: i64) -> Option<Arc<Decoded>> {
        self.by_id.get(&id).cloned()
    }

    pub fn contains(&self, id: i64) -> bool {
        self.by_id.contains_key(&id)
    }

    pub fn keep(&mut self, id: i64, print: Arc<Decoded>) {
        if self.by_id.insert(id, print).is_none() {
            self.order.push_back(id);
        }
        while self.order.len() > KEPT_MAX {
            let oldest = self.order.pop_front().expect("not empty");
            self.by_id.remove(&oldest);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(words: usize) -> Arc<Decoded> {
        Arc::new(Decoded {
            analysis: Arc::new(Analysis {
                word_count: words,
                ..Analysis::default()
            }),
            lines: vec![1, 2],
            stripped: 0,
        })
    }

    #[test]
    fn keeps_the_latest_up_to_the_limit() {
        let mut prints = Prints::default();
        for id in 0..(KEPT_MAX as i64 + 10) {
            prints.keep(id, print(id as usize));
        }
        assert!(!prints.contains(9), "the oldest went first");
        assert!(prints.contains(10));
        let last = KEPT_MAX as i64 + 9;
        assert_eq!(prints.get(last).unwrap().analysis.word_count, last as usize);
        // Keeping one again neither duplicates it nor pushes another out.
        prints.keep(last, print(1));
        assert!(prints.contains(10));
        assert_eq!(prints.by_id.len(), KEPT_MAX);
        assert_eq!(prints.order.len(), KEPT_MAX);
    }
}
