//! Embeds every file under the crate's `rules/` folder, so the binary works from
//! any folder with no set-up.
//!
//! In the repository `peercert-core/rules` is a link to the workspace's top-level
//! `rules/`, where rule authors edit the files; `cargo package` follows the link, so
//! the published crate carries the rules as files of its own.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let rules = manifest.join("rules");
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut files = Vec::new();
    collect(&rules, &mut files).map_err(|e| {
        format!(
            "cannot read the rule folder `{}`: {e}; in the repository it is a link to \
             `rules/`, which git makes only where links are enabled (on Windows: \
             `git clone -c core.symlinks=true`)",
            rules.display()
        )
    })?;
    files.sort();
    let mut code =
        String::from("/// Every shipped rule file: its path under `rules/`, and its text.\n");
    code.push_str("pub(crate) static RULE_FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative = file
            .strip_prefix(&rules)?
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({relative:?}, include_str!({:?})),",
            file.canonicalize()?.display().to_string()
        )?;
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("embedded_rules.rs");
    std::fs::write(out, code)?;
    Ok(())
}
