fn main() {
    let _ = amf_serde::amf_value!({ "a" 1 });
}
