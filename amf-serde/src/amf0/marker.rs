//! AMF0 type markers.

/// number (`DOUBLE`)
pub const NUMBER: u8 = 0x00;
/// boolean
pub const BOOLEAN: u8 = 0x01;
/// string (16-bit length)
pub const STRING: u8 = 0x02;
/// anonymous object
pub const OBJECT: u8 = 0x03;
/// movieclip (reserved)
pub const MOVIECLIP: u8 = 0x04;
/// null
pub const NULL: u8 = 0x05;
/// undefined
pub const UNDEFINED: u8 = 0x06;
/// reference to an earlier object
pub const REFERENCE: u8 = 0x07;
/// ECMA (associative) array
pub const ECMA_ARRAY: u8 = 0x08;
/// end of a property list (after an empty key)
pub const OBJECT_END: u8 = 0x09;
/// strict (dense) array
pub const STRICT_ARRAY: u8 = 0x0A;
/// date
pub const DATE: u8 = 0x0B;
/// long string (32-bit length)
pub const LONG_STRING: u8 = 0x0C;
/// unsupported
pub const UNSUPPORTED: u8 = 0x0D;
/// recordset (reserved)
pub const RECORDSET: u8 = 0x0E;
/// XML document
pub const XML_DOC: u8 = 0x0F;
/// typed object
pub const TYPED_OBJECT: u8 = 0x10;
/// switch to AMF3 for one value
pub const AVMPLUS: u8 = 0x11;

/// Human-readable name of a marker, for messages.
pub fn name(marker: u8) -> &'static str {
    match marker {
        NUMBER => "number",
        BOOLEAN => "boolean",
        STRING => "string",
        OBJECT => "object",
        MOVIECLIP => "movieclip",
        NULL => "null",
        UNDEFINED => "undefined",
        REFERENCE => "reference",
        ECMA_ARRAY => "ECMA array",
        OBJECT_END => "object end",
        STRICT_ARRAY => "strict array",
        DATE => "date",
        LONG_STRING => "long string",
        UNSUPPORTED => "unsupported",
        RECORDSET => "recordset",
        XML_DOC => "XML document",
        TYPED_OBJECT => "typed object",
        AVMPLUS => "AMF3 switch",
        _ => "invalid marker",
    }
}
