//! Where the bytes come from: a file (read as it is needed, never whole
//! unless a command needs it), standard input, or hex text as copied from
//! Wireshark, `xxd`, `hexdump -C` or a log.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// The input of a command.
#[derive(Debug)]
pub struct Input {
    data: Data,
    /// Offset in the source where the input starts (`--offset`).
    base: u64,
    /// Bytes from `base` to the end.
    len: u64,
    /// How to name the input in messages.
    pub name: String,
}

#[derive(Debug)]
enum Data {
    File(PathBuf),
    Bytes(Vec<u8>),
}

/// Buffer size of file readers.
const BUF: usize = 1 << 16;

impl Input {
    /// Opens `path` (`-` for standard input, read whole). With `hex`, the
    /// source is hex text, decoded to bytes first. `offset` skips that many
    /// bytes of the (decoded) source.
    ///
    /// # Errors
    /// The file cannot be read, the hex text is not hex, or `offset` is past
    /// the end.
    pub fn open(path: &str, hex: bool, offset: u64) -> Result<Input, String> {
        let name = if path == "-" {
            "standard input".to_string()
        } else {
            path.to_string()
        };
        let data = if path == "-" || hex {
            let mut raw = Vec::new();
            let r = if path == "-" {
                io::stdin().lock().read_to_end(&mut raw)
            } else {
                File::open(path).and_then(|mut f| f.read_to_end(&mut raw))
            };
            r.map_err(|e| format!("{name}: {e}"))?;
            if hex {
                let text = String::from_utf8_lossy(&raw);
                Data::Bytes(parse_hex(&text).map_err(|e| format!("{name}: {e}"))?)
            } else {
                Data::Bytes(raw)
            }
        } else {
            let meta = std::fs::metadata(path).map_err(|e| format!("{name}: {e}"))?;
            if meta.is_dir() {
                return Err(format!("{name}: is a directory"));
            }
            Data::File(PathBuf::from(path))
        };
        let total = match &data {
            Data::File(p) => std::fs::metadata(p)
                .map_err(|e| format!("{name}: {e}"))?
                .len(),
            Data::Bytes(b) => b.len() as u64,
        };
        if offset > total {
            return Err(format!(
                "{name}: offset {offset} is past the end ({total} bytes)"
            ));
        }
        Ok(Input {
            data,
            base: offset,
            len: total - offset,
            name,
        })
    }

    /// Input from bytes in memory (for tests and tools).
    pub fn from_bytes(bytes: Vec<u8>, name: &str) -> Input {
        Input {
            len: bytes.len() as u64,
            data: Data::Bytes(bytes),
            base: 0,
            name: name.to_string(),
        }
    }

    /// Offset in the source where the input starts.
    pub fn base(&self) -> u64 {
        self.base
    }

    /// Bytes of input (from the offset to the end).
    pub fn len(&self) -> u64 {
        self.len
    }

    /// `true` for empty input.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The file, if the input is a file read in place.
    pub fn path(&self) -> Option<&Path> {
        match &self.data {
            Data::File(p) => Some(p),
            Data::Bytes(_) => None,
        }
    }

    /// A buffered reader from the input's start.
    ///
    /// # Errors
    /// The file cannot be opened.
    pub fn reader(&self) -> io::Result<Box<dyn BufRead + '_>> {
        match &self.data {
            Data::File(p) => {
                let mut f = File::open(p)?;
                f.seek(SeekFrom::Start(self.base))?;
                Ok(Box::new(BufReader::with_capacity(BUF, f)))
            }
            Data::Bytes(b) => Ok(Box::new(&b[self.base as usize..])),
        }
    }

    /// A plain reader from the input's start (for the library's
    /// `from_reader`, which buffers itself).
    ///
    /// # Errors
    /// The file cannot be opened.
    pub fn raw_reader(&self) -> io::Result<Box<dyn Read + '_>> {
        // The same reader as `reader`, seen as a plain `Read`.
        Ok(self.reader()?)
    }

    /// The whole input in memory.
    ///
    /// # Errors
    /// The file cannot be read.
    pub fn bytes(&self) -> io::Result<Cow<'_, [u8]>> {
        match &self.data {
            Data::File(_) => {
                let mut v = Vec::with_capacity(self.len as usize);
                self.reader()?.read_to_end(&mut v)?;
                Ok(Cow::Owned(v))
            }
            Data::Bytes(b) => Ok(Cow::Borrowed(&b[self.base as usize..])),
        }
    }

    /// Up to `n` bytes from the input's start.
    ///
    /// # Errors
    /// The file cannot be read.
    pub fn prefix(&self, n: u64) -> io::Result<Vec<u8>> {
        let mut v = Vec::new();
        self.reader()?.take(n).read_to_end(&mut v)?;
        Ok(v)
    }

    /// Up to `n` bytes at absolute offset `at` (offsets as the dump shows
    /// them: from the start of the source).
    pub fn read_at(&self, at: u64, n: usize) -> Vec<u8> {
        let mut v = Vec::new();
        let _ = match &self.data {
            Data::File(p) => File::open(p).and_then(|mut f| {
                f.seek(SeekFrom::Start(at))?;
                f.take(n as u64).read_to_end(&mut v)
            }),
            Data::Bytes(b) => {
                let s = (at as usize).min(b.len());
                v.extend_from_slice(&b[s..(s + n).min(b.len())]);
                Ok(0)
            }
        };
        v
    }
}

