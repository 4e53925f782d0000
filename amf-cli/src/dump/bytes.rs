//! Byte input and line output of the dump [`Walker`]: reading the input
//! (with a fault at the offending offset, progress ticks, AMF3 `U29`s), and
//! writing one annotated line (offset, bytes, indented meaning).

use std::fmt::Display;
use std::io;
use std::io::BufRead;

use super::{Stop, Walk, Walker, MAX_DEPTH, MAX_SHOWN, MAX_TEXT};

impl<'o, R: BufRead> Walker<'o, R> {
    pub(super) fn fault<T>(&self, at: u64, what: impl Display) -> Walk<T> {
        Err(Stop::Fault {
            at,
            msg: what.to_string(),
        })
    }

    /// Starts a value at nesting `depth` (AMF0 and AMF3 alike): records the
    /// depth for the fault line and returns the value's offset, or a fault
    /// past [`MAX_DEPTH`].
    pub(super) fn enter(&mut self, depth: usize) -> Walk<u64> {
        let start = self.pos;
        self.depth = depth;
        if depth > MAX_DEPTH {
            return self.fault(start, "nested too deeply");
        }
        Ok(start)
    }

    /// Consumes `n` bytes of the reader's buffer, keeping the first ones
    /// for the line.
    fn consume(&mut self, n: usize, keep: Option<&mut Vec<u8>>) -> Walk<()> {
        let buf = self.r.fill_buf()?;
        let chunk = &buf[..n];
        let room = (MAX_SHOWN + 1).saturating_sub(self.shown.len());
        self.shown.extend_from_slice(&chunk[..room.min(n)]);
        if let Some(k) = keep {
            k.extend_from_slice(chunk);
        }
        self.r.consume(n);
        self.pos += n as u64;
        if self.pos >= self.next_tick {
            self.next_tick = self.pos + (1 << 20);
            self.progress.tick(self.pos);
        }
        Ok(())
    }

    /// Reads `n` bytes, returning them if `keep`. Allocates only as the
    /// bytes arrive, so a length field larger than the input costs nothing.
    pub(super) fn read(&mut self, n: u64, keep: bool) -> Walk<Vec<u8>> {
        let mut kept = Vec::new();
        let mut left = n;
        while left > 0 {
            let avail = match self.r.fill_buf() {
                Ok(b) => b.len(),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            };
            if avail == 0 {
                return self.fault(self.pos, format!("input ends, {left} more bytes needed"));
            }
            let k = avail.min(usize::try_from(left).unwrap_or(usize::MAX));
            self.consume(k, keep.then_some(&mut kept))?;
            left -= k as u64;
        }
        Ok(kept)
    }

    pub(super) fn byte(&mut self) -> Walk<u8> {
        Ok(self.array::<1>()?[0])
    }

    pub(super) fn array<const N: usize>(&mut self) -> Walk<[u8; N]> {
        if let Ok(buf) = self.r.fill_buf() {
            if buf.len() >= N {
                let mut a = [0; N];
                a.copy_from_slice(&buf[..N]);
                self.consume(N, None)?;
                return Ok(a);
            }
        }
        let v = self.read(N as u64, true)?;
        let mut a = [0; N];
        a.copy_from_slice(&v);
        Ok(a)
    }

    /// The next byte without reading it; `None` at the end of the input.
    pub(super) fn peek(&mut self) -> Walk<Option<u8>> {
        loop {
            match self.r.fill_buf() {
                Ok(b) => return Ok(b.first().copied()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Reads `len` bytes of UTF-8 text.
    pub(super) fn text(&mut self, len: u64) -> Walk<String> {
        let at = self.pos;
        let bytes = self.read(len, true)?;
        String::from_utf8(bytes).or_else(|e| self.fault(at, format!("invalid UTF-8: {e}")))
    }

    pub(super) fn u16(&mut self) -> Walk<u16> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    pub(super) fn u32(&mut self) -> Walk<u32> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    pub(super) fn f64(&mut self) -> Walk<f64> {
        Ok(f64::from_be_bytes(self.array()?))
    }

    /// Reads a U29 (1 to 4 bytes).
    pub(super) fn u29(&mut self) -> Walk<u32> {
        let mut v = 0u32;
        for i in 0..4 {
            let b = self.byte()?;
            if i == 3 {
                return Ok((v << 8) | u32::from(b));
            }
            v = (v << 7) | u32::from(b & 0x7f);
            if b & 0x80 == 0 {
                break;
            }
        }
        Ok(v)
    }

    // ----------------------------------------------------------- output

    /// Prints one line: the offset and bytes since the last line, indented
    /// by `depth`, and `what`.
    pub(super) fn line(&mut self, depth: usize, what: impl Display) -> Walk<()> {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let n = self.pos - self.line_start;
        let cut = n > MAX_SHOWN as u64;
        let shown = if cut { MAX_SHOWN - 1 } else { n as usize }.min(self.shown.len());
        let mut hex = String::with_capacity(3 * MAX_SHOWN + 2);
        for (i, b) in self.shown[..shown].iter().enumerate() {
            if i > 0 {
                hex.push(' ');
            }
            hex.push(char::from(DIGITS[usize::from(b >> 4)]));
            hex.push(char::from(DIGITS[usize::from(b & 15)]));
        }
        let mut width = hex.len();
        if cut {
            hex.push_str(" …");
            width += 2;
        }
        let pad = (3 * MAX_SHOWN - 1).saturating_sub(width);
        let (start, w, indent) = (self.line_start, self.width, 2 * depth);
        if self.st.on() {
            let off = self.st.offset(&format!("{start:0w$x}"));
            let hex = self.st.bytes(&hex);
            writeln!(self.out, "{off}  {hex}{:pad$}  {:indent$}{what}", "", "")?;
        } else {
            writeln!(
                self.out,
                "{start:0w$x}  {hex}{:pad$}  {:indent$}{what}",
                "", ""
            )?;
        }
        self.line_start = self.pos;
        self.shown.clear();
        Ok(())
    }

    pub(super) fn quote(&self, s: &str) -> String {
        let shown: String = s.chars().take(MAX_TEXT).collect();
        let q = if shown.len() < s.len() {
            format!("{shown:?}… ({} bytes)", s.len())
        } else {
            format!("{s:?}")
        };
        self.st.text(&q)
    }

    pub(super) fn label(&self, label: &str) -> String {
        if label.is_empty() {
            String::new()
        } else {
            self.st.label(label)
        }
    }
}
