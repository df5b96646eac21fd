//! Two windows sharing one chat folder, simulated: each window has its own view of the index and
//! its own open chats, and they change one shared "disk" (the index snapshot and its journal as
//! bytes, the chat files by id) the way the shell does under its lock. A save checks the chat
//! file's revision, writes the chat (or a copy of it when the other window wrote it since), then
//! appends an upsert line to the journal; a deletion deletes the file, then appends a removal.
//! Either window may fold the journal into the snapshot at any point, or stop halfway through
//! doing so, or stop halfway through an append. Whatever the order, no chat is lost and no deleted
//! chat comes back without its file.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a failure in a test helper fails the test"
)]

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use roo_api::chat::document::ChatDocument;
use roo_api::chat::index::{ChatIndex, IndexEntry};
use roo_api::chat::index_journal::{remove_line, should_compact, upsert_line};
use roo_api::chat::index_snapshot::compacted;

/// The shared folder: `index.json`, `index.journal` and `chats/<id>.json`.
#[derive(Debug, Default)]
struct Disk {
    snapshot: Option<Vec<u8>>,
    journal: Option<Vec<u8>>,
    chats: BTreeMap<String, Vec<u8>>,
    /// Whether the journal holds a line cut short (a window stopped mid-append) since it was
    /// last emptied: loading it then warns about that line, and only about that line.
    cut_short: bool,
    /// A clock and a counter for ids, shared as the real ones would be.
    now: f64,
    next_id: u32,
}

impl Disk {
    fn tick(&mut self) -> f64 {
        self.now += 1.0;
        self.now
    }

    fn fresh_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}{}", self.next_id)
    }

    fn index(&self) -> ChatIndex {
        ChatIndex::load(self.snapshot.as_deref(), self.journal.as_deref()).unwrap()
    }

    /// Appends a line as the shell does (O_APPEND), then folds the journal in when the core says
    /// so, or when there is no snapshot yet.
    fn append(&mut self, line: &[u8]) {
        self.journal
            .get_or_insert_with(Vec::new)
            .extend_from_slice(line);
        let length = self.journal.as_ref().map_or(0, Vec::len);
        if self.snapshot.is_none() || should_compact(length) {
            self.compact();
        }
    }

    /// The compaction, under the lock: the snapshot rewritten with the journal folded in (or
    /// rebuilt from the chat files when there is none), then the journal emptied.
    fn compact(&mut self) {
        self.write_compacted_snapshot();
        self.journal = None;
        self.cut_short = false;
    }

    /// The first half of a compaction, as a window that stopped before emptying the journal
    /// leaves it.
    fn write_compacted_snapshot(&mut self) {
        self.snapshot = Some(match &self.snapshot {
            Some(snapshot) => compacted(Some(snapshot), self.journal.as_deref()).unwrap(),
            None => ChatIndex::rebuild(self.chats.values().map(Vec::as_slice))
                .to_bytes()
                .unwrap(),
        });
    }

    /// A window stopped while appending: part of a line that would have renamed a chat.
    fn cut_short_append(&mut self) {
        let Some(entry) = self.index().entries().next().cloned() else {
            return;
        };
        let line = upsert_line(&IndexEntry {
            title: "never written".into(),
            updated_at_ms: self.now + 1000.0,
            ..entry
        })
        .unwrap();
        self.journal
            .get_or_insert_with(Vec::new)
            .extend_from_slice(&line[..line.len() - 2]);
        self.cut_short = true;
    }

    /// The index's lines, by id, which must be exactly what the chat files say.
    fn check_index_matches_the_chat_files(&self) {
        let index = self.index();
        if self.cut_short {
            assert!(
                index
                    .warnings()
                    .iter()
                    .all(|warning| warning.contains("of the chat index journal")),
                "{:?}",
                index.warnings()
            );
        } else {
            assert!(index.warnings().is_empty(), "{:?}", index.warnings());
        }
        let rebuilt = ChatIndex::rebuild(self.chats.values().map(Vec::as_slice));
        assert!(rebuilt.warnings().is_empty(), "{:?}", rebuilt.warnings());
        let by_id = |index: &ChatIndex| -> BTreeMap<String, IndexEntry> {
            index
                .entries()
                .map(|entry| (entry.id.clone(), entry.clone()))
                .collect()
        };
        assert_eq!(by_id(&index), by_id(&rebuilt));
    }

    fn chat_text(&self, id: &str) -> Vec<String> {
        let document = ChatDocument::from_bytes(&self.chats[id]).unwrap();
        document
            .conversation()
            .messages
            .iter()
            .map(|message| message.text.clone())
            .collect()
    }
}

