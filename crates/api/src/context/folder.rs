//! A folder attachment: its tree, then the contents of its small text files.
//!
//! The tree lists folders before files, each group sorted by name ignoring case. It shows at most
//! `maxFolderDepth` levels and `maxFolderEntries` entries, chosen level by level (all of the
//! first level before any of the second) so one huge subfolder cannot crowd out the rest;
//! whatever a folder hides is counted on a "… N more" line. Contents follow for the listed
//! files, shallowest first, each at most `maxFolderFileBytes` and all together at most
//! `maxFolderTotalBytes`; binary files and files that look like secrets (`.env`, keys) are
//! listed but never included, and the note counts what was left out and why.

use std::collections::VecDeque;

use super::attachment::{FolderEntry, file_text};
use super::decode::decode_text;
use super::fence;
use super::limits::ContextLimits;
use super::secret_paths::is_secret_looking;
use super::units::format_bytes;

/// One node of the folder's tree: the folder itself is node 0.
#[derive(Debug)]
struct Node<'a> {
    name: &'a str,
    is_dir: bool,
    depth: u32,
    children: Vec<usize>,
    /// The entry a file came from (a folder may have none, when only its files were listed).
    entry: Option<&'a FolderEntry>,
}

/// The label of a folder at `path`: the path with a trailing `/`, or `./` for the workspace.
pub(crate) fn folder_label(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() || trimmed == "." {
        "./".to_owned()
    } else {
        format!("{trimmed}/")
    }
}

/// The folder attachment's text and note.
pub(crate) fn render(
    label: &str,
    path: &str,
    entries: &[FolderEntry],
    limits: &ContextLimits,
) -> (String, Option<String>) {
    let nodes = build_tree(entries);
    if nodes[0].children.is_empty() {
        return (format!("Folder: {label} (empty)"), None);
    }
    let shown = choose_shown(&nodes, limits);
    let mut tree = String::new();
    write_tree(&nodes, &shown, 0, &mut tree);
    let mut text = format!("Folder: {label}\n{}", fence::fenced("", &tree));
    let prefix = folder_label(path);
    let prefix = if prefix == "./" { "" } else { prefix.as_str() };
    let mut left_out = LeftOut::default();
    let mut total = 0u64;
    for &index in &shown.order {
        let Some(entry) = nodes[index].entry.filter(|_| !nodes[index].is_dir) else {
            continue;
        };
        let Some(bytes) = &entry.bytes else {
            continue;
        };
        let file_path = format!("{prefix}{}", entry.path.trim_start_matches("./"));
        let size = entry.size.max(bytes.len() as u64);
        if is_secret_looking(&file_path) {
            left_out.secret += 1;
        } else if size > limits.max_folder_file_bytes {
            left_out.too_large += 1;
        } else if let Ok(decoded) = decode_text(bytes) {
            if total + decoded.text.len() as u64 > limits.max_folder_total_bytes {
                left_out.over_total += 1;
            } else {
                total += decoded.text.len() as u64;
                text.push_str("\n\n");
                text.push_str(&file_text(&file_path, &decoded.text));
            }
        } else {
            left_out.binary += 1;
        }
    }
    (text, left_out.note(limits))
}

