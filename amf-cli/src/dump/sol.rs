//! The `.sol` walker: the Flash local shared object header and its
//! named values (AMF0 or AMF3).

use std::io::BufRead;

use super::{num, End, Walk, Walker};

impl<'o, R: BufRead> Walker<'o, R> {
    pub(super) fn sol(&mut self) -> Walk<End> {
        let st = self.st;
        let start = self.pos;
        if self.array::<2>()? != [0x00, 0xbf] {
            return self.fault(start, "not a .sol file: it does not start with 00 bf");
        }
        self.line(0, st.kind(".sol magic"))?;
        let len = self.u32()?;
        self.line(
            0,
            format!("length {} (bytes after this field)", num(self.st, len)),
        )?;
        let at = self.pos;
        if &self.array::<4>()? != b"TCSO" {
            return self.fault(at, "signature \"TCSO\" missing");
        }
        let at = self.pos;
        let sig = self.array::<6>()?;
        if sig != [0x00, 0x04, 0, 0, 0, 0] {
            return self.fault(at, "signature bytes 00 04 00 00 00 00 missing");
        }
        self.line(0, "signature \"TCSO\" 00 04 00 00 00 00")?;
        let name = self.utf8_field()?;
        let q = self.quote(&name);
        self.line(0, format!("{} {q}", st.kind("name")))?;
        self.read(3, false)?;
        let at = self.pos;
        let version = self.byte()?;
        let amf3 = match version {
            0 => false,
            3 => true,
            v => return self.fault(at, format!("AMF version {v}: only 0 and 3 exist")),
        };
        let v = if amf3 { "AMF3" } else { "AMF0" };
        self.line(0, format!("padding, {} {v}", st.kind("version")))?;
        // One table set for the whole body. In AMF0, Flash
        // Player counts the shared object's data (the body) as object #0.
        self.reset_tables();
        if !amf3 {
            self.objects0
                .push((self.pos, "body (the shared object's data)"));
        }
        let mut values = 0;
        while self.peek()?.is_some() {
            let key = if amf3 {
                let (key, how) = self.utf8_vr()?;
                let q = self.quote(&key);
                self.line(1, format!("{} {q} ({how})", st.kind("entry")))?;
                key
            } else {
                let key = self.utf8_field()?;
                let q = self.quote(&key);
                self.line(1, format!("{} {q}", st.kind("entry")))?;
                key
            };
            if amf3 {
                self.amf3(2, &format!("{key}: "))?;
            } else {
                self.amf0(2, &format!("{key}: "))?;
            }
            let at = self.pos;
            let end = self.byte()?;
            if end != 0 {
                return self.fault(at, format!("entry end 00 expected, found {end:02x}"));
            }
            let e = st.note("end of entry");
            self.line(2, e)?;
            values += 1;
        }
        self.print_tables()?;
        Ok(End {
            values,
            pos: self.pos,
        })
    }
}