/// One window: its view of the index (changed by its own lines, stale otherwise until it
/// refreshes) and the chats it has open.
#[derive(Debug, Default)]
struct Window {
    view: ChatIndex,
    open: BTreeMap<String, ChatDocument>,
}

impl Window {
    fn create(&mut self, disk: &mut Disk) -> String {
        let id = disk.fresh_id("c");
        let now = disk.tick();
        self.open
            .insert(id.clone(), ChatDocument::new(id.clone(), now).unwrap());
        id
    }

    fn open(&mut self, disk: &Disk, id: &str) -> bool {
        match disk.chats.get(id) {
            Some(bytes) => {
                self.open
                    .insert(id.to_owned(), ChatDocument::from_bytes(bytes).unwrap());
                true
            }
            None => false,
        }
    }

    fn say(&mut self, disk: &mut Disk, id: &str, text: &str) {
        let now = disk.tick();
        let message_id = disk.fresh_id("m");
        let document = self.open.get_mut(id).unwrap();
        document
            .change(|chat| chat.append_user_message(message_id, text, now).map(|_| ()))
            .unwrap();
    }

    fn refresh(&mut self, disk: &Disk) {
        self.view = disk.index();
    }

    /// Saves an open chat as the shell does, all under one hold of the lock. Returns the id it
    /// was saved under: its own, or a copy's when the other window wrote it since.
    fn save(&mut self, disk: &mut Disk, id: &str) -> String {
        let mut document = self.open.remove(id).unwrap();
        let saved_id = if document.can_overwrite(disk.chats.get(id).map(Vec::as_slice)) {
            id.to_owned()
        } else {
            let copy_id = disk.fresh_id("c");
            let now = disk.tick();
            document = document.fork_as(copy_id.clone(), now).unwrap();
            copy_id
        };
        let bytes = document.to_bytes().unwrap();
        disk.chats.insert(saved_id.clone(), bytes);
        let line = upsert_line(&document.index_entry()).unwrap();
        disk.append(&line);
        self.view.replay(&line);
        self.open.insert(saved_id.clone(), document);
        saved_id
    }

    /// Deletes a chat as the shell does: the file first, then its removal line, under one hold
    /// of the lock.
    fn delete(&mut self, disk: &mut Disk, id: &str) {
        disk.chats.remove(id);
        let line = remove_line(id).unwrap();
        disk.append(&line);
        self.open.remove(id);
        self.view.replay(&line);
    }
}

#[test]
fn a_delete_in_one_window_while_the_other_saves_other_chats_loses_nothing() {
    let mut disk = Disk::default();
    let (mut one, mut two) = (Window::default(), Window::default());

    let kept = one.create(&mut disk);
    one.say(&mut disk, &kept, "kept: first");
    one.save(&mut disk, &kept);
    let doomed = one.create(&mut disk);
    one.say(&mut disk, &doomed, "doomed");
    one.save(&mut disk, &doomed);
    let theirs = two.create(&mut disk);
    two.say(&mut disk, &theirs, "theirs");
    two.save(&mut disk, &theirs);
    two.refresh(&disk);
    assert!(two.view.has(&doomed));
    assert!(two.open(&disk, &kept));

    // Window one deletes a chat; window two, whose view still lists it, keeps saving others.
    one.delete(&mut disk, &doomed);
    assert!(two.view.has(&doomed), "window two's view is stale");
    let stale_view = two.view.clone();
    let more = two.create(&mut disk);
    two.say(&mut disk, &more, "more");
    two.save(&mut disk, &more);
    two.say(&mut disk, &theirs, "theirs: second");
    two.save(&mut disk, &theirs);
    assert!(
        !disk.index().has(&doomed),
        "an appended line must not bring back a deleted chat"
    );
    // Writing window two's stale view instead, as one file for all, would have brought it back.
    assert!(stale_view.has(&doomed) && !disk.chats.contains_key(&doomed));

    // Both windows change the same chat: the first to save overwrites, the second saves a copy.
    one.say(&mut disk, &kept, "kept: from one");
    two.say(&mut disk, &kept, "kept: from two");
    assert_eq!(one.save(&mut disk, &kept), kept);
    let copy = two.save(&mut disk, &kept);
    assert_ne!(copy, kept);
    assert_eq!(disk.chat_text(&kept), ["kept: first", "kept: from one"]);
    assert_eq!(disk.chat_text(&copy), ["kept: first", "kept: from two"]);
    assert!(disk.index().get(&copy).unwrap().title.ends_with("(copy)"));

    let listed: BTreeSet<String> = disk.index().entries().map(|e| e.id.clone()).collect();
    let expected: BTreeSet<String> = [&kept, &theirs, &more, &copy]
        .into_iter()
        .cloned()
        .collect();
    assert_eq!(listed, expected);
    one.refresh(&disk);
    two.refresh(&disk);
    assert_eq!(one.view.entries().count(), 4);
    assert!(one.view.entries().eq(two.view.entries()));
    disk.check_index_matches_the_chat_files();
}

