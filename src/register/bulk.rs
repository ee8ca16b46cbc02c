//! Bulk registration: a batch of versions per SQLite transaction, prepared (checked and
//! analyzed) on other threads a batch ahead, and written on a connection of its own while the
//! next batch is decided.
//!
//! A batch whose versions need only the matcher (and claims the batch can settle) is decided
//! in memory against one reading of the store per run of versions, plus the registrations of
//! the batch before it that the reading may not have yet (`Pending`), and handed to the
//! writer whole: one statement per table. A batch with a version that needs the store itself
//! (a stub to fill, a version already known, a claim naming a version only the store can find)
//! is registered after the one before it is stored, in one write transaction that takes the
//! store path (`register_prepared`) where needed. Ids continue from batch to batch; the writer
//! checks that no other connection wrote in between, and if one did, the batches decided
//! without seeing it are registered again the second way.
//!
//! A version that fails its checks is rejected before anything of it is written, and the batch
//! goes on; a failing store ends the import, and nothing of the batch is kept. Results are
//! reported once their batch is stored.

use super::fast::Run;
use super::lookup::Reanalyzed;
use super::pending::Pending;
use super::{Prepared, Registered, prepare, register_prepared};
use crate::error::{Error, Result};
use crate::ingest::Document;
use crate::store::{self, Checkpointer, Store, bulk::Rows};
use sqlx::pool::PoolConnection;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

/// Outlets' learned boilerplate as the last batch read it, by outlet name: what preparing
/// threads analyze the next versions with (the writer analyzes again if it changed since).
pub type SharedLearned = Arc<RwLock<HashMap<String, Arc<HashSet<u64>>>>>;

/// Versions per transaction: a commit's cost (the pages it dirtied appended to the log, once
/// however often the batch changed them) is spread over this many, and what a batch holds in
/// memory stays bounded. 5,000 texts into the 100k store took 2.09–2.43 s in batches of 256,
/// 1.85–2.02 s in 512 (peak 88 → 120 MB), 1.79–1.91 s in 1,024 for a peak of 175 MB
/// (BENCHMARKS.md, session 16).
pub const BATCH: usize = 512;
/// Text per batch, at most (a batch ends at the version that reaches it, or at `BATCH`): what
/// a batch holds in memory grows with its texts' length, ~40 times it. News-length texts fill
/// `BATCH` versions first. A feed of 1,500 long reads (~49 KB each) peaked at 970 MB in batches
/// of 512 versions; in ~21 (this bound) at 141 MB, in 10.0 s instead of 6.9 s (2 MiB: 189 MB,
/// 8.7 s).
pub const BATCH_TEXT: usize = 1 << 20;
/// Versions whose candidates one reading of the store's indexes serves (a batch's worth: the
/// posting lists read are capped, and a reading per 64 versions imported 10k versions in
/// 19.7 s instead of 17.1 s, the translation set in 14.9 s instead of 12.9 s).
const RUN: usize = BATCH;
/// The shortest run after a version that needed the store's path (see `RunLength`).
const MIN_RUN: usize = 8;

/// How many versions the next reading of the store serves. A version that needs the store's
/// path ends its run, and the versions read for after it are read again by the next run: the
/// 260 texts of `eval republications` (many with claims only the store can settle) had their
/// candidates read 10,851 times. After such a stop runs start short, twice as long as the
/// stretch decided before it, and double while they end without one.
struct RunLength(usize);

impl RunLength {
    fn get(&self) -> usize {
        self.0
    }

    /// The run ended at a version that needed the store, after `decided` versions.
    fn stopped(&mut self, decided: usize) {
        self.0 = (2 * decided).clamp(MIN_RUN, RUN);
    }

    fn completed(&mut self) {
        self.0 = (2 * self.0).min(RUN);
    }
}

pub struct Bulk<'s> {
    store: &'s Store,
    learned: SharedLearned,
    batch: usize,
}

/// A batch as it comes from the preparing threads: the tag of each version, those that failed
/// their checks, and the prepared ones, by position.
struct Batch<T> {
    tags: Vec<T>,
    failed: Vec<(usize, Error)>,
    docs: Vec<(usize, Prepared)>,
}

