//! Writes N realistic worker records for benchmarks: `cargo run --release -p
//! peercert-cli --example generate_roster -- N DIR [SEED]`.
//!
//! Each record holds or pursues one of several shipped credentials and has 10 to 60
//! entries (courses with topics and formats, work periods, supervision, exams,
//! payments, statements), dated around 2026-11-23. The same seed writes the same
//! files. Records go into subfolders of 1,000.

use std::fmt::Write as _;
use std::path::PathBuf;

/// A small seeded generator (xorshift64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        items.get(i).copied().unwrap_or_default()
    }
}

const CREDENTIALS: [(&str, &[&str]); 6] = [
    (
        "nj/cprs",
        &[
            "advocacy",
            "ethics",
            "mentoring-education",
            "recovery-wellness-support",
        ],
    ),
    ("pa/crs", &["ethics", "confidentiality", "advocacy"]),
    ("ny/crpa", &["ethics", "advocacy", "harm-reduction"]),
    (
        "oh/cprs",
        &[
            "ethics",
            "boundaries",
            "cultural-competence",
            "trauma-informed-care",
            "human-trafficking",
            "peer-coaching",
        ],
    ),
    (
        "wa/cps",
        &[
            "peer-support",
            "ethics",
            "suicide-prevention",
            "health-equity",
        ],
    ),
    (
        "tx/rsps",
        &["ethics", "advocacy", "recovery-wellness-support"],
    ),
];

const FIRST: [&str; 12] = [
    "Alex", "Jordan", "Riley", "Casey", "Sam", "Morgan", "Taylor", "Jamie", "Robin", "Dana", "Lee",
    "Noor",
];
const LAST: [&str; 12] = [
    "Rivera", "Nguyen", "Brooks", "Okafor", "Chen", "Delgado", "Haddad", "Ellis", "Quinn", "Ortiz",
    "Morgan", "Flores",
];

/// A date `days` before 2026-11-23, as text.
fn date_before(days: u64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    base.checked_sub_days(chrono::Days::new(days))
        .unwrap_or(base)
        .to_string()
}

fn record(rng: &mut Rng, n: u64) -> String {
    let (credential, topics) = CREDENTIALS
        .get(usize::try_from(rng.below(CREDENTIALS.len() as u64)).unwrap_or(0))
        .copied()
        .unwrap_or(CREDENTIALS[0]);
    let mut t = String::new();
    let _ = writeln!(
        t,
        "[worker]\nid = \"W-{n:07}\"\nname = \"{} {}\"\nbirth_date = 19{:02}-{:02}-{:02}",
        rng.pick(&FIRST),
        rng.pick(&LAST),
        60 + rng.below(40),
        1 + rng.below(12),
        1 + rng.below(28)
    );
    // Four in five hold the credential (expiring within the next two years, or
    // recently expired); the rest are applying for it.
    if rng.below(5) == 0 {
        let _ = writeln!(t, "pursuing = [\"{credential}\"]");
    } else {
        let expires_in = rng.below(800);
        let issued = date_before(730u64.saturating_sub(expires_in).max(1) + 30);
        let base = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        let expires = base
            .checked_add_days(chrono::Days::new(expires_in))
            .and_then(|d| d.checked_sub_days(chrono::Days::new(60)))
            .unwrap_or(base);
        let _ = writeln!(
            t,
            "\n[[credential]]\nid = \"{credential}\"\nissued = {issued}\nexpires = {expires}"
        );
    }
    let entries = 10 + rng.below(51);
    for i in 0..entries {
        match rng.below(10) {
            0..=5 => {
                let hours = 1 + rng.below(8);
                let _ = writeln!(
                    t,
                    "\n[[training]]\ndate = {}\ntitle = \"Course {i}\"\nhours = {hours}\ntopic = \"{}\"\nformat = \"{}\"",
                    date_before(rng.below(900)),
                    rng.pick(topics),
                    rng.pick(&["in-person", "live-online", "self-paced"])
                );
            }
            6 => {
                // Entry `i` starts on its own day, so no two periods are the same.
                let from = 400 + i * 5 + rng.below(5);
                let _ = writeln!(
                    t,
                    "\n[[experience]]\nfrom = {}\nto = {}\nhours = {}\nsupervised = true",
                    date_before(from),
                    date_before(from - 300),
                    100 + rng.below(400)
                );
            }
            7 => {
                let _ = writeln!(
                    t,
                    "\n[[supervision]]\ndate = {}\nhours = {}",
                    // Entry `i` on its own day, so no two entries are the same.
                    date_before(i * 11 + rng.below(10)),
                    1 + rng.below(4)
                );
            }
            8 => {
                let _ = writeln!(
                    t,
                    "\n[[payment]]\nkind = \"{}\"\namount = \"{}.00\"\ndate = {}\ncredential = \"{credential}\"",
                    rng.pick(&["application", "exam", "renewal"]),
                    25 + rng.below(200),
                    date_before(rng.below(700))
                );
            }
            _ => {
                let _ = writeln!(
                    t,
                    "\n[[attestation]]\nkind = \"{}\"\ndate = {}",
                    rng.pick(&[
                        "hs-diploma",
                        "code-of-ethics",
                        "lived-experience",
                        "background-check"
                    ]),
                    date_before(i * 11 + rng.below(10))
                );
            }
        }
    }
    t
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(count), Some(dir)) = (args.next(), args.next()) else {
        eprintln!("usage: generate_roster N DIR [SEED]");
        std::process::exit(2);
    };
    let count: u64 = count.parse().unwrap_or(0);
    let seed: u64 = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_2026);
    let dir = PathBuf::from(dir);
    let mut rng = Rng(seed | 1);
    for n in 0..count {
        let folder = dir.join(format!("{:04}", n / 1000));
        if n % 1000 == 0 {
            std::fs::create_dir_all(&folder)?;
        }
        std::fs::write(folder.join(format!("w{n:07}.toml")), record(&mut rng, n))?;
    }
    Ok(())
}