#[test]
fn a_chat_deleted_in_one_window_and_written_again_in_the_other_comes_back_with_its_file() {
    let mut disk = Disk::default();
    let (mut one, mut two) = (Window::default(), Window::default());
    let chat = one.create(&mut disk);
    one.say(&mut disk, &chat, "hello");
    one.save(&mut disk, &chat);
    assert!(two.open(&disk, &chat));
    one.delete(&mut disk, &chat);
    disk.check_index_matches_the_chat_files();
    // The user goes on writing in the chat in window two: that is a new save of it.
    two.say(&mut disk, &chat, "still here");
    assert_eq!(two.save(&mut disk, &chat), chat);
    assert_eq!(disk.chat_text(&chat), ["hello", "still here"]);
    disk.check_index_matches_the_chat_files();
}

#[test]
fn a_compaction_in_one_window_while_the_other_appends_loses_no_change() {
    let mut disk = Disk::default();
    let (mut one, mut two) = (Window::default(), Window::default());
    let first = one.create(&mut disk);
    one.say(&mut disk, &first, "first");
    one.save(&mut disk, &first);
    // The first save in a folder without a snapshot writes one (rebuilt from the chat files).
    assert!(disk.snapshot.is_some() && disk.journal.is_none());
    let theirs = two.create(&mut disk);
    two.say(&mut disk, &theirs, "theirs");
    two.save(&mut disk, &theirs);
    one.delete(&mut disk, &first);
    assert!(disk.journal.is_some());
    two.refresh(&disk);

    // Window one folds the journal in; window two, whose view predates that, appends again.
    disk.compact();
    let snapshot_only = ChatIndex::load(disk.snapshot.as_deref(), None).unwrap();
    assert!(snapshot_only.has(&theirs) && !snapshot_only.has(&first));
    two.say(&mut disk, &theirs, "theirs again");
    two.save(&mut disk, &theirs);
    let more = two.create(&mut disk);
    two.say(&mut disk, &more, "more");
    two.save(&mut disk, &more);
    one.refresh(&disk);
    assert_eq!(one.view.get(&theirs).unwrap().message_count, 2);
    assert!(one.view.has(&more) && !one.view.has(&first));
    disk.check_index_matches_the_chat_files();

    // A compaction that stopped before emptying the journal replays it again: no change.
    disk.write_compacted_snapshot();
    assert!(disk.journal.is_some());
    disk.check_index_matches_the_chat_files();
    disk.compact();
    disk.check_index_matches_the_chat_files();
}

#[test]
fn a_line_cut_short_is_left_out_and_the_lines_after_it_still_count() {
    let mut disk = Disk::default();
    let mut one = Window::default();
    let chat = one.create(&mut disk);
    one.say(&mut disk, &chat, "hello");
    one.save(&mut disk, &chat);
    disk.cut_short_append();
    let index = disk.index();
    assert_eq!(index.warnings().len(), 1);
    assert!(
        index.warnings()[0].contains("cut short"),
        "{:?}",
        index.warnings()
    );
    one.say(&mut disk, &chat, "after the cut");
    one.save(&mut disk, &chat);
    let index = disk.index();
    assert_eq!(index.get(&chat).unwrap().message_count, 2);
    assert!(
        index.warnings()[0].contains("could not be read"),
        "{:?}",
        index.warnings()
    );
    disk.check_index_matches_the_chat_files();
}

