//! The AMF3 walker: every AMF3 marker, the string/traits/object references,
//! Flex small messages and the externalizable bodies described by `--external`.

use std::io::BufRead;

use amf_serde::amf3::marker as m3;

use crate::external::Read;

use super::{fmt_f64, iso_date, num, Traits, Walk, Walker, FLEX_ONE_VALUE};

impl<'o, R: BufRead> Walker<'o, R> {
    /// Reads a UTF-8-vr: the text, and how it was sent.
    pub(super) fn utf8_vr(&mut self) -> Walk<(String, String)> {
        let (at, h) = (self.pos, self.u29()?);
        let i = (h >> 1) as usize;
        if h & 1 == 0 {
            let Some(s) = self.strings.get(i) else {
                return self.fault(at, format!("string ref #{i} past the table's end"));
            };
            let s = s.to_string();
            let how = self.st.reference(&format!("string ref #{i}"));
            Ok((s, how))
        } else if i == 0 {
            Ok((String::new(), "empty: never in the table".into()))
        } else {
            let s = self.text(u64::from(h >> 1))?;
            self.strings.push(&s);
            let how = self
                .st
                .reference(&format!("new string #{}", self.strings.len() - 1));
            Ok((s, how))
        }
    }

    /// Walks one AMF3 value: prints its header line (prefixed by `label`),
    /// then its contents one level deeper.
    pub(crate) fn amf3(&mut self, depth: usize, label: &str) -> Walk<()> {
        let start = self.enter(depth)?;
        let st = self.st;
        let label = self.label(label);
        let mk = self.byte()?;
        let name = m3::name(mk);
        // Complex values start with a U29: low bit 0 = object reference,
        // 1 = inline (registered in the object table before its contents).
        let (mut h, mut tag) = (0, String::new());
        if m3::is_complex(mk) {
            h = self.u29()?;
            let i = (h >> 1) as usize;
            if h & 1 == 0 {
                let Some(&(at, was)) = self.objects.get(i) else {
                    return self.fault(start, format!("object ref #{i} past the table's end"));
                };
                let was = m3::name(was);
                let r = st.reference(&format!("object ref #{i}"));
                let what = format!(
                    "{label}{}: {r}, the {was} at {at:0w$x}",
                    st.kind(name),
                    w = self.width
                );
                return self.line(depth, what);
            }
            tag = format!(
                " {}",
                st.reference(&format!("(object #{})", self.objects.len()))
            );
            self.objects.push((start, mk));
        }
        let (n, mut t) = (h >> 1, (h >> 2) as usize);
        let mut assoc = false;
        let mut external = None;
        let mut inline_class = String::new();

        let kind = st.kind(name);
        let what = match mk {
            m3::UNDEFINED | m3::NULL => st.scalar(name),
            m3::FALSE => format!("{kind} {}", st.scalar("false")),
            m3::TRUE => format!("{kind} {}", st.scalar("true")),
            m3::INTEGER => format!("{kind} {}", num(self.st, m3::sign_extend(self.u29()?))),
            m3::DOUBLE => format!("{kind} {}", num(self.st, fmt_f64(self.f64()?))),
            m3::STRING => {
                let (s, how) = self.utf8_vr()?;
                format!("{kind} {} ({how})", self.quote(&s))
            }
            m3::XML_DOC | m3::XML => {
                let s = self.text(u64::from(n))?;
                format!("{kind} {}", self.quote(&s))
            }
            m3::BYTE_ARRAY => {
                self.read(u64::from(n), false)?;
                format!("{kind}, {} bytes", num(self.st, n))
            }
            m3::DATE => {
                let ms = self.f64()?;
                format!("{kind} {} ({} ms)", iso_date(ms), num(self.st, fmt_f64(ms)))
            }
            m3::ARRAY if self.peek()? == Some(0x01) => {
                self.byte()?;
                format!("{kind}, {} dense, no associative part", num(self.st, n))
            }
            m3::ARRAY => {
                assoc = true;
                format!("{kind}, {} dense, associative part first", num(self.st, n))
            }
            // Object header bits: …01 traits ref, …111 externalizable,
            // …011 inline traits (bit 3 = dynamic, >> 4 = sealed count).
            m3::OBJECT if h & 2 == 0 => {
                let Some(tr) = self.traits.get(t) else {
                    return self.fault(start, format!("traits ref #{t} past the table's end"));
                };
                let class = if tr.class.is_empty() {
                    "anonymous".to_string()
                } else {
                    self.quote(&tr.class)
                };
                let k = match (tr.external, tr.dynamic) {
                    (true, _) => "externalizable",
                    (_, true) => "dynamic",
                    _ => "sealed",
                };
                if tr.external {
                    external = Some(tr.class.clone());
                }
                let r = st.reference(&format!("traits ref #{t}"));
                format!("{kind} {class}, {r} ({k}, {} members)", tr.members.len())
            }
            m3::OBJECT => {
                let (class, how) = self.utf8_vr()?;
                let shown = if class.is_empty() {
                    "anonymous".to_string()
                } else {
                    format!("{} ({how})", self.quote(&class))
                };
                t = self.traits.len();
                let r = st.reference(&format!("inline traits #{t}"));
                if h & 4 != 0 {
                    self.traits.push(Traits {
                        class: class.clone(),
                        external: true,
                        ..Traits::default()
                    });
                    external = Some(class);
                    format!("{kind} {shown}, {r}, externalizable")
                } else {
                    let k = if h & 8 != 0 { "dynamic" } else { "sealed" };
                    inline_class = class;
                    format!("{kind} {shown}, {r} ({k}, {} members)", h >> 4)
                }
            }
            m3::VECTOR_INT..=m3::VECTOR_OBJECT => {
                let fixed = if self.byte()? == 0 {
                    "variable"
                } else {
                    "fixed"
                };
                let mut ty = String::new();
                if mk == m3::VECTOR_OBJECT {
                    let (tn, how) = self.utf8_vr()?;
                    ty = format!(", type {} ({how})", self.quote(&tn));
                }
                format!("{kind}, {} items, {fixed} length{ty}", num(self.st, n))
            }
            m3::DICTIONARY => {
                let weak = if self.byte()? == 0 { "strong" } else { "weak" };
                format!("{kind}, {} entries, {weak} keys", num(self.st, n))
            }
            _ => return self.fault(start, format!("invalid AMF3 marker {mk:#04x}")),
        };
        self.line(depth, format!("{label}{what}{tag}"))?;

        let depth = depth + 1;
        match mk {
            m3::ARRAY | m3::VECTOR_OBJECT => {
                if assoc {
                    self.amf3_pairs(depth, "end of associative part")?;
                }
                for i in 0..n {
                    self.amf3(depth, &format!("[{i}] "))?;
                }
            }
            m3::OBJECT if external.is_some() => {
                let class = external.unwrap_or_default();
                if FLEX_ONE_VALUE.contains(&class.as_str()) {
                    self.amf3(depth, "body: ")?;
                } else if matches!(class.as_str(), "DSK" | "DSA" | "DSC") {
                    self.small_message(depth, &class)?;
                } else if let Some(spec) = self.externals.iter().find(|s| s.class == class) {
                    for r in spec.reads.clone() {
                        self.external_read(depth, r)?;
                    }
                } else {
                    return self.fault(
                        self.pos,
                        format!(
                            "externalizable class {class:?}: its body is in the class's own \
                             format (describe it with --external {class}=double,utf,…)"
                        ),
                    );
                }
            }
            m3::OBJECT => {
                if h & 2 != 0 {
                    let mut members = Vec::new();
                    for _ in 0..h >> 4 {
                        let (member, how) = self.utf8_vr()?;
                        let q = self.quote(&member);
                        self.line(depth, format!("member name {q} ({how})"))?;
                        members.push(member);
                    }
                    self.traits.push(Traits {
                        class: std::mem::take(&mut inline_class),
                        members,
                        dynamic: h & 8 != 0,
                        external: false,
                    });
                }
                let tr = self.traits[t].clone();
                for member in &tr.members {
                    self.amf3(depth, &format!("{member}: "))?;
                }
                if tr.dynamic {
                    self.amf3_pairs(depth, "end of dynamic members")?;
                }
            }
            m3::VECTOR_INT..=m3::VECTOR_DOUBLE => {
                for i in 0..n {
                    let item = match mk {
                        m3::VECTOR_INT => i32::from_be_bytes(self.array()?).to_string(),
                        m3::VECTOR_UINT => u32::from_be_bytes(self.array()?).to_string(),
                        _ => fmt_f64(self.f64()?),
                    };
                    let l = self.st.label(&format!("[{i}]"));
                    self.line(depth, format!("{l} {}", num(self.st, item)))?;
                }
            }
            m3::DICTIONARY => {
                for _ in 0..n {
                    self.amf3(depth, "key: ")?;
                    self.amf3(depth, "value: ")?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The body of a Flex small message (`DSK`, `DSA`, `DSC`): flag groups,
    /// each flag bytes then one AMF3 value per set bit.
    fn small_message(&mut self, depth: usize, class: &str) -> Walk<()> {
        const ABSTRACT: [&[&str]; 2] = [
            &[
                "body",
                "clientId",
                "destination",
                "headers",
                "messageId",
                "timestamp",
                "timeToLive",
            ],
            &["clientId (bytes)", "messageId (bytes)"],
        ];
        const ASYNC: [&[&str]; 1] = [&["correlationId", "correlationId (bytes)"]];
        const ACK: [&[&str]; 1] = [&[]];
        const COMMAND: [&[&str]; 1] = [&["operation"]];
        let last: (&str, &[&[&str]]) = match class {
            "DSK" => ("AcknowledgeMessage", &ACK),
            "DSC" => ("CommandMessage", &COMMAND),
            _ => ("", &[]),
        };
        let mut groups: Vec<(&str, &[&[&str]])> =
            vec![("AbstractMessage", &ABSTRACT), ("AsyncMessage", &ASYNC)];
        if !last.0.is_empty() {
            groups.push(last);
        }
        for (group, names) in groups {
            let mut flags = Vec::new();
            loop {
                let f = self.byte()?;
                let i = flags.len();
                let known = names.get(i).copied().unwrap_or(&[]);
                let set: Vec<String> = (0..7)
                    .filter(|b| f & (1 << b) != 0)
                    .map(|b| known.get(b).map_or(format!("bit {b}"), |n| n.to_string()))
                    .collect();
                let more = if f & 0x80 != 0 {
                    ", more flags follow"
                } else {
                    ""
                };
                let what = format!(
                    "{} flags {}: [{}]{more}",
                    group,
                    num(self.st, format!("{f:#04x}")),
                    set.join(", ")
                );
                self.line(depth, what)?;
                flags.push(f);
                if f & 0x80 == 0 {
                    break;
                }
            }
            for (i, f) in flags.iter().enumerate() {
                let known = names.get(i).copied().unwrap_or(&[]);
                for b in 0..7 {
                    if f & (1 << b) == 0 {
                        continue;
                    }
                    match known.get(b) {
                        Some(name) => self.amf3(depth, &format!("{name}: "))?,
                        // Unknown bits up to 5 carry a value to skip; an
                        // unknown bit 6 carries none (the reference reader).
                        None if b < 6 => self.amf3(depth, &format!("bit {b} (unknown): "))?,
                        None => {}
                    }
                }
            }
        }
        Ok(())
    }

    /// One read of an externalizable body described by `--external`.
    fn external_read(&mut self, depth: usize, r: Read) -> Walk<()> {
        let what = match r {
            Read::Bool => format!("readBoolean {}", num(self.st, self.byte()? != 0)),
            Read::Byte => format!(
                "readByte {}",
                num(self.st, i8::from_be_bytes(self.array()?))
            ),
            Read::UnsignedByte => format!("readUnsignedByte {}", num(self.st, self.byte()?)),
            Read::Short => format!(
                "readShort {}",
                num(self.st, i16::from_be_bytes(self.array()?))
            ),
            Read::UnsignedShort => format!("readUnsignedShort {}", num(self.st, self.u16()?)),
            Read::Int => format!(
                "readInt {}",
                num(self.st, i32::from_be_bytes(self.array()?))
            ),
            Read::UnsignedInt => format!("readUnsignedInt {}", num(self.st, self.u32()?)),
            Read::Float => {
                let f = f32::from_be_bytes(self.array()?);
                format!("readFloat {}", num(self.st, format!("{f:?}")))
            }
            Read::Double => format!("readDouble {}", num(self.st, fmt_f64(self.f64()?))),
            Read::Utf => {
                let s = self.utf8_field()?;
                format!("readUTF {}", self.quote(&s))
            }
            Read::UtfBytes(n) => {
                let s = self.text(n as u64)?;
                format!("readUTFBytes {}", self.quote(&s))
            }
            Read::Bytes(n) => {
                self.read(n as u64, false)?;
                format!("readBytes, {} bytes", num(self.st, n))
            }
            Read::Object => return self.amf3(depth, "readObject: "),
        };
        self.line(depth, what)
    }

    /// Walks name/value pairs up to the empty name `01` that ends them.
    fn amf3_pairs(&mut self, depth: usize, end: &str) -> Walk<()> {
        loop {
            let (key, how) = self.utf8_vr()?;
            if key.is_empty() {
                let e = self.st.note(end);
                return self.line(depth, e);
            }
            let q = self.quote(&key);
            self.line(depth, format!("key {q} ({how})"))?;
            self.amf3(depth, &format!("{key}: "))?;
        }
    }
}
