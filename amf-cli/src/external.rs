//! `--external CLASS=SPEC`: the body layout of an externalizable class,
//! given on the command line, for both the library's decoder and the dump.
//!
//! A spec is a comma-separated list of `IDataInput` reads: `bool`, `byte`,
//! `ubyte`, `short`, `ushort`, `int`, `uint`, `float`, `double`, `utf`,
//! `object`, `bytes:N`, `utfbytes:N`. RocketAMF's test class, for example,
//! is `ExternalizableTest=double,double`.

use std::cell::RefCell;

use amf_serde::external::DataInput;
use amf_serde::Options;

/// One read of an externalizable body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Read {
    /// `readBoolean`
    Bool,
    /// `readByte`
    Byte,
    /// `readUnsignedByte`
    UnsignedByte,
    /// `readShort`
    Short,
    /// `readUnsignedShort`
    UnsignedShort,
    /// `readInt`
    Int,
    /// `readUnsignedInt`
    UnsignedInt,
    /// `readFloat`
    Float,
    /// `readDouble`
    Double,
    /// `readUTF`
    Utf,
    /// `readObject`
    Object,
    /// `readBytes(n)`
    Bytes(usize),
    /// `readUTFBytes(n)`
    UtfBytes(usize),
}

/// A class and the reads of its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    /// The class alias.
    pub class: String,
    /// The reads, in order.
    pub reads: Vec<Read>,
}

/// Most `--external` classes at once.
pub const MAX_SPECS: usize = 8;

impl std::str::FromStr for Spec {
    type Err = String;

    /// Parses `CLASS=read,read,…`.
    fn from_str(s: &str) -> Result<Spec, String> {
        let (class, reads) = s
            .rsplit_once('=')
            .ok_or_else(|| format!("{s:?}: CLASS=read,read,… expected"))?;
        let mut out = Vec::new();
        for r in reads.split(',').map(str::trim).filter(|r| !r.is_empty()) {
            let n = |t: &str| {
                t.parse::<usize>()
                    .map_err(|_| format!("{r:?}: a byte count expected after ':'"))
            };
            out.push(match r.split_once(':') {
                Some(("bytes", k)) => Read::Bytes(n(k)?),
                Some(("utfbytes", k)) => Read::UtfBytes(n(k)?),
                _ => match r {
                    "bool" => Read::Bool,
                    "byte" => Read::Byte,
                    "ubyte" => Read::UnsignedByte,
                    "short" => Read::Short,
                    "ushort" => Read::UnsignedShort,
                    "int" => Read::Int,
                    "uint" => Read::UnsignedInt,
                    "float" => Read::Float,
                    "double" => Read::Double,
                    "utf" => Read::Utf,
                    "object" => Read::Object,
                    _ => return Err(format!("{r:?}: unknown read (see amf --help)")),
                },
            });
        }
        Ok(Spec {
            class: class.to_string(),
            reads: out,
        })
    }
}

thread_local! {
    /// The specs of this thread's decoding, by slot.
    static SPECS: RefCell<Vec<Spec>> = const { RefCell::new(Vec::new()) };
}

/// The reader of slot `N`: the library takes plain function pointers, so
/// each slot is its own function that finds its spec in [`SPECS`].
fn slot<const N: usize>(input: &mut dyn DataInput) -> amf_serde::Result<()> {
    let reads = SPECS.with(|s| s.borrow().get(N).map(|s| s.reads.clone()));
    for r in reads.unwrap_or_default() {
        match r {
            Read::Bool => drop(input.read_bool()?),
            Read::Byte => drop(input.read_byte()?),
            Read::UnsignedByte => drop(input.read_unsigned_byte()?),
            Read::Short => drop(input.read_short()?),
            Read::UnsignedShort => drop(input.read_unsigned_short()?),
            Read::Int => drop(input.read_int()?),
            Read::UnsignedInt => drop(input.read_unsigned_int()?),
            Read::Float => drop(input.read_float()?),
            Read::Double => drop(input.read_double()?),
            Read::Utf => drop(input.read_utf()?),
            Read::Object => drop(input.read_object()?),
            Read::Bytes(n) => drop(input.read_bytes(n)?),
            Read::UtfBytes(n) => drop(input.read_utf_bytes(n)?),
        }
    }
    Ok(())
}

/// A body reader (the library also takes closures; these stay functions).
type SlotReader = fn(&mut dyn DataInput) -> amf_serde::Result<()>;

const SLOTS: [SlotReader; MAX_SPECS] = [
    slot::<0>, slot::<1>, slot::<2>, slot::<3>, slot::<4>, slot::<5>, slot::<6>, slot::<7>,
];

/// Decoding options that read `specs` (on the calling thread).
///
/// # Errors
/// More than [`MAX_SPECS`] classes.
pub fn options(specs: &[Spec]) -> Result<Options, String> {
    if specs.len() > MAX_SPECS {
        return Err(format!("at most {MAX_SPECS} --external classes"));
    }
    SPECS.with(|s| *s.borrow_mut() = specs.to_vec());
    // The lossless JSON keeps each AMF0 `0x11` switch (`$amf3`), so values
    // are decoded with the switch marks (issue 16: bare by default).
    let mut opts = Options::new().with_switch_marks(true);
    for (i, spec) in specs.iter().enumerate() {
        opts = opts.with_external(&spec.class, SLOTS[i]);
    }
    Ok(opts)
}
