//! Which side is the source: the earlier publication date; without dates, what the texts claim;
//! then the order the store saw them in. An excerpt comes from the longer text.

use super::Side;
use crate::model::Relation;
use std::cmp::Ordering;

/// Returns (a is the source, how that was decided in words).
pub fn decide(relation: Relation, a: &Side, b: &Side, a_longer: bool) -> (bool, String) {
    if relation == Relation::Excerpt {
        return (a_longer, "the excerpt comes from the longer text".into());
    }
    if let (Some(pa), Some(pb)) = (a.meta.published, b.meta.published) {
        match pa.compare(pb) {
            Ordering::Less => {
                return (
                    true,
                    format!(
                        "published earlier ({} < {})",
                        pa.to_stored(),
                        pb.to_stored()
                    ),
                );
            }
            Ordering::Greater => {
                return (
                    false,
                    format!(
                        "published earlier ({} < {})",
                        pb.to_stored(),
                        pa.to_stored()
                    ),
                );
            }
            Ordering::Equal => {}
        }
    }
    match (a.meta.claims_derived, b.meta.claims_derived) {
        (true, false) => return (false, "the new text says it comes from elsewhere".into()),
        (false, true) => return (true, "the stored text says it comes from elsewhere".into()),
        _ => {}
    }
    // The store saw the stored side before the new one.
    (
        a.meta.stored && !b.meta.stored,
        "no dates or claims decide it: the one seen first".into(),
    )
}
