use amf_serde::amf;
use amf_serde::external::{DataInput, DataOutput, Externalizable};
#[allow(unused_imports)] // externalizable types derive neither
use serde::{Deserialize, Serialize};

#[amf(alias = "com.example.A", externalizable, dynamic)]
struct A(i32);

impl Externalizable for A {
    fn write_external(&self, output: &mut dyn DataOutput) -> amf_serde::Result<()> {
        output.write_int(self.0)
    }

    fn read_external(input: &mut dyn DataInput) -> amf_serde::Result<Self> {
        input.read_int().map(A)
    }
}

fn main() {}
