//! `peercert new RECORD --id ID --name NAME`: starts a worker's record file, with a
//! short header that says what the file is, and never replaces one that exists.

use peercert_core::id::WorkerId;
use peercert_core::text::printable;
use peercert_core::{Record, Source};

use crate::cli::NewArgs;
use crate::exit::Exit;
use crate::write;

/// The two lines every new record starts with.
const HEADER: &str = "\
# peercert record: [worker] is who this is; each [[training]], [[exam]], [[experience]],
# [[supervision]], [[payment]], [[attestation]] or [[credential]] is one thing on file (docs/record-format.md).
";

pub fn run(args: &NewArgs) -> Exit {
    super::exit(create(args).map(|()| Exit::Ok))
}

fn create(args: &NewArgs) -> Result<(), String> {
    let library = super::library(&args.common)?;
    // Every value is checked here, where the user typed it, before any text is made.
    let id = WorkerId::new(&args.id).map_err(|e| format!("in `--id`: {e}"))?;
    let name = args.name.trim();
    if name.is_empty() {
        return Err("in `--name`: expected the worker's name, found an empty string".to_owned());
    }
    let mut pursuing = Vec::new();
    for text in &args.pursuing {
        let ruleset = library
            .find(text)
            .map_err(|e| format!("in `--pursuing`: {}", super::unknown_credential(&e)))?;
        if !pursuing.contains(&ruleset.id) {
            pursuing.push(ruleset.id.clone());
        }
    }
    let held = match (&args.holds, args.issued, args.expires) {
        (Some(text), Some(issued), Some(expires)) => {
            let ruleset = library
                .find(text)
                .map_err(|e| format!("in `--holds`: {}", super::unknown_credential(&e)))?;
            if expires <= issued {
                return Err(format!(
                    "in `--expires`: expected a date after `--issued` ({issued}), found {expires}"
                ));
            }
            Some((ruleset.id.clone(), issued, expires))
        }
        _ => None,
    };
    let quoted = |text: &str| toml::Value::String(text.to_owned()).to_string();
    let mut text = format!(
        "{HEADER}\n[worker]\nid = {}\nname = {}\n",
        quoted(id.as_str()),
        quoted(name)
    );
    if !pursuing.is_empty() {
        let list: Vec<String> = pursuing.iter().map(|p| quoted(p.as_str())).collect();
        text.push_str(&format!("pursuing = [{}]\n", list.join(", ")));
    }
    if let Some((credential, issued, expires)) = &held {
        text.push_str(&format!(
            "\n[[credential]]\nid = {}\nissued = {issued}\nexpires = {expires}\n",
            quoted(credential.as_str())
        ));
    }
    // What is written is read back by the same checks as any record, first.
    let name_shown = args.record.display().to_string();
    let record = Record::parse(&Source::new(name_shown.clone(), text.clone()), &library)
        .map_err(|e| e.to_string())?;
    write::write_new(&args.record, text.as_bytes()).map_err(|e| e.to_string())?;
    println!(
        "created {} for {} ({})\n",
        printable(&name_shown),
        printable(&record.worker.name),
        printable(record.worker.id.as_str())
    );
    super::standing(&record, &library, super::as_of(&args.common));
    Ok(())
}
