//! The AMF0 walker: every AMF0 marker, its object references, and the
//! switch to AMF3 (`avmplus-object`).

use std::io::BufRead;

use super::{fmt_f64, iso_date, num, Walk, Walker};

impl<'o, R: BufRead> Walker<'o, R> {
    /// Walks one AMF0 value.
    pub(crate) fn amf0(&mut self, depth: usize, label: &str) -> Walk<()> {
        use amf_serde::amf0::marker as m0;
        let start = self.enter(depth)?;
        let st = self.st;
        let label = self.label(label);
        let mk = self.byte()?;
        let kind = |s: &str| st.kind(s);
        let mut count = 0;
        let tag = |objects: &Vec<(u64, &'static str)>| {
            st.reference(&format!("(AMF0 object #{})", objects.len()))
        };
        let what = match mk {
            m0::NUMBER => format!("{} {}", kind("number"), num(self.st, fmt_f64(self.f64()?))),
            m0::BOOLEAN => {
                let b = self.byte()? != 0;
                format!("{} {}", kind("boolean"), num(self.st, b))
            }
            m0::STRING | m0::LONG_STRING => {
                let len = if mk == m0::STRING {
                    u64::from(self.u16()?)
                } else {
                    u64::from(self.u32()?)
                };
                let s = self.text(len)?;
                let k = if mk == m0::STRING {
                    "string"
                } else {
                    "long string"
                };
                format!("{} {}", kind(k), self.quote(&s))
            }
            m0::NULL => st.scalar("null"),
            m0::UNDEFINED => st.scalar("undefined"),
            m0::UNSUPPORTED => st.scalar("unsupported"),
            m0::REFERENCE => {
                let i = self.u16()?;
                let Some(&(at, was)) = self.objects0.get(usize::from(i)) else {
                    return self.fault(start, format!("AMF0 reference #{i} past the table's end"));
                };
                let r = st.reference(&format!("AMF0 reference #{i}"));
                let what = format!(
                    "{label}{}: {r}, the {was} at {at:0w$x}",
                    kind("reference"),
                    w = self.width
                );
                return self.line(depth, what);
            }
            m0::DATE => {
                let ms = self.f64()?;
                let tz = i16::from_be_bytes(self.array()?);
                format!(
                    "{} {} ({} ms, time-zone field {tz})",
                    kind("date"),
                    iso_date(ms),
                    num(self.st, fmt_f64(ms))
                )
            }
            m0::XML_DOC => {
                let len = u64::from(self.u32()?);
                let s = self.text(len)?;
                format!("{} {}", kind("XML document"), self.quote(&s))
            }
            m0::OBJECT => {
                let t = tag(&self.objects0);
                self.objects0.push((start, "object"));
                format!("{} (anonymous) {t}", kind("object"))
            }
            m0::TYPED_OBJECT => {
                let len = u64::from(self.u16()?);
                let class = self.text(len)?;
                let t = tag(&self.objects0);
                self.objects0.push((start, "typed object"));
                format!("{} {} {t}", kind("typed object"), self.quote(&class))
            }
            m0::ECMA_ARRAY => {
                let n = self.u32()?;
                let t = tag(&self.objects0);
                self.objects0.push((start, "ECMA array"));
                format!("{}, count {} {t}", kind("ECMA array"), num(self.st, n))
            }
            m0::STRICT_ARRAY => {
                let n = self.u32()?;
                count = n;
                let t = tag(&self.objects0);
                self.objects0.push((start, "strict array"));
                format!("{}, {} items {t}", kind("strict array"), num(self.st, n))
            }
            m0::AVMPLUS => {
                let what = format!("{label}{}", kind("switch to AMF3"));
                self.line(depth, what)?;
                return self.amf3(depth + 1, "");
            }
            _ => return self.fault(start, format!("invalid AMF0 marker {mk:#04x}")),
        };
        self.line(depth, format!("{label}{what}"))?;
        let depth = depth + 1;
        match mk {
            m0::OBJECT | m0::TYPED_OBJECT | m0::ECMA_ARRAY => self.amf0_properties(depth)?,
            m0::STRICT_ARRAY => {
                // The count comes from the input: items are read one by one,
                // so a huge count on short input ends at the end of input.
                for i in 0..count {
                    self.amf0(depth, &format!("[{i}] "))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// AMF0 properties: `U16` key, value, … up to the empty key and `09`.
    fn amf0_properties(&mut self, depth: usize) -> Walk<()> {
        loop {
            let len = self.u16()?;
            if len == 0 && self.peek()? == Some(amf_serde::amf0::marker::OBJECT_END) {
                self.byte()?;
                let e = self.st.note("end of object");
                return self.line(depth, e);
            }
            let key = self.text(u64::from(len))?;
            let q = self.quote(&key);
            self.line(depth, format!("key {q}"))?;
            self.amf0(depth, &format!("{key}: "))?;
        }
    }
}
