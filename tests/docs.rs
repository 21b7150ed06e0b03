//! The front page and the manuals stay true: the README's examples table is the `[[example]]`
//! metadata of `Cargo.toml`, row for row; every relative link of the README, ARCHITECTURE.md
//! and `docs/` names a file that exists; the README stays a front page.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The workspace as `cargo metadata --no-deps` reports it.
fn cargo_metadata() -> serde_json::Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--no-deps", "--offline", "--format-version", "1"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("cargo metadata is JSON");
    meta
}

/// The root package's examples as `cargo metadata` reports them: (name, category, description).
fn example_metadata() -> Vec<(String, String, String)> {
    let meta = cargo_metadata();
    let package = meta["packages"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "grassroot"))
        .expect("the root package");
    let examples = package["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .filter(|t| t["kind"].as_array().is_some_and(|k| k.iter().any(|k| k == "example")))
        .map(|t| t["name"].as_str().expect("a name").to_owned());
    examples
        .map(|name| {
            let m = &package["metadata"]["example"][&name];
            let text =
                |key: &str| m[key].as_str().unwrap_or_else(|| panic!("{name}: no {key} in its metadata")).to_owned();
            (name.clone(), text("category"), text("description"))
        })
        .collect()
}

#[test]
fn the_readme_examples_table_is_the_example_metadata() {
    let readme = read(&root().join("README.md"));
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with("| `")).collect();
    let examples = example_metadata();
    assert!(examples.len() >= 6, "{examples:?}");
    for (name, category, description) in &examples {
        let row = format!("| `{name}` | {category} | {description} |");
        assert!(rows.contains(&row.as_str()), "the README has no row\n{row}\nfor example {name}");
    }
    let listed = rows.iter().filter(|r| examples.iter().any(|(n, _, _)| r.starts_with(&format!("| `{n}` | ")))).count();
    assert_eq!(listed, examples.len(), "one row per example");
}

#[test]
fn every_relative_link_names_a_file_that_exists() {
    let mut pages = vec![root().join("README.md"), root().join("ARCHITECTURE.md"), root().join("examples/README.md")];
    for entry in std::fs::read_dir(root().join("docs")).expect("docs/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    let mut checked = 0;
    for page in &pages {
        let text = read(page);
        let dir = page.parent().expect("a folder");
        for target in links(&text) {
            if target.starts_with("http") || target.starts_with('#') || target.starts_with("mailto:") {
                continue;
            }
            let file = target.split('#').next().unwrap_or_default();
            assert!(dir.join(file).exists(), "{}: the link ({target}) names nothing", page.display());
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} links found: the link pattern is broken");
}

#[test]
fn the_readme_is_a_front_page() {
    let readme = read(&root().join("README.md"));
    let lines = readme.lines().count();
    assert!(lines <= 200, "README.md has {lines} lines: move manuals to docs/");
    for page in
        ["docs/parameters.md", "docs/seed-scenario.md", "docs/datadao.md", "docs/sweeps.md", "docs/guarantees.md"]
    {
        assert!(readme.contains(&format!("]({page})")), "the README does not link {page}");
    }
}

/// The targets of the Markdown links `[text](target)` and images `![alt](target)` in `text`.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        if let Some(end) = rest.find(')') {
            let target = &rest[..end];
            if !target.contains(char::is_whitespace) && !target.is_empty() {
                out.push(target.to_owned());
            }
            rest = &rest[end..];
        }
    }
    out
}

/// Every text that lists the binary's parameter layers lists them as
/// `grassroot_config::LAYERS` does (`--help` and `env.example` are rendered from it).
#[test]
fn every_text_that_lists_the_layers_includes_replay_from_one_constant() {
    let layers = grassroot::config::LAYERS;
    assert!(layers.contains("--replay"), "{layers}");
    for page in ["README.md", "docs/parameters.md", "docs/sweeps.md", "env.example"] {
        assert!(read(&root().join(page)).contains(layers), "{page} does not list the layers as\n{layers}");
    }
}

/// Names in the text that are not paths of this repository: the original Python simulation's
/// files.
const NOT_OUR_PATHS: [&str; 1] = ["config.py"];

