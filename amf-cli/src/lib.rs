//! The library behind the `amf` command-line tool: an annotated hex dump
//! of AMF0/AMF3 values, remoting packets and `.sol` files ([`dump`]),
//! detection of what a blob is ([`detect`]), a lossless JSON form of any
//! [`amf_serde::Value`] ([`lossless`]), hex-text input ([`input`]), and the
//! commands themselves ([`commands`]).
//!
//! Install the tool with `cargo install --path amf-cli`; `amf --help` lists
//! the commands with an example each.

pub mod commands;
pub mod detect;
pub mod dump;
pub mod external;
pub mod input;
pub mod lossless;
pub mod progress;
pub mod style;

/// A failed command: its message and the process exit code.
#[derive(Debug)]
pub struct Failure {
    /// 1 for bad input (or an I/O failure), 2 for a usage error.
    pub code: u8,
    /// What to print on standard error (after "amf: ").
    pub message: String,
}

impl Failure {
    /// Bad input: exit code 1.
    pub fn input(message: impl Into<String>) -> Self {
        Failure {
            code: 1,
            message: message.into(),
        }
    }

    /// A usage error: exit code 2.
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::input(e.to_string())
    }
}