/// What `decide` made of a batch's versions, each with its place in the batch.
struct Decided {
    /// Decided in memory, or found already known.
    registered: Vec<(usize, Registered)>,
    /// Versions the batches not stored yet already have (lines repeated in the feed): each
    /// would otherwise end its run, and the rest of the run read the store again. They are
    /// registered once those batches are stored, and find their versions there.
    repeated: Vec<(usize, Prepared)>,
    /// From the first version that needs the store itself on.
    rest: Vec<(usize, Prepared)>,
}

/// A batch handed to the writer, its results kept until it is stored.
struct InFlight<T> {
    tags: Vec<T>,
    failed: Vec<(usize, Error)>,
    /// Versions of the batch stored before (around one that needed the store).
    stored: Vec<(usize, Registered)>,
    /// The versions being written, and their documents, to register them again should
    /// another connection write first.
    registered: Vec<(usize, Registered)>,
    docs: Vec<(usize, Prepared)>,
    task: tokio::task::JoinHandle<(Writer, Result<bool>)>,
}

/// The connection batches are written on, and what it knew of the store after its last
/// write: any other connection's write changes `PRAGMA data_version`.
struct Writer {
    conn: PoolConnection<sqlx::Sqlite>,
    seen: i64,
}

impl Writer {
    async fn new(store: &Store) -> Result<Writer> {
        let mut conn = store.conn().await?;
        let seen = store::data_version(&mut conn).await?;
        Ok(Writer { conn, seen })
    }

    /// Writes a batch decided in memory in one transaction; false (and nothing written) if
    /// another connection wrote since this one last did.
    async fn write(mut self, mut rows: Rows) -> (Writer, Result<bool>) {
        let written = self.try_write(&mut rows).await;
        (self, written)
    }

