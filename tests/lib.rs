//! Integration tests for amf-serde: see the files in this directory.