/// Parses a number given as decimal or `0x` hex (for `--offset`).
///
/// # Errors
/// Not a number.
pub fn parse_offset(s: &str) -> Result<u64, String> {
    let r = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => u64::from_str_radix(h, 16),
        None => s.parse(),
    };
    r.map_err(|_| format!("not an offset: {s:?} (decimal, or hex with 0x)"))
}

/// Decodes hex text: plain hex (`0a0b01`, `0a 0b 01`, `0x0a, 0x0b`,
/// `\x0a\x0b`) or a dump with an offset column and an ASCII column
/// (Wireshark's "Copy as Hex Dump", `xxd`, `hexdump -C`, `od -A x -t x1`).
///
/// ```
/// use amf_cli::input::parse_hex;
///
/// assert_eq!(parse_hex("0a 0b\n01").unwrap(), [0x0a, 0x0b, 0x01]);
/// let wireshark = "0000   00 03 00 00 00 01 00 0b 2f 31 2f 6f 6e 52 65 73   ......../1/onRes\n\
///                  0010   75 6c 74                                          ult\n";
/// assert_eq!(parse_hex(wireshark).unwrap().len(), 19);
/// let xxd = "00000000: 0905 0106 0766 6f6f 0600            .....foo..\n";
/// assert_eq!(parse_hex(xxd).unwrap(), [9, 5, 1, 6, 7, b'f', b'o', b'o', 6, 0]);
/// ```
///
/// # Errors
/// A character that is not hex (outside the offset and ASCII columns), or
/// an odd number of digits.
pub fn parse_hex(text: &str) -> Result<Vec<u8>, String> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if let Some(bytes) = dump_lines(&lines) {
        return Ok(bytes);
    }
    plain_hex(text)
}

/// Decodes a dump with an offset column, if every line has one that
/// matches the bytes before it.
fn dump_lines(lines: &[&str]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut saw_marked = false;
    for line in lines {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        let end = trimmed
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(trimmed.len());
        if end < 4 {
            return None;
        }
        let off = u64::from_str_radix(&trimmed[..end], 16).ok()?;
        if off != out.len() as u64 {
            return None;
        }
        let mut rest = &trimmed[end..];
        if let Some(r) = rest.strip_prefix(':') {
            rest = r;
            saw_marked = true;
        } else if !rest.starts_with(char::is_whitespace) {
            if rest.is_empty() {
                continue; // a last line holding only the final offset
            }
            return None;
        } else if rest.starts_with("  ") {
            saw_marked = true;
        }
        // `hexdump -C`: the ASCII column is between bars.
        let hexpart = match rest.find('|') {
            Some(i) => &rest[..i],
            None => {
                // Otherwise it starts after a gap of two or more spaces
                // once the bytes have started.
                let body = rest.trim_start();
                match body.find("  ") {
                    Some(i) => &body[..i],
                    None => body,
                }
            }
        };
        for tok in hexpart.split_whitespace() {
            if !tok.len().is_multiple_of(2) || !tok.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            for i in (0..tok.len()).step_by(2) {
                out.push(u8::from_str_radix(&tok[i..i + 2], 16).ok()?);
            }
        }
    }
    (saw_marked || lines.len() > 1).then_some(out)
}

fn plain_hex(text: &str) -> Result<Vec<u8>, String> {
    let cleaned = text
        .replace("0x", " ")
        .replace("0X", " ")
        .replace("\\x", " ");
    let mut out = Vec::new();
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut Vec<u8>| -> Result<(), String> {
        if !digits.len().is_multiple_of(2) {
            return Err(format!("odd number of hex digits in {digits:?}"));
        }
        for i in (0..digits.len()).step_by(2) {
            out.push(u8::from_str_radix(&digits[i..i + 2], 16).map_err(|e| e.to_string())?);
        }
        digits.clear();
        Ok(())
    };
    for (i, c) in cleaned.chars().enumerate() {
        if c.is_ascii_hexdigit() {
            digits.push(c);
        } else if c.is_whitespace() || matches!(c, ',' | ':' | ';' | '-' | '[' | ']' | '"') {
            flush(&mut digits, &mut out)?;
        } else {
            return Err(format!("not hex: {c:?} at character {i}"));
        }
    }
    flush(&mut digits, &mut out)?;
    Ok(out)
}
