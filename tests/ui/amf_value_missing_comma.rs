fn main() {
    let _ = amf_serde::amf_value!([1 2]);
}