/// The tree of `entries`, with the folders their paths imply even when not listed themselves.
fn build_tree(entries: &[FolderEntry]) -> Vec<Node<'_>> {
    let mut nodes = vec![Node {
        name: "",
        is_dir: true,
        depth: 0,
        children: Vec::new(),
        entry: None,
    }];
    for entry in entries {
        let parts: Vec<&str> = entry
            .path
            .split('/')
            .filter(|part| !part.is_empty() && *part != ".")
            .collect();
        let mut parent = 0;
        for (position, part) in parts.iter().enumerate() {
            let last = position + 1 == parts.len();
            let existing = nodes[parent]
                .children
                .iter()
                .copied()
                .find(|&child| nodes[child].name == *part);
            let child = existing.unwrap_or_else(|| {
                nodes.push(Node {
                    name: part,
                    is_dir: false,
                    depth: nodes[parent].depth + 1,
                    children: Vec::new(),
                    entry: None,
                });
                let child = nodes.len() - 1;
                nodes[parent].children.push(child);
                child
            });
            if last {
                nodes[child].is_dir |= entry.is_dir;
                nodes[child].entry = Some(entry);
            } else {
                nodes[child].is_dir = true;
            }
            parent = child;
        }
    }
    for index in 0..nodes.len() {
        let mut children = std::mem::take(&mut nodes[index].children);
        children.sort_by(|&a, &b| {
            let (a, b) = (&nodes[a], &nodes[b]);
            b.is_dir
                .cmp(&a.is_dir)
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
                .then_with(|| a.name.cmp(b.name))
        });
        nodes[index].children = children;
    }
    nodes
}

/// Which nodes the tree shows, and the order they were chosen in (level by level).
#[derive(Debug)]
struct Shown {
    is_shown: Vec<bool>,
    order: Vec<usize>,
}