    async fn try_write(&mut self, rows: &mut Rows) -> Result<bool> {
        let mut tx = store::begin_immediate_on(&mut self.conn).await?;
        if store::data_version(&mut tx).await? != self.seen {
            tx.rollback().await?;
            return Ok(false);
        }
        store::bulk::write(&mut tx, rows, &store::now()).await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// What an import carries from batch to batch.
struct State<T> {
    reader: PoolConnection<sqlx::Sqlite>,
    /// None while a batch is being written on it.
    writer: Option<Writer>,
    pending: Pending,
    in_flight: Option<InFlight<T>>,
    checkpoints: Checkpointer,
    run: RunLength,
    reanalyzed: Reanalyzed,
}

impl<'s> Bulk<'s> {
    pub fn new(store: &'s Store) -> Bulk<'s> {
        Bulk {
            store,
            learned: SharedLearned::default(),
            batch: BATCH,
        }
    }

    /// Versions per batch (tests use small ones, so that a few versions cross batches).
    pub fn batch_size(mut self, versions: usize) -> Self {
        self.batch = versions.max(1);
        self
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
        let size = self.batch;
        let feeder = std::thread::spawn(move || {
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
            let mut docs = docs;
            loop {
                let chunk = next_batch(&mut docs, size, BATCH_TEXT);
                if chunk.is_empty()
                    || sender
                        .blocking_send(prepare_all(chunk, &learned, threads))
                        .is_err()
                {
                    break;
                }
            }
        });
        let mut state = State {
            reader: self.store.conn().await?,
            writer: Some(Writer::new(self.store).await?),
            pending: Pending::default(),
            in_flight: None,
            checkpoints: self.store.checkpointer().await?,
            run: RunLength(RUN),
            reanalyzed: Reanalyzed::default(),
        };
        let mut failed = None;
        while let Some(batch) = batches.recv().await {
            if let Err(e) = self.one_batch(split(batch), &mut state, &mut each).await {
                failed = Some(e);
                break;
            }
        }
        // The batch being written is reported (or fails) whatever happened since.
        let last = self.finish_write(&mut state, &mut each).await;
        if let (None, Err(e)) = (&failed, last) {
            failed = Some(e);
        }
        // Stops the feeder if the writer stopped first.
        drop(batches);
        state.checkpoints.finish().await;
        feeder.join().expect("the preparing thread does not panic");
        failed.map_or(Ok(()), Err)
    }

    /// Decides a batch while the one before is written, then hands it to the writer. A
    /// version that needs the store is registered in a write transaction with the versions
    /// decided before it, once the batch before is stored; the rest of the batch goes on.
    async fn one_batch<T: Send + 'static>(
        &mut self,
        batch: Batch<T>,
        state: &mut State<T>,
        each: &mut impl FnMut(T, Result<Registered>),
    ) -> Result<()> {
        let Batch {
            tags,
            failed,
            mut docs,
        } = batch;
        let mut stored = Vec::new();
        while !docs.is_empty() {
            let copy = docs.clone();
            let Decided {
                registered: decided,
                repeated,
                mut rest,
            } = self.decide(state, docs).await?;
            let before_stored = self.finish_write(state, each).await?;
            if before_stored && rest.is_empty() && repeated.is_empty() {
                let rows = state.pending.hand_over();
                let writer = state.writer.take().expect("the batch before is stored");
                state.in_flight = Some(InFlight {
                    tags,
                    failed,
                    stored,
                    registered: decided,
                    docs: copy,
                    task: tokio::spawn(writer.write(rows)),
                });
                return Ok(());
            }
            let pending = std::mem::take(&mut state.pending);
            let piece = if before_stored {
                // The repeated lines find their versions stored with the batch; they write
                // nothing, so the first version that needs the store can follow them.
                let mut now = repeated;
                if !rest.is_empty() {
                    now.push(rest.remove(0));
                }
                self.register_batch(state, pending, decided, now).await?
            } else {
                None
            };
            let written = match piece {
                Some(written) => {
                    docs = rest;
                    written
                }
                // What was decided read a store another connection has written since: again.
                None => {
                    docs = Vec::new();
                    self.register_batch(state, Pending::default(), Vec::new(), copy)
                        .await?
                        .expect("nothing was decided before")
                }
            };
            stored.extend(written);
        }
        report(tags, failed, stored, each);
        Ok(())
    }

    /// Decides a batch in memory, against a reading of the store per run and the batches not
    /// stored yet, up to the first version that needs the store itself.
    async fn decide<T>(
        &mut self,
        state: &mut State<T>,
        docs: Vec<(usize, Prepared)>,
    ) -> Result<Decided> {
        let pending = &mut state.pending;
        let mut out = Vec::with_capacity(docs.len());
        let mut repeated = Vec::new();
        let mut docs = docs.into_iter().peekable();
        while docs.peek().is_some() {
            let mut run: Vec<(usize, Prepared)> = docs.by_ref().take(state.run.get()).collect();
            let run_len = run.len();
            // One snapshot for the run: the batch being written is either in it or not.
            let mut read = sqlx::Connection::begin(&mut *state.reader).await?;
            let (stored_max, _, _) = store::versions::max_ids(&mut read).await?;
            pending.forget_stored(stored_max);
            let known = pending.take_known_df(stored_max);
            let mut these: Vec<&mut Prepared> = run.iter_mut().map(|(_, p)| p).collect();
            let reanalyzed = state.reanalyzed.clone();
            let mut loaded = Run::load(&mut read, &mut these, pending, known, reanalyzed).await?;
            self.share_learned(&loaded);
            let mut run = run.into_iter();
            while let Some((i, p)) = run.next() {
                if let Some((id, why)) = loaded.known(&p, pending) {
                    out.push((i, Run::existing(&mut read, id, why, pending).await?));
                    continue;
                }
                if loaded.repeats(&p, pending) {
                    repeated.push((i, p));
                    continue;
                }
                let back = if loaded.needs_store(&p, pending) {
                    p
                } else {
                    match loaded.register(&mut read, p, pending).await? {
                        Ok(r) => {
                            out.push((i, r));
                            continue;
                        }
                        Err(back) => back,
                    }
                };
                read.rollback().await?;
                state.run.stopped(run_len - run.len() - 1);
                let rest = std::iter::once((i, back)).chain(run).chain(docs).collect();
                return Ok(Decided {
                    registered: out,
                    repeated,
                    rest,
                });
            }
            read.rollback().await?;
            pending.keep_known_df(loaded.into_df(), stored_max);
            state.run.completed();
        }
        Ok(Decided {
            registered: out,
            repeated,
            rest: Vec::new(),
        })
    }

    /// Waits for the batch being written and reports it; if another connection wrote first,
    /// registers it again with the store's write lock held. False then: what was decided
    /// since read a store without it.
    async fn finish_write<T>(
        &mut self,
        state: &mut State<T>,
        each: &mut impl FnMut(T, Result<Registered>),
    ) -> Result<bool> {
        let Some(f) = state.in_flight.take() else {
            return Ok(true);
        };
        let (writer, written) = f.task.await.expect("the writer does not panic");
        state.writer = Some(writer);
        let mut stored = f.stored;
        let written = written?;
        if written {
            state.pending.forget_written();
            state.checkpoints.copy_back();
            stored.extend(f.registered);
        } else {
            state.pending = Pending::default();
            let again = self
                .register_batch(state, Pending::default(), Vec::new(), f.docs)
                .await?;
            stored.extend(again.expect("nothing was decided before"));
        }
        report(f.tags, f.failed, stored, each);
        Ok(written)
    }

    /// Registers `docs` in order in one write transaction on the writer's connection after
    /// `decided`, the versions before them decided in memory into `pending`: deciding in
    /// memory where it can and taking the store path where it must. None (and nothing
    /// written) if versions were decided before and another connection wrote since.
    async fn register_batch<T>(
        &mut self,
        state: &mut State<T>,
        mut pending: Pending,
        decided: Vec<(usize, Registered)>,
        docs: Vec<(usize, Prepared)>,
    ) -> Result<Option<Vec<(usize, Registered)>>> {
        let writer = state.writer.as_mut().expect("no batch is being written");
        let mut tx = store::begin_immediate_on(&mut writer.conn).await?;
        if store::data_version(&mut tx).await? != writer.seen {
            if !decided.is_empty() {
                tx.rollback().await?;
                return Ok(None);
            }
            // Nothing decided yet: only the ids carried from the batch before are stale.
            pending = Pending::default();
        }
        let mut out = decided;
        let mut run: Option<(Run, usize)> = None;
        let mut docs = docs.into_iter().map(Some).collect::<Vec<_>>();
        let mut k = 0;
        let mut start = 0;
        while k < docs.len() {
            if run.as_ref().is_none_or(|(_, end)| k >= *end) {
                if run.is_some() {
                    state.run.completed();
                }
                if pending.partly_written() {
                    pending.write(&mut tx, &store::now()).await?;
                    pending = Pending::default();
                }
                let end = docs.len().min(k + state.run.get());
                start = k;
                let mut these: Vec<&mut Prepared> =
                    docs[k..end].iter_mut().flatten().map(|(_, p)| p).collect();
                let reanalyzed = state.reanalyzed.clone();
                let loaded = Run::load(
                    &mut tx,
                    &mut these,
                    &pending,
                    Default::default(),
                    reanalyzed,
                )
                .await?;
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
                        out.push((i, r));
                        continue;
                    }
                    Err(back) => p = back,
                }
            }
            // The store path reads the store: the batch so far must be in it.
            pending.write(&mut tx, &store::now()).await?;
            // Checked when prepared, a version fails on the store path only when the store
            // does: that ends the batch, and nothing of it is kept.
            let r = register_prepared(&mut tx, p, state.reanalyzed.clone()).await?;
            // It wrote: what the run read is out of date, and the next ids taken.
            if !r.existing {
                pending = Pending::default();
                run = None;
                state.run.stopped(k - 1 - start);
            }
            out.push((i, r));
        }
        pending.write(&mut tx, &store::now()).await?;
        tx.commit().await?;
        writer.seen = store::data_version(&mut writer.conn).await?;
        state.checkpoints.copy_back();
        Ok(Some(out))
    }

