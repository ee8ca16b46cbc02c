//! Measuring the matcher on labeled data: precision, recall and F1 of same-work pairs.

pub mod republications;
pub mod translations;
pub mod variants;
