//! The remoting packet walker: version, headers and messages of an AMF
//! envelope, each body walked as AMF0.

use std::io::BufRead;

use super::{fmt_len, num, End, Walk, Walker};

impl<'o, R: BufRead> Walker<'o, R> {
    /// A `U16`-prefixed UTF-8 field (names, URIs).
    pub(super) fn utf8_field(&mut self) -> Walk<String> {
        let len = self.u16()?;
        self.text(u64::from(len))
    }

    pub(super) fn packet(&mut self) -> Walk<End> {
        let st = self.st;
        let version = self.u16()?;
        let v = format!("{} {}", st.kind("packet version"), num(self.st, version));
        self.line(0, v)?;
        let nh = self.u16()?;
        let h = format!("{} {}", st.kind("headers:"), num(self.st, nh));
        self.line(0, h)?;
        for i in 0..nh {
            let name = self.utf8_field()?;
            let q = self.quote(&name);
            self.line(1, format!("{} {q}", st.kind(&format!("header #{i}"))))?;
            let must = self.byte()?;
            self.line(2, format!("must understand: {}", num(self.st, must != 0)))?;
            let len = self.u32()?;
            self.line(2, format!("length {}", fmt_len(len)))?;
            self.reset_tables();
            self.amf0(2, "value: ")?;
            self.print_tables()?;
        }
        let nm = self.u16()?;
        let m = format!("{} {}", st.kind("messages:"), num(self.st, nm));
        self.line(0, m)?;
        for i in 0..nm {
            let target = self.utf8_field()?;
            let q = self.quote(&target);
            self.line(
                1,
                format!("{} target {q}", st.kind(&format!("message #{i}"))),
            )?;
            let response = self.utf8_field()?;
            let q = self.quote(&response);
            self.line(2, format!("response {q}"))?;
            let len = self.u32()?;
            self.line(2, format!("length {}", fmt_len(len)))?;
            self.reset_tables();
            self.amf0(2, "body: ")?;
            self.print_tables()?;
        }
        if self.peek()?.is_some() {
            return self.fault(self.pos, "trailing bytes after the last message");
        }
        Ok(End {
            values: u64::from(nm),
            pos: self.pos,
        })
    }
}