    fn share_learned(&self, run: &Run) {
        let mut shared = self.learned.write().expect("not poisoned");
        for (name, learned) in run.learned() {
            shared.insert(name.to_string(), Arc::new(learned.clone()));
        }
    }
}

/// The next batch of documents: `versions` of them, or fewer whose texts reach `text` bytes
/// (one at least, however long).
fn next_batch<T>(
    docs: &mut impl Iterator<Item = (T, Result<Document>)>,
    versions: usize,
    text: usize,
) -> Vec<(T, Result<Document>)> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    while batch.len() < versions && bytes < text {
        let Some(item) = docs.next() else { break };
        bytes += item.1.as_ref().map_or(0, |d| d.body.len());
        batch.push(item);
    }
    batch
}

fn split<T>(batch: Vec<(T, Result<Prepared>)>) -> Batch<T> {
    let mut out = Batch {
        tags: Vec::with_capacity(batch.len()),
        failed: Vec::new(),
        docs: Vec::with_capacity(batch.len()),
    };
    for (i, (tag, p)) in batch.into_iter().enumerate() {
        out.tags.push(tag);
        match p {
            Ok(p) => out.docs.push((i, p)),
            Err(e) => out.failed.push((i, e)),
        }
    }
    out
}

/// Gives `each` the batch's results in order.
fn report<T>(
    tags: Vec<T>,
    failed: Vec<(usize, Error)>,
    registered: Vec<(usize, Registered)>,
    each: &mut impl FnMut(T, Result<Registered>),
) {
    let mut results: Vec<Option<Result<Registered>>> = (0..tags.len()).map(|_| None).collect();
    for (i, e) in failed {
        results[i] = Some(Err(e));
    }
    for (i, r) in registered {
        results[i] = Some(Ok(r));
    }
    for (tag, r) in tags.into_iter().zip(results) {
        each(tag, r.expect("every version has a result"));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A batch ends at `BATCH` versions or at the one whose text reaches the bound, and a
    /// text longer than the bound is a batch of its own.
    #[test]
    fn batches_end_at_a_count_or_an_amount_of_text() {
        let doc = |len: usize| {
            Ok(Document {
                body: "x".repeat(len),
                ..Document::default()
            })
        };
        let lengths = |batch: Vec<(usize, Result<Document>)>| -> Vec<usize> {
            batch
                .into_iter()
                .map(|(_, d)| d.map_or(0, |d| d.body.len()))
                .collect()
        };
        let mut docs = [10, 10, 10, 10, 95, 250, 1, 1]
            .into_iter()
            .map(doc)
            .chain([Err(Error::bad("unreadable")), doc(1)])
            .enumerate();
        let mut batches = Vec::new();
        loop {
            let batch = next_batch(&mut docs, 3, 100);
            if batch.is_empty() {
                break;
            }
            batches.push(lengths(batch));
        }
        assert_eq!(
            batches,
            vec![
                vec![10, 10, 10],
                vec![10, 95],
                vec![250],
                vec![1, 1, 0],
                vec![1]
            ]
        );
    }

    /// Batches decided while the one before is written continue its ids: a write by another
    /// connection in between must be noticed, and the batch not written.
    #[tokio::test]
    async fn the_writer_notices_another_connection_writing() {
        let (_dir, store) = store::temp().await;
        let writer = Writer::new(&store).await.unwrap();
        let (writer, written) = writer.write(Rows::default()).await;
        assert!(written.unwrap(), "nobody else wrote");
        let doc = Document {
            body: "The harbour board met on Tuesday and agreed to widen the northern quay."
                .to_string(),
            outlet: Some("Harbour Notes".to_string()),
            ..Document::default()
        };
        super::super::register(&store, doc).await.unwrap();
        let (mut writer, written) = writer.write(Rows::default()).await;
        assert!(!written.unwrap(), "another connection wrote");
        // Once it has seen the store again (as after a batch registered with the lock held).
        writer.seen = store::data_version(&mut writer.conn).await.unwrap();
        let (_, written) = writer.write(Rows::default()).await;
        assert!(written.unwrap());
    }
}
