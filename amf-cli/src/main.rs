//! `amf`: inspect, convert and edit AMF0/AMF3 payloads, remoting packets
//! and `.sol` files. `amf --help` for the commands.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use amf_cli::commands::{self, Edit, JsonStyle, Source, Target};
use amf_cli::dump::Kind;
use amf_cli::external::Spec;
use amf_cli::style::ColorChoice;
use amf_cli::Failure;
use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Examples:
  amf inspect capture.bin                 what the bytes are, annotated byte by byte
  amf inspect --hex --amf3 packet.txt     hex text copied from Wireshark or a log
  amf json --lossless save.sol > save.json
  amf encode save.json > save.sol         the same bytes again
  amf sol set save.sol level 7 --backup

Exit codes: 0 ok, 1 bad input (or a failed read/write), 2 usage.";

/// Inspect, convert and edit AMF0/AMF3 payloads, remoting packets and .sol files.
#[derive(Parser, Debug)]
#[command(name = "amf", version, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Say what the bytes are and print an annotated dump: offsets, bytes,
    /// markers, references, traits, nesting, and the reference tables.
    #[command(after_help = "\
Example:
  amf inspect tests/fixtures/rocketamf/objects/amf3-trait-ref.bin

  prints one line per element (offset, bytes, meaning), e.g.
  0000  09 05 01                    array, 2 dense, no associative part (object #0)
  0003  0a 23 1f 6f 72 67 2e 61 …     [0] object \"org.amf.ASClass\" (new string #0), inline traits #0 …
  0015  07 62 61 7a                     member name \"baz\" (new string #1)

  amf inspect --hex --offset 0x1a capture.txt   hex text from Wireshark; start at 0x1a")]
    Inspect {
        #[command(flatten)]
        src: SourceArgs,
        /// When to colour the dump.
        #[arg(long, value_enum, default_value = "auto")]
        color: Color,
        /// Leave out the reference tables after each value.
        #[arg(long)]
        no_tables: bool,
    },
    /// Print the content as JSON: plain (what serde_json shows) or lossless.
    #[command(after_help = "\
Example:
  amf json --lossless --compact tests/fixtures/rocketamf/objects/amf3-date.bin
  {\"$format\":\"amf3\",\"value\":{\"$date\":0.0}}

Plain JSON has no references: a shared object is written in full each time,
a cycle as null. Several values in a row are written as a JSON array.")]
    Json {
        #[command(flatten)]
        src: SourceArgs,
        /// Keep every AMF distinction (integer vs double, dates, byte arrays,
        /// classes, sealed/dynamic, shared references, a second copy of an
        /// object's traits as "$traits_copy", the dynamic flag of
        /// externalizable traits) so `amf encode` can give back the same
        /// bytes.
        #[arg(long)]
        lossless: bool,
        /// One line instead of indented JSON.
        #[arg(long)]
        compact: bool,
    },
    /// Encode JSON (from `amf json`, or plain JSON) as AMF bytes.
    #[command(after_help = "\
Example:
  amf json --lossless in.bin > in.json && amf encode in.json > out.bin && cmp in.bin out.bin
  echo '{\"level\": 3}' | amf encode --sol savegame - > savegame.sol

Without --amf3/--amf0/--packet/--sol, the \"$format\" of a lossless document decides.")]
    Encode {
        /// Encode as AMF3.
        #[arg(long, group = "target")]
        amf3: bool,
        /// Encode as AMF0.
        #[arg(long, group = "target")]
        amf0: bool,
        /// Encode as a remoting packet.
        #[arg(long, group = "target")]
        packet: bool,
        /// Encode as a .sol file; NAME is the shared object's name (for a
        /// lossless document, "" keeps the name in it).
        #[arg(long, group = "target", value_name = "NAME")]
        sol: Option<String>,
        /// The JSON file, or - for standard input.
        file: String,
        /// Write here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List, read and edit the entries of a .sol file (edits replace the
    /// file atomically).
    #[command(subcommand)]
    Sol(SolCommand),
}

#[derive(Subcommand, Debug)]
enum SolCommand {
    /// List the entries: key, kind, value.
    #[command(after_help = "Example:\n  amf sol list save.sol")]
    List {
        /// The .sol file.
        file: PathBuf,
    },
    /// Print one entry as JSON.
    #[command(after_help = "Example:\n  amf sol get save.sol level --lossless")]
    Get {
        /// The .sol file.
        file: PathBuf,
        /// The entry's key.
        key: String,
        /// Lossless JSON (see `amf json --help`).
        #[arg(long)]
        lossless: bool,
        /// One line instead of indented JSON.
        #[arg(long)]
        compact: bool,
    },
    /// Set one entry (added at the end if new) to a JSON value, plain or
    /// lossless.
    #[command(after_help = "\
Examples:
  amf sol set save.sol level 7                  an integer
  amf sol set save.sol ratio 7.0                a double
  amf sol set save.sol when '{\"$date\": 0.0}' --backup")]
    Set {
        /// The .sol file.
        file: PathBuf,
        /// The entry's key.
        key: String,
        /// The value as JSON; - reads it from standard input.
        value: String,
        #[command(flatten)]
        edit: EditArgs,
    },
    /// Delete one entry.
    #[command(after_help = "Example:\n  amf sol delete save.sol level --backup")]
    Delete {
        /// The .sol file.
        file: PathBuf,
        /// The entry's key.
        key: String,
        #[command(flatten)]
        edit: EditArgs,
    },
}