/// One step of one of the two windows.
#[derive(Debug, Clone)]
enum Step {
    Create(bool),
    Say(bool, usize),
    Save(bool, usize),
    Open(bool, usize),
    Delete(bool, usize),
    /// The window reads the index again (a file watcher saw the other window write it).
    Refresh(bool),
    /// A window folds the journal into the snapshot and empties the journal.
    Compact,
    /// A window rewrote the snapshot and stopped before emptying the journal.
    CompactStopped,
    /// A window stopped in the middle of appending a line.
    CutShort,
}

fn step() -> impl Strategy<Value = Step> {
    // Weighted towards saying and saving, so the windows often change the same few chats.
    prop_oneof![
        1 => any::<bool>().prop_map(Step::Create),
        4 => (any::<bool>(), 0..8usize).prop_map(|(w, n)| Step::Say(w, n)),
        4 => (any::<bool>(), 0..8usize).prop_map(|(w, n)| Step::Save(w, n)),
        3 => (any::<bool>(), 0..8usize).prop_map(|(w, n)| Step::Open(w, n)),
        1 => (any::<bool>(), 0..8usize).prop_map(|(w, n)| Step::Delete(w, n)),
        2 => any::<bool>().prop_map(Step::Refresh),
        1 => Just(Step::Compact),
        1 => Just(Step::CompactStopped),
        1 => Just(Step::CutShort),
    ]
}

/// The `n`th of some ids, wrapping, or `None` when there are none.
fn pick(ids: impl IntoIterator<Item = String>, n: usize) -> Option<String> {
    let ids: Vec<String> = ids.into_iter().collect();
    (!ids.is_empty()).then(|| ids[n % ids.len()].clone())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Any interleaving: the index always lists exactly the chats whose files exist, with what
    /// those files say, and every message a window saved is still in the file it was saved to
    /// unless that chat was deleted since.
    #[test]
    fn any_interleaving_keeps_the_index_and_the_chats_in_step(
        steps in prop::collection::vec(step(), 1..60)
    ) {
        let mut disk = Disk::default();
        let mut windows = [Window::default(), Window::default()];
        // (chat id, text) of every message saved, minus those of chats deleted since.
        let mut saved: BTreeSet<(String, String)> = BTreeSet::new();
        for step in steps {
            match step {
                Step::Create(w) => {
                    windows[usize::from(w)].create(&mut disk);
                }
                Step::Say(w, n) => {
                    let window = &mut windows[usize::from(w)];
                    if let Some(id) = pick(window.open.keys().cloned(), n) {
                        let text = format!("said {}", disk.now);
                        window.say(&mut disk, &id, &text);
                    }
                }
                Step::Save(w, n) => {
                    let window = &mut windows[usize::from(w)];
                    if let Some(id) = pick(window.open.keys().cloned(), n) {
                        let saved_id = window.save(&mut disk, &id);
                        for text in disk.chat_text(&saved_id) {
                            saved.insert((saved_id.clone(), text));
                        }
                    }
                }
                Step::Open(w, n) => {
                    let window = &mut windows[usize::from(w)];
                    // From the window's own view, which may be stale: the file may be gone.
                    if let Some(id) = pick(window.view.entries().map(|e| e.id.clone()), n) {
                        window.open(&disk, &id);
                    }
                }
                Step::Delete(w, n) => {
                    let window = &mut windows[usize::from(w)];
                    if let Some(id) = pick(window.view.entries().map(|e| e.id.clone()), n) {
                        window.delete(&mut disk, &id);
                        saved.retain(|(chat, _)| chat != &id);
                    }
                }
                Step::Refresh(w) => windows[usize::from(w)].refresh(&disk),
                Step::Compact => disk.compact(),
                Step::CompactStopped => disk.write_compacted_snapshot(),
                Step::CutShort => disk.cut_short_append(),
            }
            disk.check_index_matches_the_chat_files();
            for (chat, text) in &saved {
                prop_assert!(disk.chats.contains_key(chat), "chat {chat} lost");
                prop_assert!(disk.chat_text(chat).contains(text), "{text:?} lost from {chat}");
            }
        }
    }
}
