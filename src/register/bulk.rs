//! Bulk registration: a batch of versions per SQLite transaction, prepared (checked and
//! analyzed) on other threads a batch ahead. Versions that need only the matcher are decided
//! in memory against one read of the store's indexes for a run of them and written together,
//! one statement per table; versions that make claims, may fill a stub or are already known
//! take the store path (`register_prepared`), after what the batch holds so far is written.
//! A version that fails its checks is rejected before anything of it is written, and the batch
//! goes on; a failing store ends the batch, and nothing of it is kept.

use super::fast::Run;
use super::pending::Pending;
use super::{Prepared, Registered, prepare, register_prepared};
use crate::error::Result;
use crate::ingest::Document;
use crate::store::{self, Store};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

/// Outlets' learned boilerplate as the last batch read it, by outlet name: what preparing
/// threads analyze the next versions with (the writer analyzes again if it changed since).
pub type SharedLearned = Arc<RwLock<HashMap<String, Arc<HashSet<u64>>>>>;

/// Versions per transaction: a commit's cost (WAL append, full-text index flush) is spread
/// over this many, and what a batch holds in memory stays bounded.
const BATCH: usize = 256;
/// Versions whose candidates one reading of the store's indexes serves: the posting lists it
/// holds grow with the store (up to their caps), so a run is shorter than a batch.
const RUN: usize = 64;

pub struct Bulk<'s> {
    store: &'s Store,
    learned: SharedLearned,
}

impl<'s> Bulk<'s> {
    pub fn new(store: &'s Store) -> Bulk<'s> {
        Bulk {
            store,
            learned: SharedLearned::default(),
        }
    }

    /// Registers documents in order, a batch per transaction, while other threads prepare the
    /// next batch. `each` gets every document's result with the tag it came with (a line
    /// number, say); an item that is already an error is passed through.
    pub async fn register_all<T, I>(
        &mut self,
        docs: I,
        mut each: impl FnMut(T, Result<Registered>),
    ) -> Result<()>
    where
        T: Send + 'static,
        I: Iterator<Item = (T, Result<Document>)> + Send + 'static,
    {
        let (sender, mut batches) = tokio::sync::mpsc::channel::<Vec<(T, Result<Prepared>)>>(2);
        let learned = self.learned.clone();
        let feeder = std::thread::spawn(move || {
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
            let mut docs = docs;
            loop {
                let chunk: Vec<_> = docs.by_ref().take(BATCH).collect();
                if chunk.is_empty()
                    || sender
                        .blocking_send(prepare_all(chunk, &learned, threads))
                        .is_err()
                {
                    break;
                }
            }
        });
        let checkpoints = self.store.checkpointer().await?;
        let mut failed = None;
        while let Some(batch) = batches.recv().await {
            let (tags, prepared): (Vec<T>, Vec<_>) = batch.into_iter().unzip();
            match self.register_batch(prepared).await {
                Ok(results) => {
                    checkpoints.copy_back();
                    tags.into_iter().zip(results).for_each(|(t, r)| each(t, r))
                }
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        // Stops the feeder if the writer stopped first.
        drop(batches);
        checkpoints.finish().await;
        feeder.join().expect("the preparing thread does not panic");
        failed.map_or(Ok(()), Err)
    }

    /// Registers a batch in order and commits it. Versions that could not be prepared keep
    /// their error; the outer error is the store failing (nothing of the batch is kept then).
    async fn register_batch(
        &mut self,
        batch: Vec<Result<Prepared>>,
    ) -> Result<Vec<Result<Registered>>> {
        let mut tx = self.store.begin_immediate().await?;
        let mut out: Vec<Option<Result<Registered>>> = Vec::with_capacity(batch.len());
        let mut docs: Vec<(usize, Prepared)> = Vec::new();
        for (i, p) in batch.into_iter().enumerate() {
            match p {
                Ok(p) => {
                    out.push(None);
                    docs.push((i, p));
                }
                Err(e) => out.push(Some(Err(e))),
            }
        }
        let mut pending = Pending::default();
        let mut run: Option<(Run, usize)> = None;
        let mut docs = docs.into_iter().map(Some).collect::<Vec<_>>();
        let mut k = 0;
        while k < docs.len() {
            if run.as_ref().is_none_or(|(_, end)| k >= *end) {
                if pending.partly_written() {
                    pending.write(&mut tx, &store::now()).await?;
                    pending = Pending::default();
                }
                let end = docs.len().min(k + RUN);
                let mut these: Vec<&mut Prepared> =
                    docs[k..end].iter_mut().flatten().map(|(_, p)| p).collect();
                let loaded = Run::load(&mut tx, &mut these).await?;
                self.share_learned(&loaded);
                run = Some((loaded, end));
            }
            let (i, mut p) = docs[k].take().expect("each version is taken once");
            k += 1;
            if let Some((fast, _)) = run.as_mut()
                && !fast.needs_store(&p, &pending)
            {
                match fast.register(&mut tx, p, &mut pending).await? {
                    Ok(r) => {
                        out[i] = Some(Ok(r));
                        continue;
                    }
                    Err(back) => p = back,
                }
            }
            // The store path reads the store: the batch so far must be in it.
            pending.write(&mut tx, &store::now()).await?;
            // Checked when prepared, a version fails on the store path only when the store
            // does: that ends the batch, and nothing of it is kept.
            let r = register_prepared(&mut tx, p).await?;
            // It wrote: what the run read is out of date, and the next ids taken.
            if !r.existing {
                pending = Pending::default();
                run = None;
            }
            out[i] = Some(Ok(r));
        }
        pending.write(&mut tx, &store::now()).await?;
        tx.commit().await?;
        Ok(out
            .into_iter()
            .map(|r| r.expect("every version has a result"))
            .collect())
    }

    fn share_learned(&self, run: &Run) {
        let mut shared = self.learned.write().expect("not poisoned");
        for (name, learned) in run.learned() {
            shared.insert(name.to_string(), Arc::new(learned.clone()));
        }
    }
}

/// Prepares a chunk of documents on up to `threads` threads, keeping their order.
fn prepare_all<T: Send>(
    chunk: Vec<(T, Result<Document>)>,
    learned: &SharedLearned,
    threads: usize,
) -> Vec<(T, Result<Prepared>)> {
    let one = |(tag, doc): (T, Result<Document>)| {
        let prepared = doc.and_then(|d| {
            let known = d
                .outlet
                .as_deref()
                .and_then(|o| learned.read().expect("not poisoned").get(o.trim()).cloned());
            prepare(d, known.as_deref().unwrap_or(&HashSet::new()))
        });
        (tag, prepared)
    };
    if threads <= 1 || chunk.len() < 2 {
        return chunk.into_iter().map(one).collect();
    }
    let size = chunk.len().div_ceil(threads);
    let mut parts: Vec<Vec<(T, Result<Document>)>> = Vec::new();
    let mut rest = chunk.into_iter();
    loop {
        let part: Vec<_> = rest.by_ref().take(size).collect();
        if part.is_empty() {
            break;
        }
        parts.push(part);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || part.into_iter().map(one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("preparing does not panic"))
            .collect()
    })
}
