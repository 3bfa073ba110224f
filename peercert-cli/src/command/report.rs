//! `peercert report RECORD`: one worker's evidence packet, for an auditor's file.

use peercert_core::Packet;

use crate::cli::{PacketFormat, ReportArgs};
use crate::exit::Exit;
use crate::render;

pub fn run(args: &ReportArgs) -> Exit {
    super::exit(report(args))
}

fn report(args: &ReportArgs) -> Result<Exit, String> {
    let library = super::library(&args.common)?;
    let record = super::record(&args.record, &library).map_err(|e| e.to_string())?;
    let rulesets = super::choose_all(args.credential.as_deref(), &record, &library)?;
    let as_of = super::as_of(&args.common);
    let packet = Packet::build(&record, &rulesets, as_of, library.stamp().to_string())
        .map_err(|e| e.to_string())?;
    let output = rendered(&packet, args.format);
    match &args.output {
        Some(path) => super::output(path, &output)?,
        None => print!("{output}"),
    }
    Ok(if packet.is_ok() { Exit::Ok } else { Exit::No })
}

/// A packet in the format asked for.
pub fn rendered(packet: &Packet, format: PacketFormat) -> String {
    match format {
        PacketFormat::Html => render::packet_html::page(packet),
        PacketFormat::Markdown => render::packet::markdown(packet),
    }
}
