//! `peercert rules list` and `peercert rules show ID`.

use serde::Serialize;

use crate::cli::{ListArgs, ListFormat, ShowArgs, ShowFormat};
use crate::exit::Exit;
use crate::render;

pub fn list(args: &ListArgs) -> Exit {
    let library = match super::library(&args.common) {
        Ok(library) => library,
        Err(message) => {
            super::report(&message);
            return Exit::BadInput;
        }
    };
    let output = match args.format {
        ListFormat::Text => render::text::rules_list(&library),
        ListFormat::Json => {
            #[derive(Serialize)]
            struct Row<'a> {
                id: &'a str,
                name: &'a str,
                jurisdiction: &'a str,
                board: &'a str,
                editions: Vec<chrono::NaiveDate>,
                verified: chrono::NaiveDate,
                sources: &'a [String],
            }
            let rows: Vec<Row<'_>> = library
                .rulesets()
                .map(|r| Row {
                    id: r.id.as_str(),
                    name: &r.name,
                    jurisdiction: &r.jurisdiction,
                    board: &r.board,
                    editions: r.editions.iter().map(|e| e.effective).collect(),
                    verified: r.verified,
                    sources: &r.sources,
                })
                .collect();
            match render::json::to_string(&rows) {
                Ok(json) => json,
                Err(message) => {
                    super::report(&message);
                    return Exit::BadInput;
                }
            }
        }
    };
    print!("{output}");
    Exit::Ok
}

pub fn show(args: &ShowArgs) -> Exit {
    let library = match super::library(&args.common) {
        Ok(library) => library,
        Err(message) => {
            super::report(&message);
            return Exit::BadInput;
        }
    };
    let ruleset = match library.find(&args.id) {
        Ok(ruleset) => ruleset,
        Err(close) => {
            super::report(&super::unknown_credential(&args.id, &close));
            return Exit::BadInput;
        }
    };
    let as_of = super::as_of(&args.common);
    if ruleset.edition_on(as_of).is_none() {
        super::report(&peercert_core::EvaluateError::NoEdition {
            credential: ruleset.id.clone(),
            as_of,
            earliest: ruleset.editions.first().map_or(as_of, |e| e.effective),
        });
        return Exit::BadInput;
    }
    let output = match args.format {
        ShowFormat::Text => render::text::rules_show(ruleset, as_of),
        ShowFormat::Markdown => render::markdown::rules_show(ruleset, as_of),
    };
    print!("{output}");
    Exit::Ok
}
