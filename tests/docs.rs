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

/// The root package's examples as `cargo metadata` reports them: (name, category, description).
fn example_metadata() -> Vec<(String, String, String)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--no-deps", "--offline", "--format-version", "1"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("cargo metadata is JSON");
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