/// Every path ARCHITECTURE.md names, in links and in code spans, exists: relative to the
/// repository, to `crates/`, or to a crate or its `src/`; a bare file name (`wad.rs`) somewhere
/// in the crate whose `###` section names it (anywhere in the repository outside those
/// sections).
#[test]
fn every_path_architecture_names_exists() {
    let root = root();
    let text = read(&root.join("ARCHITECTURE.md"));
    let crates: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .expect("crates/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    let mut section: Option<PathBuf> = None;
    let mut checked = 0;
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            section = code_spans(heading)
                .into_iter()
                .find_map(|s| s.strip_prefix("crates/").map(|c| root.join("crates").join(c)))
                .or_else(|| heading.contains("(root package)").then(|| root.join("src")));
        } else if line.starts_with("## ") {
            section = None;
        }
        let names = code_spans(line).into_iter().chain(links(line));
        for name in names.flat_map(|s| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>()) {
            let Some(path) = path_like(&name) else { continue };
            if NOT_OUR_PATHS.contains(&path.as_str()) {
                continue;
            }
            let mut bases = vec![root.clone(), root.join("crates")];
            bases.extend(crates.iter().flat_map(|c| [c.clone(), c.join("src")]));
            let found = bases.iter().any(|b| b.join(&path).exists())
                || (!path.contains('/') && has_file_named(section.as_deref().unwrap_or(&root), &path));
            assert!(found, "ARCHITECTURE.md names {path} (in {line:?}), which does not exist");
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} paths found: the pattern is broken");
}

/// The text of each code span `` `...` `` in `line`.
fn code_spans(line: &str) -> Vec<String> {
    line.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

/// `word` as a path of the repository if it looks like one: it has a `/` or ends in `.rs`,
/// `.md`, `.py`, `.pyi` (flags, `<placeholders>`, URLs, `I/N` and `::item` suffixes aside).
fn path_like(word: &str) -> Option<String> {
    let word = word.trim_matches(|c| matches!(c, ',' | ';' | ':' | '(' | ')' | '[' | ']'));
    let word = word.split("::").next().unwrap_or_default();
    let word = word.strip_prefix("./").unwrap_or(word).trim_end_matches('.');
    if word.is_empty()
        || word.starts_with(['-', '<', '/'])
        || word.contains("://")
        || word.contains(['<', '{', '*'])
        || word.chars().all(|c| c.is_ascii_uppercase() || c == '/')
    {
        return None;
    }
    let file = [".rs", ".md", ".py", ".pyi"].iter().any(|e| word.ends_with(e));
    (word.contains('/') || file).then(|| word.to_owned())
}

/// True if a file named `name` is somewhere under `dir` (build output and dot folders aside).
fn has_file_named(dir: &Path, name: &str) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else { return false };
    entries.flatten().any(|e| {
        let path = e.path();
        let hidden = e.file_name().to_string_lossy().starts_with('.') || e.file_name() == "target";
        if path.is_dir() { !hidden && has_file_named(&path, name) } else { e.file_name() == name }
    })
}

/// The crate graph ARCHITECTURE.md draws is the workspace's: each line `crate ──► a, b` lists
/// exactly the workspace crates that `crate` depends on (normal dependencies), and every
/// workspace crate has its line.
#[test]
fn the_architecture_crate_graph_is_the_workspace_graph() {
    let text = read(&root().join("ARCHITECTURE.md"));
    let graph = text.split("## Crate graph").nth(1).expect("a Crate graph section");
    let block = graph.split("```text").nth(1).and_then(|b| b.split("```").next()).expect("a text block");
    let mut drawn: Vec<(String, Vec<String>)> = block
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (name, deps) = l.split_once("──►").unwrap_or((l, ""));
            let mut deps: Vec<String> =
                deps.split(',').map(|d| d.trim().to_owned()).filter(|d| !d.is_empty()).collect();
            deps.sort();
            (name.trim().to_owned(), deps)
        })
        .collect();
    drawn.sort();

    let meta = cargo_metadata();
    let packages = meta["packages"].as_array().expect("packages");
    let ours: Vec<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
    let mut actual: Vec<(String, Vec<String>)> = packages
        .iter()
        .map(|p| {
            let mut deps: Vec<String> = p["dependencies"]
                .as_array()
                .expect("dependencies")
                .iter()
                .filter(|d| d["kind"].is_null())
                .filter_map(|d| d["name"].as_str())
                .filter(|d| ours.contains(d))
                .map(str::to_owned)
                .collect();
            deps.sort();
            deps.dedup();
            (p["name"].as_str().expect("a name").to_owned(), deps)
        })
        .collect();
    actual.sort();
    assert_eq!(drawn, actual, "ARCHITECTURE.md's crate graph (left) differs from the workspace's (right)");
}
