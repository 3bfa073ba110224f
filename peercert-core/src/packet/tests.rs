//! Unit tests of the evidence packet: what the evaluator decided, completed by the
//! record's own details of each entry, and safe file names.

use chrono::NaiveDate;

use super::{Packet, PacketEntry, PaymentLine, file_stem};
use crate::diag::Source;
use crate::library::Library;
use crate::quantity::{Cents, Hours};
use crate::record::{Place, Record};
use crate::report::{Cause, EntryKind, Outcome, Standing, Status};
use crate::vocab::{FeeKind, Format};

fn d(text: &str) -> NaiveDate {
    crate::quantity::parse_iso_date(text).unwrap_or_else(|| panic!("bad date {text}"))
}

/// Pennsylvania's CRS, renewal due: one ethics course before the cycle, one split
/// course inside it, a renewal fee paid and a payment for another credential.
const RECORD: &str = r#"[worker]
id = "W-7"
name = "Sam Lee"

[[credential]]
id = "pa/crs"
number = "CRS-77"
issued = 2025-02-01
expires = 2027-02-01

[[training]]
date = 2024-11-15
title = "Ethics Before"
provider = "Old Institute"
certificate = "OI-1"
hours = 6
topic = "ethics"

[[training]]
date = 2026-03-18
title = "Families"
provider = "Family Network"
certificate = "FN-2"
hours = 12.5
topics = { ethics = 2.5, advocacy = 4 }
format = "in-person"

[[payment]]
kind = "renewal"
amount = "100.00"
date = 2026-10-30
credential = "pa/crs"

[[payment]]
kind = "application"
amount = "40.00"
date = 2026-10-01
credential = "nj/cprs"
"#;

fn packet() -> Packet {
    let library = Library::embedded().expect("the shipped rules load");
    let record = Record::parse(&Source::new("w.toml", RECORD), &library)
        .unwrap_or_else(|e| panic!("test record does not load:\n{e}"));
    let ruleset = library.find("pa/crs").expect("pa/crs is shipped");
    Packet::build(&record, &[ruleset], d("2026-11-23"), "stamp").expect("an edition is in force")
}

#[test]
fn a_packet_holds_the_standing_and_every_requirement_in_order() {
    let packet = packet();
    assert_eq!(packet.worker.name, "Sam Lee");
    assert_eq!(packet.rules, "stamp");
    assert!(!packet.is_ok());
    let [section] = packet.sections.as_slice() else {
        panic!("one section: {:?}", packet.sections.len())
    };
    assert_eq!(section.credential.id.as_str(), "pa/crs");
    assert_eq!(section.number.as_deref(), Some("CRS-77"));
    assert_eq!(section.outcome, Outcome::RenewalDue);
    assert_eq!(
        section.standing,
        Standing::Open {
            expires: d("2027-02-01"),
            due: None
        }
    );
    assert_eq!(section.cycle.map(|c| c.start), Some(d("2025-02-02")));
    let ids: Vec<(&str, Status, &str)> = section
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), r.status, r.progress.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("continuing-education", Status::Unmet, "12.5 / 30 h"),
            ("ethics", Status::Unmet, "2.5 / 6 h"),
            ("confidentiality", Status::Unmet, "0 / 3 h"),
        ]
    );
}

#[test]
fn an_entry_that_counted_carries_the_records_provider_certificate_and_hours() {
    let packet = packet();
    let ethics = &packet.sections[0].requirements[1];
    assert_eq!(
        ethics.counted,
        [PacketEntry {
            entry: EntryKind::Training,
            place: Place::Line(19),
            date: d("2026-03-18"),
            title: "Families".to_owned(),
            provider: Some("Family Network".to_owned()),
            certificate: Some("FN-2".to_owned()),
            hours: Some(Hours::from_hundredths(1250)),
            format: Some(Format::InPerson),
            counted: Some(Hours::from_hundredths(250)),
            cause: None,
            why: None,
        }]
    );
}

#[test]
fn an_entry_that_did_not_count_carries_the_evaluators_reason() {
    let packet = packet();
    let ethics = &packet.sections[0].requirements[1];
    assert_eq!(
        ethics.not_counted,
        [PacketEntry {
            entry: EntryKind::Training,
            place: Place::Line(11),
            date: d("2024-11-15"),
            title: "Ethics Before".to_owned(),
            provider: Some("Old Institute".to_owned()),
            certificate: Some("OI-1".to_owned()),
            hours: Some(Hours::from_whole(6)),
            format: None,
            counted: None,
            cause: Some(Cause::OutOfWindow),
            why: Some("before the start of this renewal cycle (2025-02-02)".to_owned()),
        }]
    );
    assert_eq!(packet.certificates(), ["CRS-77", "FN-2", "OI-1"]);
}

#[test]
fn fees_show_what_is_paid_and_the_payments_for_this_credential_only() {
    let packet = packet();
    let section = &packet.sections[0];
    let costs: Vec<(FeeKind, Cents, Cents)> = section
        .costs
        .iter()
        .map(|c| (c.kind, c.amount, c.paid))
        .collect();
    assert_eq!(
        costs,
        [(FeeKind::Renewal, Cents::new(10_000), Cents::new(10_000))]
    );
    assert_eq!(
        section.payments,
        [PaymentLine {
            date: d("2026-10-30"),
            kind: FeeKind::Renewal,
            amount: Cents::new(10_000),
            place: Place::Line(28),
        }]
    );
}

#[test]
fn a_file_stem_is_the_worker_id_when_it_is_safe() {
    assert_eq!(file_stem("W-2210"), "W-2210");
    assert_eq!(file_stem("tx.003_b"), "tx.003_b");
}

#[test]
fn a_file_stem_never_leaves_the_folder_and_never_collides() {
    let up = file_stem("../etc/passwd");
    assert_eq!(up, "_._etc_passwd-7fef78f5");
    let slash = file_stem("W/1");
    let underscore = file_stem("W_1");
    assert_eq!(underscore, "W_1");
    assert!(slash.starts_with("W_1-") && slash.len() == "W_1-".len() + 8);
    assert_ne!(file_stem("<script>"), file_stem("_script_"));
    assert_eq!(file_stem(".hidden").chars().next(), Some('_'));
    assert!(file_stem("Zoë Ann").is_ascii());
}