#[derive(Args, Debug)]
struct EditArgs {
    /// Keep the old file as FILE.bak.
    #[arg(long)]
    backup: bool,
    /// Keep the old file at this path.
    #[arg(long, value_name = "PATH", conflicts_with = "backup")]
    backup_to: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct SourceArgs {
    /// The input file, or - for standard input.
    file: String,
    /// The bytes are AMF0 value(s).
    #[arg(long, group = "kind")]
    amf0: bool,
    /// The bytes are AMF3 value(s).
    #[arg(long, group = "kind")]
    amf3: bool,
    /// The bytes are a remoting packet.
    #[arg(long, group = "kind")]
    packet: bool,
    /// The bytes are a .sol file.
    #[arg(long, group = "kind")]
    sol: bool,
    /// The input is hex text (plain hex, or a dump from Wireshark, xxd,
    /// hexdump -C): offset and ASCII columns are skipped.
    #[arg(long)]
    hex: bool,
    /// Start at this byte offset (decimal, or hex with 0x).
    #[arg(long, value_parser = amf_cli::input::parse_offset, default_value = "0")]
    offset: u64,
    /// The body layout of an externalizable class, as CLASS=read,read,…
    /// (reads: bool byte ubyte short ushort int uint float double utf object
    /// bytes:N utfbytes:N). Repeatable.
    #[arg(long, value_name = "CLASS=READS")]
    external: Vec<Spec>,
}

impl SourceArgs {
    fn source(&self) -> Source {
        let kind = if self.amf0 {
            Some(Kind::Amf0)
        } else if self.amf3 {
            Some(Kind::Amf3)
        } else if self.packet {
            Some(Kind::Packet)
        } else if self.sol {
            Some(Kind::Sol)
        } else {
            None
        };
        Source {
            file: self.file.clone(),
            hex: self.hex,
            offset: self.offset,
            kind,
            externals: self.external.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn run(cli: Cli) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Inspect {
            src,
            color,
            no_tables,
        } => {
            let color = match color {
                Color::Auto => ColorChoice::Auto,
                Color::Always => ColorChoice::Always,
                Color::Never => ColorChoice::Never,
            };
            let mut w = io::BufWriter::with_capacity(1 << 16, out);
            let r = commands::inspect(&src.source(), color, !no_tables, &mut w);
            w.flush()?;
            r
        }
        Command::Json {
            src,
            lossless,
            compact,
        } => commands::json(&src.source(), JsonStyle { lossless, compact }, &mut out),
        Command::Encode {
            amf3,
            amf0,
            packet,
            sol,
            file,
            output,
        } => {
            let target = if amf3 {
                Some(Target::Amf3)
            } else if amf0 {
                Some(Target::Amf0)
            } else if packet {
                Some(Target::Packet)
            } else {
                sol.map(|n| Target::Sol((!n.is_empty()).then_some(n)))
            };
            if target.is_none() && !has_format(&file) {
                return Err(Failure::usage(
                    "say what to encode: --amf3, --amf0, --packet or --sol NAME \
                     (or give a lossless document with \"$format\")",
                ));
            }
            match output {
                Some(path) => {
                    let mut buf = Vec::new();
                    commands::encode(&file, target, &mut buf)?;
                    commands::replace_atomically(&path, &buf)
                        .map_err(|e| Failure::input(format!("{}: {e}", path.display())))
                }
                None => commands::encode(&file, target, &mut out),
            }
        }
        Command::Sol(cmd) => match cmd {
            SolCommand::List { file } => commands::sol_list(&file, &mut out),
            SolCommand::Get {
                file,
                key,
                lossless,
                compact,
            } => commands::sol_get(&file, &key, JsonStyle { lossless, compact }, &mut out),
            SolCommand::Set {
                file,
                key,
                value,
                edit,
            } => {
                let value = if value == "-" {
                    io::read_to_string(io::stdin().lock())?
                } else {
                    value
                };
                commands::sol_set(&file, &key, &value, &edit.to_edit(&file))
            }
            SolCommand::Delete { file, key, edit } => {
                commands::sol_delete(&file, &key, &edit.to_edit(&file))
            }
        },
    }
}

/// Whether the JSON file (not standard input) names its `"$format"`; a
/// cheap look so that a missing target is a usage error.
fn has_format(file: &str) -> bool {
    file == "-" || std::fs::read_to_string(file).map_or(true, |t| t.contains("\"$format\""))
}

impl EditArgs {
    fn to_edit(&self, file: &std::path::Path) -> Edit {
        Edit {
            backup: match (&self.backup_to, self.backup) {
                (Some(p), _) => Some(p.clone()),
                (None, true) => {
                    let mut p = file.as_os_str().to_owned();
                    p.push(".bak");
                    Some(PathBuf::from(p))
                }
                (None, false) => None,
            },
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print and succeed; usage errors exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) if f.message.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(f) => {
            let _ = writeln!(io::stderr(), "amf: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}