fn choose_shown(nodes: &[Node<'_>], limits: &ContextLimits) -> Shown {
    let mut shown = Shown {
        is_shown: vec![false; nodes.len()],
        order: Vec::new(),
    };
    let mut queue = VecDeque::from([0usize]);
    while let Some(index) = queue.pop_front() {
        for &child in &nodes[index].children {
            if nodes[child].depth > limits.max_folder_depth
                || shown.order.len() >= limits.max_folder_entries as usize
            {
                break;
            }
            shown.is_shown[child] = true;
            shown.order.push(child);
            queue.push_back(child);
        }
    }
    shown
}

fn write_tree(nodes: &[Node<'_>], shown: &Shown, index: usize, out: &mut String) {
    let children = &nodes[index].children;
    let indent = "  ".repeat(nodes[index].depth as usize);
    let mut hidden = 0usize;
    for &child in children {
        if !shown.is_shown[child] {
            hidden += 1;
            continue;
        }
        let slash = if nodes[child].is_dir { "/" } else { "" };
        out.push_str(&format!("{indent}{}{slash}\n", nodes[child].name));
        write_tree(nodes, shown, child, out);
    }
    if hidden > 0 {
        out.push_str(&format!("{indent}… {hidden} more\n"));
    }
}

/// Listed files whose contents were left out, by reason.
#[derive(Debug, Default)]
struct LeftOut {
    too_large: usize,
    binary: usize,
    secret: usize,
    over_total: usize,
}

impl LeftOut {
    fn note(&self, limits: &ContextLimits) -> Option<String> {
        let files = |count: usize| {
            if count == 1 {
                "1 file".to_owned()
            } else {
                format!("{count} files")
            }
        };
        let mut reasons = Vec::new();
        if self.too_large > 0 {
            reasons.push(format!(
                "{} over {}",
                files(self.too_large),
                format_bytes(limits.max_folder_file_bytes)
            ));
        }
        if self.binary > 0 {
            reasons.push(format!("{} in a binary format", files(self.binary)));
        }
        if self.secret > 0 {
            reasons.push(format!("{} that may hold secrets", files(self.secret)));
        }
        if self.over_total > 0 {
            reasons.push(format!(
                "{} past the {} total",
                files(self.over_total),
                format_bytes(limits.max_folder_total_bytes)
            ));
        }
        (!reasons.is_empty()).then(|| {
            format!(
                "Listed without their contents: {}. Attach a file on its own to include it.",
                reasons.join(", ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> FolderEntry {
        FolderEntry {
            path: path.to_owned(),
            is_dir: false,
            size: text.len() as u64,
            bytes: Some(text.as_bytes().to_vec()),
        }
    }

    fn dir(path: &str) -> FolderEntry {
        FolderEntry {
            path: path.to_owned(),
            is_dir: true,
            size: 0,
            bytes: None,
        }
    }

    fn tree_of(entries: &[FolderEntry], limits: &ContextLimits) -> String {
        let nodes = build_tree(entries);
        let shown = choose_shown(&nodes, limits);
        let mut tree = String::new();
        write_tree(&nodes, &shown, 0, &mut tree);
        tree
    }

    #[test]
    fn labels_end_with_a_slash() {
        assert_eq!(folder_label("src"), "src/");
        assert_eq!(folder_label("src/"), "src/");
        assert_eq!(folder_label(""), "./");
        assert_eq!(folder_label("."), "./");
    }

    #[test]
    fn the_tree_lists_folders_first_sorted_ignoring_case() {
        let entries = [
            file("b.rs", ""),
            file("A.rs", ""),
            file("src/z.rs", ""),
            dir("docs"),
            file("Cargo.toml", ""),
        ];
        assert_eq!(
            tree_of(&entries, &ContextLimits::default()),
            "docs/\nsrc/\n  z.rs\nA.rs\nb.rs\nCargo.toml\n"
        );
    }

    #[test]
    fn depth_and_entry_caps_count_what_they_hide() {
        let entries = [
            file("a/b/c/d.rs", ""),
            file("a/x.rs", ""),
            file("top.rs", ""),
        ];
        let shallow = ContextLimits {
            max_folder_depth: 2,
            ..ContextLimits::default()
        };
        assert_eq!(
            tree_of(&entries, &shallow),
            "a/\n  b/\n    … 1 more\n  x.rs\ntop.rs\n"
        );
        // Three entries are chosen level by level: both top-level ones, then the first below.
        let few = ContextLimits {
            max_folder_entries: 3,
            ..ContextLimits::default()
        };
        assert_eq!(
            tree_of(&entries, &few),
            "a/\n  b/\n    … 1 more\n  … 1 more\ntop.rs\n"
        );
    }

    #[test]
    fn small_text_files_are_included_and_the_rest_counted() {
        let limits = ContextLimits {
            max_folder_file_bytes: 10,
            max_folder_total_bytes: 12,
            ..ContextLimits::default()
        };
        let entries = [
            file("a.txt", "alpha\n"),
            file("big.txt", "far too long a file\n"),
            FolderEntry {
                bytes: Some(vec![0, 1, 2]),
                ..file("image.bin", "")
            },
            file(".env", "KEY=1\n"),
            file("b.txt", "bravo\n"),
            file("c.txt", "charlie\n"),
            FolderEntry {
                bytes: None,
                ..file("unread.txt", "x")
            },
        ];
        let (text, note) = render("src/", "src", &entries, &limits);
        assert!(text.starts_with("Folder: src/\n```\n.env\na.txt\n"));
        assert!(text.contains("File: src/a.txt\n```\n1 | alpha\n```"));
        assert!(text.contains("File: src/b.txt\n"));
        assert!(!text.contains("File: src/c.txt"), "past the total");
        assert!(!text.contains("KEY=1"));
        assert!(!text.contains("far too long"));
        assert_eq!(
            note.as_deref(),
            Some(
                "Listed without their contents: 1 file over 10 bytes, 1 file in a binary format, \
                 1 file that may hold secrets, 1 file past the 12 bytes total. Attach a file on \
                 its own to include it."
            )
        );
    }

    #[test]
    fn an_empty_folder_says_so() {
        let (text, note) = render("src/", "src", &[], &ContextLimits::default());
        assert_eq!(text, "Folder: src/ (empty)");
        assert_eq!(note, None);
    }

    #[test]
    fn the_workspace_folder_names_its_files_without_a_prefix() {
        let (text, _) = render(
            "./",
            "",
            &[file("main.rs", "fn main() {}\n")],
            &ContextLimits::default(),
        );
        assert!(text.contains("File: main.rs\n"), "{text}");
    }
}
