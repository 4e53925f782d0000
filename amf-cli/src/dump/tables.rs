//! Top-level streams of AMF0/AMF3 values and the reference tables (strings,
//! traits, objects) the dump prints after them.

use std::io::BufRead;

use amf_serde::amf3::marker as m3;

use super::{more, End, Kind, Walk, Walker, MAX_TABLE};

impl<'o, R: BufRead> Walker<'o, R> {
    pub(super) fn reset_tables(&mut self) {
        self.strings.clear();
        self.traits.clear();
        self.objects.clear();
        self.objects0.clear();
    }

    pub(super) fn stream(&mut self, kind: Kind) -> Walk<End> {
        let mut values = 0;
        while self.peek()?.is_some() {
            self.reset_tables();
            let label = if self.numbered {
                format!("#{values} ")
            } else {
                String::new()
            };
            match kind {
                Kind::Amf3 => self.amf3(0, &label)?,
                _ => self.amf0(0, &label)?,
            }
            values += 1;
            self.print_tables()?;
        }
        if values == 0 {
            return self.fault(self.pos, "input is empty");
        }
        Ok(End {
            values,
            pos: self.pos,
        })
    }

    pub(super) fn print_tables(&mut self) -> Walk<()> {
        if !self.tables {
            return Ok(());
        }
        let st = self.st;
        let mut lines = Vec::new();
        if !self.strings.is_empty() {
            let items: Vec<String> = self
                .strings
                .iter()
                .take(MAX_TABLE)
                .enumerate()
                .map(|(i, s)| format!("{} {}", st.reference(&format!("#{i}")), self.quote(s)))
                .collect();
            lines.push(format!(
                "  strings ({}): {}{}",
                self.strings.len(),
                items.join(", "),
                more(self.strings.len())
            ));
        }
        if !self.traits.is_empty() {
            lines.push(format!("  traits ({}):", self.traits.len()));
            for (i, t) in self.traits.iter().take(MAX_TABLE).enumerate() {
                let class = if t.class.is_empty() {
                    "anonymous".to_string()
                } else {
                    self.quote(&t.class)
                };
                let kind = match (t.external, t.dynamic) {
                    (true, _) => "externalizable",
                    (_, true) => "dynamic",
                    _ => "sealed",
                };
                lines.push(format!(
                    "    {} {class}, {kind}, members [{}]",
                    st.reference(&format!("#{i}")),
                    t.members.join(", ")
                ));
            }
            if self.traits.len() > MAX_TABLE {
                lines.push(format!("    {}", more(self.traits.len())));
            }
        }
        let amf3: Vec<(u64, &'static str)> = self
            .objects
            .iter()
            .take(MAX_TABLE)
            .map(|&(at, mk)| (at, m3::name(mk)))
            .collect();
        for (name, objects, total) in [
            ("objects", &amf3, self.objects.len()),
            ("AMF0 objects", &self.objects0, self.objects0.len()),
        ] {
            if objects.is_empty() {
                continue;
            }
            let items: Vec<String> = objects
                .iter()
                .take(MAX_TABLE)
                .enumerate()
                .map(|(i, (at, kind))| {
                    format!(
                        "{} {kind} at {at:0w$x}",
                        st.reference(&format!("#{i}")),
                        w = self.width
                    )
                })
                .collect();
            lines.push(format!(
                "  {name} ({total}): {}{}",
                items.join(", "),
                more(total)
            ));
        }
        if !lines.is_empty() {
            writeln!(self.out, "{}", st.note("tables:"))?;
            for l in lines {
                writeln!(self.out, "{l}")?;
            }
        }
        Ok(())
    }
}
