//! The commands of `amf`: `inspect`, `json`, `encode` and `sol` (one module
//! each), with the input [`Source`] they share.

use std::io;

use crate::detect::{detect, Detected};
use crate::dump::Kind;
use crate::external::Spec;
use crate::input::Input;
use crate::Failure;

mod atomic;
mod encode;
mod inspect;
mod json;
mod sol;

pub use atomic::{replace_atomically, FAIL_WRITE_ENV};
pub use encode::{encode, encode_text, Target};
pub use inspect::inspect;
pub use json::{json, JsonStyle};
pub use sol::{sol_delete, sol_get, sol_list, sol_set, Edit};

/// Where the input comes from and what it is, as the common flags say.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// File name, or `-` for standard input.
    pub file: String,
    /// The input is hex text.
    pub hex: bool,
    /// Skip this many bytes first.
    pub offset: u64,
    /// What the bytes are, if forced (`--amf0` & co.).
    pub kind: Option<Kind>,
    /// Externalizable classes described on the command line.
    pub externals: Vec<Spec>,
}

impl Source {
    fn open(&self) -> Result<Input, Failure> {
        Input::open(&self.file, self.hex, self.offset).map_err(Failure::input)
    }

    /// The kind, forced or detected.
    fn kind(&self, input: &Input) -> Result<(Detected, bool), Failure> {
        match self.kind {
            Some(kind) => Ok((
                Detected {
                    kind,
                    values: None,
                    clean: true,
                },
                false,
            )),
            None => Ok((detect(input).map_err(Failure::input)?, true)),
        }
    }

    fn options(&self) -> Result<amf_serde::Options, Failure> {
        crate::external::options(&self.externals).map_err(Failure::usage)
    }
}

fn out_err(e: io::Error) -> Failure {
    Failure::input(format!("writing the output: {e}"))
}
