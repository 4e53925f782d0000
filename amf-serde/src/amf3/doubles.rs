//! Tests of the typed decoder's paths for short arrays of doubles
//! (and, in `value_pairs`, of the `Value` decoder's coordinate pairs)
//! (coordinate pairs) and for `deserialize_any` inside containers
//! (`any_inside`): values, limits and error offsets as the general path.
//!
//! Short arrays of up to four doubles are read ahead in one step
//! (`amf3/de/seq.rs`, `short_seq` and `DoubleDe`): the tests below check
//! that values, work and depth accounting, the object table and every
//! error offset are those of the element-by-element path.

#[cfg(test)]
mod tests {
    use crate::amf3::{from_slice, from_slice_with};
    use crate::{Options, Value};

    /// `[[1.0, -2.5]]`: an outer array of one element (bytes 0-2), the
    /// inner pair at 3, its doubles at 6 and 15.
    fn pair_in_array() -> Vec<u8> {
        let mut b = vec![0x09, 0x03, 0x01, 0x09, 0x05, 0x01, 0x05];
        b.extend_from_slice(&1.0f64.to_be_bytes());
        b.push(0x05);
        b.extend_from_slice(&(-2.5f64).to_be_bytes());
        b
    }

    #[test]
    fn pairs_and_short_arrays_of_doubles_decode() {
        let pts: Vec<(f64, f64)> = vec![(1.5, -2.0), (0.0, 1e300), (f64::MIN_POSITIVE, -0.0)];
        let bytes = crate::to_vec(&pts).unwrap();
        assert_eq!(from_slice::<Vec<(f64, f64)>>(&bytes).unwrap(), pts);
        let quads: Vec<[f32; 4]> = vec![[1.0, 2.0, 3.0, 4.0], [-1.0, 0.5, 0.25, 8.0]];
        let bytes = crate::to_vec(&quads).unwrap();
        assert_eq!(from_slice::<Vec<[f32; 4]>>(&bytes).unwrap(), quads);
        assert_eq!(
            from_slice::<Vec<Vec<f64>>>(&pair_in_array()).unwrap(),
            vec![vec![1.0, -2.5]]
        );
    }

    /// Other element types get what the general path gives them: the same
    /// array decoded at top level (where the fast path does not apply).
    #[test]
    fn other_element_types_behave_as_before() {
        let outer = pair_in_array();
        let inner = &outer[3..];
        let general: (i32, i32) = from_slice(&[0x09, 0x05, 0x01, 0x04, 0x01, 0x04, 0x02]).unwrap();
        assert_eq!(general, (1, 2));
        // Integers from doubles: whatever the general path does.
        let fast = from_slice::<Vec<(i32, f64)>>(&outer).map(|v| v[0]);
        let slow = from_slice::<(i32, f64)>(inner);
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
        let fast = from_slice::<Vec<Value>>(&outer).unwrap();
        assert_eq!(fast[0][0].as_f64(), Some(1.0));
        assert_eq!(fast[0][1].as_f64(), Some(-2.5));
        // The wrong type: an error at the element's offset.
        let e = from_slice::<Vec<(String, f64)>>(&outer).unwrap_err();
        assert_eq!(e.offset(), Some(6), "{e}");
        let e = from_slice::<Vec<(f64, String)>>(&outer).unwrap_err();
        assert_eq!(e.offset(), Some(15), "{e}");
        // A sequence where a double is: the general path's error.
        let fast = from_slice::<Vec<((f64,), f64)>>(&outer).unwrap_err();
        let slow = from_slice::<((f64,), f64)>(inner).unwrap_err();
        assert_eq!(fast.offset(), slow.offset().map(|o| o + 3), "{fast}");
        assert_eq!(fast.offset(), Some(6), "{fast}");
        // A visitor that wants fewer elements.
        let e = from_slice::<Vec<(f64,)>>(&outer).unwrap_err();
        assert_eq!(e.offset(), Some(3), "{e}");
        assert!(e.to_string().contains("fewer elements"), "{e}");
    }

    #[test]
    fn limits_hold_on_the_fast_path() {
        let outer = pair_in_array();
        // Four values: the outer array, the pair, two doubles.
        assert!(
            from_slice_with::<Vec<(f64, f64)>>(&outer, &Options::default().with_max_work(4))
                .is_ok()
        );
        let e = from_slice_with::<Vec<(f64, f64)>>(&outer, &Options::default().with_max_work(3))
            .unwrap_err();
        assert_eq!(e.offset(), Some(15), "{e}");
        let e = from_slice_with::<Vec<(f64, f64)>>(&outer, &Options::default().with_max_work(2))
            .unwrap_err();
        assert_eq!(e.offset(), Some(6), "{e}");
        let e = from_slice_with::<Vec<(f64, f64)>>(&outer, &Options::default().with_max_depth(1))
            .unwrap_err();
        assert_eq!(e.offset(), Some(3), "{e}");
        let e = from_slice_with::<Vec<(f64, f64)>>(
            &outer,
            &Options::default().with_max_collection_len(1),
        )
        .unwrap_err();
        // (the general path reports it after the array's header)
        assert_eq!(e.offset(), Some(6), "{e}");
        // Cut short: the general path reports the end of the input.
        let e = from_slice::<Vec<(f64, f64)>>(&outer[..outer.len() - 1]).unwrap_err();
        assert!(e.offset().is_some(), "{e}");
    }

    /// The pair takes its object-table slot: a reference to it (index 1,
    /// after the outer array) replays it.
    #[test]
    fn a_pair_is_in_the_object_table() {
        let mut b = pair_in_array();
        b[1] = 0x05; // the outer array has two elements
        b.extend_from_slice(&[0x09, 0x02]); // reference to object 1
        assert_eq!(
            from_slice::<Vec<(f64, f64)>>(&b).unwrap(),
            vec![(1.0, -2.5), (1.0, -2.5)]
        );
    }

    /// `f` as an AMF3 double (marker and 8 bytes).
    fn double(f: f64) -> Vec<u8> {
        let mut b = vec![0x05];
        b.extend_from_slice(&f.to_be_bytes());
        b
    }

    /// Sequences met on the cold path of `deserialize_seq` (`seq.rs`): the
    /// body of an `ArrayCollection`, a `Vector.<Object>`, pairs inside them,
    /// and references to pairs and to the whole array, decode as the same
    /// values through the hot path do.
    #[test]
    fn sequences_on_the_cold_path_decode_as_on_the_hot_path() {
        // [[1, 2], [3, 4], ref to the second pair (object 2)]
        let mut plain = vec![0x09, 0x07, 0x01];
        for (a, b) in [(1.0, 2.0), (3.0, 4.0)] {
            plain.extend_from_slice(&[0x09, 0x05, 0x01]);
            plain.extend(double(a));
            plain.extend(double(b));
        }
        plain.extend_from_slice(&[0x09, 0x04]);
        let want = vec![(1.0, 2.0), (3.0, 4.0), (3.0, 4.0)];
        assert_eq!(from_slice::<Vec<(f64, f64)>>(&plain).unwrap(), want);
        assert_eq!(
            from_slice::<Vec<Vec<f64>>>(&plain).unwrap(),
            [[1.0, 2.0], [3.0, 4.0], [3.0, 4.0]]
        );
        // The same array as the body of an ArrayCollection, its last
        // element a reference to object `second` (the second pair).
        let ac = |second: u8| {
            let mut b = vec![0x0a, 0x07, 0x43];
            b.extend_from_slice(b"flex.messaging.io.ArrayCollection");
            b.extend_from_slice(&plain[..plain.len() - 1]);
            b.push(second << 1);
            b
        };
        assert_eq!(from_slice::<Vec<(f64, f64)>>(&ac(3)).unwrap(), want);
        // An array of such collections (the pairs inside: cold path), the
        // second a reference to the first (object 1).
        let mut outer = vec![0x09, 0x05, 0x01];
        outer.extend_from_slice(&ac(4));
        outer.extend_from_slice(&[0x09, 0x02]);
        assert_eq!(
            from_slice::<Vec<Vec<(f64, f64)>>>(&outer).unwrap(),
            vec![want.clone(), want.clone()]
        );
        // A Vector.<Object> of pairs: header, fixed flag, type name "".
        let mut vec_obj = vec![0x10, 0x05, 0x00, 0x01];
        vec_obj.extend_from_slice(&plain[3..3 + 2 * 21]);
        assert_eq!(from_slice::<Vec<(f64, f64)>>(&vec_obj).unwrap(), want[..2]);
        // Errors on the cold path: a string where the first double is.
        let mut bad = ac(3);
        let at: u64 = 3 + 33 + 3 + 3;
        bad[at as usize] = 0x06;
        bad[at as usize + 1] = 0x01;
        let e = from_slice::<Vec<(f64, f64)>>(&bad).unwrap_err();
        assert_eq!(e.offset(), Some(at), "{e}");
        // A tuple that wants fewer elements, on the cold path: the pair's
        // offset.
        let e = from_slice::<Vec<(f64,)>>(&ac(3)).unwrap_err();
        assert!(e.to_string().contains("fewer elements"), "{e}");
        assert_eq!(e.offset(), Some(39), "{e}");
        // Limits: the work of the collection is the work of its body plus
        // one (its own value); depth: collection, body, pair.
        let least_work = |b: &[u8]| {
            (1..100).find(|&w| {
                from_slice_with::<Vec<(f64, f64)>>(b, &Options::default().with_max_work(w)).is_ok()
            })
        };
        let plain_work = least_work(&plain).unwrap();
        assert_eq!(least_work(&ac(3)), Some(plain_work + 1));
        assert_eq!(least_work(&vec_obj), Some(1 + 2 * 3));
        let depth = |d| Options::default().with_max_depth(d);
        let least_depth =
            |b: &[u8]| (1..100).find(|&d| from_slice_with::<Vec<(f64, f64)>>(b, &depth(d)).is_ok());
        // (a reference is one level more than what it replays)
        assert_eq!(least_depth(&plain), Some(3));
        assert_eq!(least_depth(&ac(3)), Some(4));
        let e = from_slice_with::<Vec<(f64, f64)>>(&ac(3), &depth(2)).unwrap_err();
        assert_eq!(e.offset(), Some(39), "{e}");
    }

    /// What `deserialize_any` handed a visitor.
    #[derive(Debug, PartialEq)]
    enum Any {
        F64(f64),
        I64(i64),
        Bool(bool),
        Unit,
        Str(String),
        Other,
    }

    impl<'de> serde::Deserialize<'de> for Any {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Any, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Any;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("anything")
                }
                fn visit_f64<E>(self, v: f64) -> Result<Any, E> {
                    Ok(Any::F64(v))
                }
                fn visit_i64<E>(self, v: i64) -> Result<Any, E> {
                    Ok(Any::I64(v))
                }
                fn visit_bool<E>(self, v: bool) -> Result<Any, E> {
                    Ok(Any::Bool(v))
                }
                fn visit_unit<E>(self) -> Result<Any, E> {
                    Ok(Any::Unit)
                }
                fn visit_str<E>(self, v: &str) -> Result<Any, E> {
                    Ok(Any::Str(v.to_owned()))
                }
                fn visit_seq<A: serde::de::SeqAccess<'de>>(
                    self,
                    mut a: A,
                ) -> Result<Any, A::Error> {
                    while a.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                    Ok(Any::Other)
                }
            }
            d.deserialize_any(V)
        }
    }

    /// Scalars read by `deserialize_any` inside a container (the direct
    /// path) give what the same bytes give at top level (the general path).
    #[test]
    fn any_inside_a_container_matches_the_general_path() {
        let items: [&[u8]; 11] = [
            &[0x05, 0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18],
            &[0x04, 0x7f],
            &[0x04, 0x81, 0x00],
            &[0x04, 0xff, 0xff, 0xff, 0xff],
            &[0x03],
            &[0x02],
            &[0x01],
            &[0x00],
            &[0x06, 0x07, b'a', b'b', b'c'],
            &[0x06, 0x01],
            &[0x09, 0x01, 0x01],
        ];
        let mut array = vec![0x09, (items.len() as u8) << 1 | 1, 0x01];
        let mut expected = Vec::new();
        for item in items {
            array.extend_from_slice(item);
            expected.push(from_slice::<Any>(item).unwrap());
        }
        // A string reference to "abc" (string 0).
        array[1] += 2;
        array.extend_from_slice(&[0x06, 0x00]);
        expected.push(Any::Str("abc".into()));
        assert_eq!(from_slice::<Vec<Any>>(&array).unwrap(), expected);
        // The limits and offsets of the general path.
        let all = from_slice_with::<Vec<Any>>(&array, &Options::default().with_max_work(13));
        assert!(all.is_ok());
        let e =
            from_slice_with::<Vec<Any>>(&array, &Options::default().with_max_work(3)).unwrap_err();
        assert_eq!(e.offset(), Some(14), "{e}");
        // A string reference out of range: the general path's error.
        let bad = [0x09, 0x03, 0x01, 0x06, 0x02];
        let e = from_slice::<Vec<Any>>(&bad).unwrap_err();
        let top = from_slice::<Any>(&bad[3..]).unwrap_err();
        assert_eq!(e.offset(), top.offset().map(|o| o + 3), "{e}");
        assert_eq!(e.to_string().replace(" 4", " 1"), top.to_string());
        let e = from_slice::<Vec<Any>>(&[0x09, 0x03, 0x01, 0x05, 0x00]).unwrap_err();
        assert!(e.offset().is_some(), "{e}");
    }

    /// An outer array of `arrays`, each a short array of `width` doubles
    /// (values 1, 2, 3, ...), and the offsets of every value in the order
    /// they are counted as work (outer array, array, its elements, ...).
    fn arrays_of_doubles(arrays: usize, width: usize) -> (Vec<u8>, Vec<u64>) {
        let mut b = vec![0x09, (arrays as u8) << 1 | 1, 0x01];
        let mut offsets = vec![0];
        let mut x = 0.0;
        for _ in 0..arrays {
            offsets.push(b.len() as u64);
            b.extend_from_slice(&[0x09, (width as u8) << 1 | 1, 0x01]);
            for _ in 0..width {
                offsets.push(b.len() as u64);
                x += 1.0;
                b.extend(double(x));
            }
        }
        (b, offsets)
    }

    /// The work limit stops a read-ahead array exactly where the
    /// element-by-element path stopped: at the first value past the limit,
    /// for pairs, triples, quadruples and single doubles.
    #[test]
    fn the_work_limit_stops_read_ahead_arrays_at_the_same_value() {
        for width in 1..=4 {
            let (b, offsets) = arrays_of_doubles(3, width);
            let want: Vec<Vec<f64>> = (0..3)
                .map(|a| (1..=width).map(|i| (a * width + i) as f64).collect())
                .collect();
            let work = |w: u64| Options::default().with_max_work(w);
            let all = offsets.len() as u64;
            assert_eq!(
                from_slice_with::<Vec<Vec<f64>>>(&b, &work(all)).unwrap(),
                want
            );
            for w in 1..all {
                let e = from_slice_with::<Vec<Vec<f64>>>(&b, &work(w)).unwrap_err();
                assert_eq!(
                    e.offset(),
                    Some(offsets[w as usize]),
                    "width {width}, {w}: {e}"
                );
                assert!(e.to_string().contains("work"), "{e}");
            }
            // Elements handed to the general path count once, too.
            let ints = from_slice_with::<Vec<Vec<i64>>>(&b, &work(all)).unwrap();
            assert_eq!(ints[2][width - 1], (3 * width) as i64);
            let e = from_slice_with::<Vec<Vec<i64>>>(&b, &work(all - 1)).unwrap_err();
            assert_eq!(e.offset(), offsets.last().copied(), "{e}");
        }
    }

    /// Cut anywhere, a run of pairs fails with the end of the input, as
    /// the element-by-element path did; a reader gives the same values and
    /// errors as a slice.
    #[test]
    fn truncated_read_ahead_arrays_fail_at_the_end_of_the_input() {
        let (b, _) = arrays_of_doubles(2, 2);
        for cut in 3..b.len() {
            let e = from_slice::<Vec<(f64, f64)>>(&b[..cut]).unwrap_err();
            assert!(e.is_eof(), "{cut}: {e}");
            assert_eq!(e.offset(), Some(cut as u64), "{cut}: {e}");
            let r = crate::amf3::from_reader::<_, Vec<(f64, f64)>>(&b[..cut]).unwrap_err();
            assert_eq!(r.offset(), e.offset(), "{cut}: {r}");
        }
        let want = vec![(1.0, 2.0), (3.0, 4.0)];
        assert_eq!(from_slice::<Vec<(f64, f64)>>(&b).unwrap(), want);
        assert_eq!(
            crate::amf3::from_reader::<_, Vec<(f64, f64)>>(&b[..]).unwrap(),
            want
        );
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Meters(f64);

    /// Element types other than `f64` get what the general path gives them
    /// (at the element's offset), and the reader continues after the
    /// array: newtypes, options, integers, `f32`, ignored elements, `Value`.
    #[test]
    fn read_ahead_elements_behave_as_the_general_path_for_other_types() {
        let (b, offsets) = arrays_of_doubles(2, 3);
        let v: Vec<(Meters, Option<f64>, i32)> = from_slice(&b).unwrap();
        assert_eq!(
            v,
            [(Meters(1.0), Some(2.0), 3), (Meters(4.0), Some(5.0), 6)]
        );
        let v: Vec<(f32, serde::de::IgnoredAny, u8)> = from_slice(&b).unwrap();
        assert_eq!((v[1].0, v[1].2), (4.0, 6));
        let v: Vec<Vec<Value>> = from_slice(&b).unwrap();
        assert_eq!(v[1][2].as_f64(), Some(6.0));
        let v: Vec<Vec<Any>> = from_slice(&b).unwrap();
        assert_eq!(v[0], [Any::F64(1.0), Any::F64(2.0), Any::F64(3.0)]);
        // A fraction for an integer: the general path's error, at the
        // element (the second array's second double, 5.5).
        let mut bad = b.clone();
        let at = offsets[7] as usize;
        bad[at + 1..at + 9].copy_from_slice(&5.5f64.to_be_bytes());
        let e = from_slice::<Vec<(f64, u8, f64)>>(&bad).unwrap_err();
        let top = from_slice::<u8>(&bad[at..at + 9]).unwrap_err();
        assert_eq!(e.offset(), Some(at as u64), "{e}");
        assert_eq!(
            e.to_string().replace(&format!(" {at}"), " 0"),
            top.to_string()
        );
        // A string where a double is wanted: the visitor's error at the
        // element; a sequence where a double is: the cold path's error.
        let e = from_slice::<Vec<(f64, f64, String)>>(&b).unwrap_err();
        assert_eq!(e.offset(), Some(offsets[4]), "{e}");
        let e = from_slice::<Vec<(f64, (f64,), f64)>>(&b).unwrap_err();
        assert_eq!(e.offset(), Some(offsets[3]), "{e}");
        // A visitor that wants more or fewer elements: the array's offset.
        let e = from_slice::<Vec<(f64, f64, f64, f64)>>(&b).unwrap_err();
        assert_eq!(e.offset(), Some(offsets[1]), "{e}");
        let e = from_slice::<Vec<(f64, f64)>>(&b).unwrap_err();
        assert_eq!(e.offset(), Some(offsets[1]), "{e}");
        assert!(e.to_string().contains("fewer elements"), "{e}");
    }

    /// Arrays that are not all doubles, or longer than four, take the
    /// element-by-element path: an integer among doubles, five doubles.
    #[test]
    fn mixed_and_longer_arrays_decode_element_by_element() {
        // [[1.0, 2 (integer)], [1.0, 2.0, 3.0, 4.0, 5.0]]
        let mut b = vec![0x09, 0x05, 0x01, 0x09, 0x05, 0x01];
        b.extend(double(1.0));
        b.extend_from_slice(&[0x04, 0x02]);
        let (five, _) = arrays_of_doubles(1, 5);
        b.extend_from_slice(&five[3..]);
        let v: Vec<Vec<f64>> = from_slice(&b).unwrap();
        assert_eq!(v, [vec![1.0, 2.0], vec![1.0, 2.0, 3.0, 4.0, 5.0]]);
        let least_work = (1..40)
            .find(|&w| {
                from_slice_with::<Vec<Vec<f64>>>(&b, &Options::default().with_max_work(w)).is_ok()
            })
            .unwrap();
        assert_eq!(least_work, 1 + 3 + 6);
    }

    /// A read-ahead array takes its slot in the object table, complete:
    /// later references to it and to arrays after it resolve as before, and
    /// a reference from inside a later array to that array is still a
    /// cycle.
    #[test]
    fn read_ahead_arrays_keep_the_object_table() {
        // [[1, 2], [3, 4, 5], ref 2, ref 1]: objects 0 (outer), 1, 2.
        let (mut b, _) = arrays_of_doubles(2, 2);
        b[1] = 0x09; // four elements
        b[3 + 21 + 1] = 0x07; // the second array: three doubles
        b.extend(double(5.0));
        b.extend_from_slice(&[0x09, 0x04, 0x09, 0x02]);
        let v: Vec<Vec<f64>> = from_slice(&b).unwrap();
        assert_eq!(
            v,
            [
                vec![1.0, 2.0],
                vec![3.0, 4.0, 5.0],
                vec![3.0, 4.0, 5.0],
                vec![1.0, 2.0]
            ]
        );
        let v: Vec<Value> = from_slice(&b).unwrap();
        assert_eq!(v[2][2].as_f64(), Some(5.0));
        // [[1, 2], [ref 2]]: the second array refers to itself.
        let (mut c, _) = arrays_of_doubles(1, 2);
        c[1] = 0x05;
        c.extend_from_slice(&[0x09, 0x03, 0x01, 0x09, 0x04]);
        let e = from_slice::<(Vec<f64>, Vec<Vec<f64>>)>(&c).unwrap_err();
        assert!(e.to_string().contains("cycl"), "{e}");
        assert_eq!(e.offset(), Some(27), "{e}");
    }

    /// Decodes `bytes` as `T` with every read-ahead path, without the
    /// pair path (`short_seq`'s first branch: pairs then go through the
    /// general read-ahead) and without any read-ahead (the
    /// element-by-element path), and gives the three outcomes as text (the
    /// value, or the error with its offset).
    fn three_paths<T>(bytes: &[u8], opts: &Options) -> [String; 3]
    where
        T: serde::de::DeserializeOwned + std::fmt::Debug,
    {
        use crate::amf3::de::ahead_switch;
        [
            ahead_switch::ALL,
            ahead_switch::NO_PAIRS,
            ahead_switch::NONE,
        ]
        .map(|mode| {
            ahead_switch::MODE.with(|m| m.set(mode));
            let r = from_slice_with::<T>(bytes, opts);
            ahead_switch::MODE.with(|m| m.set(ahead_switch::ALL));
            match r {
                Ok(v) => format!("{v:?}"),
                Err(e) => format!("error: {e}"),
            }
        })
    }

    /// Checks that [`three_paths`] agree for several element types.
    fn same_on_every_path(bytes: &[u8], opts: &Options, what: &str) {
        macro_rules! check {
            ($($t:ty),*) => {$(
                let [all, no_pairs, none] = three_paths::<$t>(bytes, opts);
                let t = stringify!($t);
                assert_eq!(all, none, "{what} as {t}: {bytes:02x?}");
                assert_eq!(no_pairs, none, "{what} as {t} (no pair path): {bytes:02x?}");
            )*};
        }
        check!(
            Vec<(f64, f64)>,
            Vec<Vec<f64>>,
            Vec<[f32; 2]>,
            Vec<(f64, f64, f64)>,
            Vec<(f64,)>,
            Vec<(i32, f64)>,
            Vec<(Meters, Option<f64>)>,
            Vec<(f64, serde::de::IgnoredAny)>,
            Vec<Any>,
            Vec<Vec<Any>>,
            (Vec<(f64, f64)>, Vec<f64>)
        );
    }

    /// A ring of coordinate pairs (read in one step by `short_seq`'s pair
    /// path), a triple, a reference to a pair and one to the triple, alone
    /// and inside another array: every one-byte change, every cut and
    /// every limit gives the same value, or the same error at the same
    /// offset, as the general read-ahead and as the element-by-element
    /// path.
    #[test]
    fn pairs_read_in_one_step_match_the_element_path_byte_for_byte() {
        let mut ring = vec![0x09, 0x0d, 0x01]; // six elements
        for (a, b) in [(1.0, -2.0), (3.5, 4.0), (-0.0, 6e10)] {
            ring.extend_from_slice(&[0x09, 0x05, 0x01]);
            ring.extend(double(a));
            ring.extend(double(b));
        }
        ring.extend_from_slice(&[0x09, 0x07, 0x01]);
        for x in [7.0, 8.0, 9.0] {
            ring.extend(double(x));
        }
        // References to objects 2 and 4 (alone: the second pair, the
        // triple; inside the outer array: the first and the third pair).
        ring.extend_from_slice(&[0x09, 0x04, 0x09, 0x08]);
        // [ring, [1.0]]: the ring inside another array.
        let mut outer = vec![0x09, 0x05, 0x01];
        outer.extend_from_slice(&ring);
        outer.extend_from_slice(&[0x09, 0x03, 0x01]);
        outer.extend(double(1.0));
        let opts = Options::default();
        assert_eq!(
            from_slice::<Vec<Vec<f64>>>(&ring).unwrap(),
            [
                vec![1.0, -2.0],
                vec![3.5, 4.0],
                vec![-0.0, 6e10],
                vec![7.0, 8.0, 9.0],
                vec![3.5, 4.0],
                vec![7.0, 8.0, 9.0]
            ]
        );
        for input in [&ring, &outer] {
            same_on_every_path(input, &opts, "unchanged");
            for cut in 0..input.len() {
                same_on_every_path(&input[..cut], &opts, &format!("cut at {cut}"));
            }
            for at in 0..input.len() {
                for byte in [
                    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x09, 0x0a, 0x0b, 0x85, 0xff,
                ] {
                    let mut b = input.clone();
                    b[at] = byte;
                    same_on_every_path(&b, &opts, &format!("byte {at} = {byte:02x}"));
                }
            }
            for w in 1..40 {
                let opts = Options::default().with_max_work(w);
                same_on_every_path(input, &opts, &format!("work {w}"));
            }
            for d in 1..5 {
                let opts = Options::default().with_max_depth(d);
                same_on_every_path(input, &opts, &format!("depth {d}"));
            }
            for n in 1..8 {
                let opts = Options::default().with_max_collection_len(n);
                same_on_every_path(input, &opts, &format!("collection length {n}"));
            }
        }
    }
}

/// The `Value` decoder's coordinate pairs (`pairs` in amf3/value.rs:
/// a `[double, double]` element of a longer array read in one step, its
/// object-table entry without a weak handle): the same values, shared
/// nodes, errors, offsets and limits as the general path.
#[cfg(test)]
mod value_pairs {
    use crate::amf3::de::ahead_switch;
    use crate::amf3::{from_reader_with, from_slice, from_slice_with};
    use crate::{Options, Value};

    fn double(f: f64) -> Vec<u8> {
        let mut b = vec![0x05];
        b.extend_from_slice(&f.to_be_bytes());
        b
    }

    fn pair(a: f64, b: f64) -> Vec<u8> {
        let mut v = vec![0x09, 0x05, 0x01];
        v.extend(double(a));
        v.extend(double(b));
        v
    }

    /// `[R, ref 4, ref 7, ref 3]`, R (entry 1) being `[p2, p3, "s", p4,
    /// ref 3, [ref 2], [1, 2], p7, [7, 8, 9], ref 1]` where `pN` is a pair
    /// of doubles that is object-table entry N (the inner `[ref 2]` is
    /// entry 5, the integer pair 6, the triple 8): references to pairs
    /// from inside their array while it is being read (directly and from
    /// a nested array), from outside after it, a cycle to the array, and
    /// runs of pairs broken by other values. Offsets: R at 3, p2 at 6,
    /// p3 at 27, p4 at 51, the integer pair at 83, p7 at 90, the triple at
    /// 111.
    fn rings() -> Vec<u8> {
        let mut r = vec![0x09, 0x09, 0x01, 0x09, 0x15, 0x01];
        r.extend(pair(1.0, -2.0));
        r.extend(pair(3.5, 4.0));
        r.extend_from_slice(&[0x06, 0x03, b's']);
        r.extend(pair(-0.0, 6e10));
        r.extend_from_slice(&[0x09, 0x06]);
        r.extend_from_slice(&[0x09, 0x03, 0x01, 0x09, 0x04]);
        r.extend_from_slice(&[0x09, 0x05, 0x01, 0x04, 0x01, 0x04, 0x02]);
        r.extend(pair(5.0, f64::MIN_POSITIVE));
        r.extend_from_slice(&[0x09, 0x07, 0x01]);
        for x in [7.0, 8.0, 9.0] {
            r.extend(double(x));
        }
        r.extend_from_slice(&[0x09, 0x02]);
        r.extend_from_slice(&[0x09, 0x08, 0x09, 0x0e, 0x09, 0x06]);
        r
    }

    fn arr(v: &Value) -> &[Value] {
        match v {
            Value::Array(a) => a,
            other => panic!("not an array: {other:?}"),
        }
    }

    #[test]
    fn pairs_decode_to_exact_values_and_share_their_nodes() {
        let bytes = rings();
        for v in [
            from_slice::<Value>(&bytes).unwrap(),
            from_reader_with::<_, Value>(&bytes[..], &Options::default()).unwrap(),
        ] {
            let o = arr(&v);
            assert_eq!(o.len(), 4);
            let r = arr(&o[0]);
            assert_eq!(r.len(), 10);
            let bits = |v: &Value| {
                arr(v)
                    .iter()
                    .map(|x| x.as_f64().map(f64::to_bits))
                    .collect::<Vec<_>>()
            };
            let want = |a: f64, b: f64| vec![Some(a.to_bits()), Some(b.to_bits())];
            assert_eq!(bits(&r[0]), want(1.0, -2.0));
            assert_eq!(bits(&r[1]), want(3.5, 4.0));
            assert_eq!(r[2], Value::String("s".into()));
            assert_eq!(bits(&r[3]), want(-0.0, 6e10));
            assert_eq!(arr(&r[6]), [Value::Integer(1), Value::Integer(2)]);
            assert_eq!(bits(&r[7]), want(5.0, f64::MIN_POSITIVE));
            assert_eq!(
                arr(&r[8]),
                [Value::Double(7.0), Value::Double(8.0), Value::Double(9.0)]
            );
            assert!(matches!(r[9], Value::Cycle(_)), "{:?}", r[9]);
            assert!(r[9].ptr_eq(&o[0]));
            // Shared nodes, inside the array being read and after it.
            assert!(r[4].ptr_eq(&r[1]));
            assert!(arr(&r[5])[0].ptr_eq(&r[0]));
            assert!(o[1].ptr_eq(&r[3]));
            assert!(o[2].ptr_eq(&r[7]));
            assert!(o[3].ptr_eq(&r[1]));
            assert!(!r[0].ptr_eq(&r[1]));
            // Written back: the same bytes (the same references).
            assert_eq!(crate::to_vec(&v).unwrap(), bytes);
        }
    }

    /// An outcome as text: the value with its bytes written back (which
    /// shows the shared nodes), or the error with its offset (`full`: and
    /// its message; a reader cannot count trailing bytes).
    fn show(r: crate::Result<Value>, full: bool) -> String {
        match r {
            Ok(v) => format!(
                "{v:?} {:02x?}",
                crate::to_vec(&v).map_err(|e| e.to_string())
            ),
            Err(e) if full => format!("error: {e}"),
            Err(e) => format!("error at {:?}", e.offset()),
        }
    }

    /// Decodes `bytes` as a `Value` with the pair path, without it, and
    /// with no read-ahead at all (pairs and runs of doubles element by
    /// element): the outcomes as [`show`] gives them.
    fn paths(bytes: &[u8], opts: &Options, full: bool) -> [String; 3] {
        [
            ahead_switch::ALL,
            ahead_switch::NO_PAIRS,
            ahead_switch::NONE,
        ]
        .map(|mode| {
            ahead_switch::MODE.with(|m| m.set(mode));
            let r = from_slice_with::<Value>(bytes, opts);
            ahead_switch::MODE.with(|m| m.set(ahead_switch::ALL));
            show(r, full)
        })
    }

    /// The same outcome on every path of [`paths`] and from a reader.
    fn same_on_every_path(bytes: &[u8], opts: &Options, what: &str) {
        same_from_a_slice(bytes, opts, what);
        let [all, ..] = paths(bytes, opts, false);
        let reader = show(from_reader_with::<_, Value>(bytes, opts), false);
        assert_eq!(reader, all, "{what} (reader): {bytes:02x?}");
    }

    /// The same outcome on every path of [`paths`].
    fn same_from_a_slice(bytes: &[u8], opts: &Options, what: &str) {
        let [all, no_pairs, none] = paths(bytes, opts, true);
        assert_eq!(all, none, "{what}: {bytes:02x?}");
        assert_eq!(no_pairs, none, "{what} (no pair path): {bytes:02x?}");
    }

    /// Every cut, every one-byte change and every limit gives the same
    /// value (the same shared nodes) or the same error at the same offset
    /// on every path.
    #[test]
    fn pairs_match_the_general_path_byte_for_byte() {
        let changes = [
            0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x07, 0x09, 0x0a, 0x0b, 0x0e, 0x85, 0xff,
        ];
        same_for_every_variant(&rings(), &changes, true, (45, 6, 12));
    }

    /// The same outcome on every path (see [`same_on_every_path`]) for
    /// `bytes`, for every cut of it, for every change of one of its bytes
    /// to one of `changes` (from a slice only unless `reader_too`: some
    /// changes make a vector, whose length a reader cannot check ahead) and
    /// for every work, depth and collection-length limit below `limits`.
    fn same_for_every_variant(
        bytes: &[u8],
        changes: &[u8],
        reader_too: bool,
        limits: (u64, usize, u64),
    ) {
        let opts = Options::default();
        same_on_every_path(bytes, &opts, "unchanged");
        for cut in 0..bytes.len() {
            same_on_every_path(&bytes[..cut], &opts, &format!("cut at {cut}"));
        }
        for at in 0..bytes.len() {
            for &byte in changes {
                let mut b = bytes.to_vec();
                b[at] = byte;
                let what = format!("byte {at} = {byte:02x}");
                if reader_too {
                    same_on_every_path(&b, &opts, &what);
                } else {
                    same_from_a_slice(&b, &opts, &what);
                }
            }
        }
        for w in 1..limits.0 {
            let opts = Options::default().with_max_work(w);
            same_on_every_path(bytes, &opts, &format!("work {w}"));
        }
        for d in 1..limits.1 {
            let opts = Options::default().with_max_depth(d);
            same_on_every_path(bytes, &opts, &format!("depth {d}"));
        }
        for n in 1..limits.2 {
            let opts = Options::default().with_max_collection_len(n);
            same_on_every_path(bytes, &opts, &format!("collection length {n}"));
        }
    }

    /// Hostile inputs, with the offsets the general path reports.
    #[test]
    fn hostile_pairs_fail_at_the_byte() {
        // A ring of three pairs, entries 1-3 (offsets 3, 24, 45).
        let mut ring = vec![0x09, 0x07, 0x01];
        for (a, b) in [(1.0, 2.0), (3.0, 4.0), (5.0, 6.0)] {
            ring.extend(pair(a, b));
        }
        let v = from_slice::<Value>(&ring).unwrap();
        assert_eq!(arr(&arr(&v)[2]), [Value::Double(5.0), Value::Double(6.0)]);
        let err = |b: &[u8], opts: &Options| {
            let e = from_slice_with::<Value>(b, opts).unwrap_err();
            (e.offset(), e.to_string())
        };
        let opts = Options::default();
        // Cut inside the last pair's second double: the end of the input.
        let (at, msg) = err(&ring[..ring.len() - 3], &opts);
        assert_eq!(at, Some(63), "{msg}");
        // Cut between the pairs: the end of the input.
        let (at, msg) = err(&ring[..45], &opts);
        assert_eq!(at, Some(45), "{msg}");
        // A ring that says it has 40 elements: the input ends after three.
        let mut lying = ring.clone();
        lying[1] = 0x51;
        let (at, msg) = err(&lying, &opts);
        assert_eq!(at, Some(66), "{msg}");
        // One that says 100: more than the bytes left, refused before any
        // element is read (as the end of the input, at 67).
        let mut big = vec![0x09, 0x81, 0x49];
        big.extend_from_slice(&ring[2..]);
        let (at, msg) = err(&big, &opts);
        assert_eq!(at, Some(67), "{msg}");
        let mut work = Options::default().with_max_work(1);
        let (at, msg) = err(&big, &work);
        assert_eq!(at, Some(67), "{msg}");
        work = Options::default().with_max_depth(1);
        assert_eq!(err(&big, &work).0, Some(67));
        same_on_every_path(&big, &opts, "100 elements");
        // A ring that says four: the fourth is missing.
        lying[1] = 0x09;
        let (at, msg) = err(&lying, &opts);
        assert_eq!(at, Some(66), "{msg}");
        // A pair that says it has three elements: its third is the next
        // pair's marker, and the ring then runs out.
        let mut long = ring.clone();
        long[4] = 0x07;
        assert!(from_slice::<Value>(&long).is_err());
        same_on_every_path(&long, &opts, "pair of three");
        // A pair with an associative part: read by the general path.
        let mut assoc = vec![0x09, 0x07, 0x01, 0x09, 0x05, 0x03, b'k', 0x02, 0x01];
        assoc.extend(double(1.0));
        assoc.extend(double(2.0));
        assoc.extend(pair(3.0, 4.0));
        assoc.extend(pair(5.0, 6.0));
        let v = from_slice::<Value>(&assoc).unwrap();
        match &arr(&v)[0] {
            Value::Array(a) => assert_eq!(a.assoc().get("k"), Some(&Value::Bool(false))),
            other => panic!("{other:?}"),
        }
        same_on_every_path(&assoc, &opts, "associative part");
        // Depth: the ring is level 1, a pair level 2.
        assert!(from_slice_with::<Value>(&ring, &Options::default().with_max_depth(2)).is_ok());
        let (at, msg) = err(&ring, &Options::default().with_max_depth(1));
        assert_eq!(at, Some(3), "{msg}");
        assert!(msg.contains("depth"), "{msg}");
        // Work: 1 for the ring, 3 per pair (itself and its doubles).
        assert!(from_slice_with::<Value>(&ring, &Options::default().with_max_work(10)).is_ok());
        let (at, msg) = err(&ring, &Options::default().with_max_work(9));
        assert_eq!(at, Some(57), "{msg}");
        let (at, msg) = err(&ring, &Options::default().with_max_work(8));
        assert_eq!(at, Some(48), "{msg}");
        let (at, msg) = err(&ring, &Options::default().with_max_work(7));
        assert_eq!(at, Some(45), "{msg}");
        // A reference past the table.
        let mut bad_ref = ring.clone();
        bad_ref[1] = 0x09;
        bad_ref.extend_from_slice(&[0x09, 0x08]);
        let (at, msg) = err(&bad_ref, &opts);
        assert_eq!(at, Some(66), "{msg}");
        bad_ref.truncate(66);
        bad_ref.extend_from_slice(&[0x09, 0x06]);
        let v = from_slice::<Value>(&bad_ref).unwrap();
        assert!(arr(&v)[3].ptr_eq(&arr(&v)[2]));
    }

    /// `[O0, O1, ref 4, O3, O4, ref 8]`: objects whose sealed members are
    /// empty arrays (read without a weak handle, as members of their
    /// object) and references to them from inside their object while it is
    /// being read (directly and from a nested array), from outside after
    /// it, and a cycle. Entries: the outer array 0; O0 1 (three members
    /// `a b c`: `[]` 2, `ref 2`, `[]` 3); O1 4 (`ref 3`, `[]` 5, `[ref 5]`
    /// 6); O3 7 (two members `x y`: `[]` 8, `ref 8`); O4 9 (one member
    /// `z`: `ref 9`, a cycle).
    fn empties() -> Vec<u8> {
        let mut b = vec![0x09, 0x0d, 0x01];
        b.extend_from_slice(&[0x0a, 0x33, 0x01, 0x03, b'a', 0x03, b'b', 0x03, b'c']);
        b.extend_from_slice(&[0x09, 0x01, 0x01, 0x09, 0x04, 0x09, 0x01, 0x01]);
        b.extend_from_slice(&[0x0a, 0x01, 0x09, 0x06, 0x09, 0x01, 0x01]);
        b.extend_from_slice(&[0x09, 0x03, 0x01, 0x09, 0x0a]);
        b.extend_from_slice(&[0x0a, 0x08]);
        b.extend_from_slice(&[0x0a, 0x23, 0x01, 0x03, b'x', 0x03, b'y']);
        b.extend_from_slice(&[0x09, 0x01, 0x01, 0x09, 0x10]);
        b.extend_from_slice(&[0x0a, 0x13, 0x01, 0x03, b'z', 0x0a, 0x12]);
        b.extend_from_slice(&[0x09, 0x10]);
        b
    }

    #[test]
    fn empty_arrays_in_objects_decode_to_shared_nodes() {
        let bytes = empties();
        for v in [
            from_slice::<Value>(&bytes).unwrap(),
            from_reader_with::<_, Value>(&bytes[..], &Options::default()).unwrap(),
        ] {
            let o = arr(&v);
            assert_eq!(o.len(), 6);
            let m = |i: usize, k: &str| o[i].as_object().unwrap().get(k).unwrap().clone();
            for (i, k) in [(0, "a"), (0, "b"), (0, "c"), (1, "a"), (1, "b"), (3, "x")] {
                assert_eq!(arr(&m(i, k)), [] as [Value; 0], "{i} {k}");
            }
            assert!(m(0, "a").ptr_eq(&m(0, "b")));
            assert!(!m(0, "a").ptr_eq(&m(0, "c")));
            assert!(m(1, "a").ptr_eq(&m(0, "c")));
            assert!(arr(&m(1, "c"))[0].ptr_eq(&m(1, "b")));
            assert!(o[2].ptr_eq(&o[1]));
            assert!(m(3, "x").ptr_eq(&m(3, "y")));
            assert!(o[5].ptr_eq(&m(3, "x")));
            assert!(matches!(m(4, "z"), Value::Cycle(_)));
            assert!(m(4, "z").ptr_eq(&o[4]));
            assert_eq!(crate::to_vec(&v).unwrap(), bytes);
        }
    }

    /// `[A, ref F1, ref F2.b, ref F3]`, A (entry 1) being `[F1, F2, ref F1,
    /// ref F2.b, ref F2, [ref F1.b], F3]` where F1, F2, F3 are flat objects
    /// (read without a weak handle, placed in A): F1 (entry 2, members
    /// `a b s`: 1, `[]` 3, "hi"), F2 (entry 4, the same traits by
    /// reference: 2, `[]` 5, "hi" by reference), F3 (entry 7, class `C`,
    /// members `d n t`: 1.5, null, true). References to them and to their
    /// empty arrays while A is being read (the object before its empty
    /// array and after it, and from a nested array, entry 6) and after A.
    fn flats() -> Vec<u8> {
        let mut b = vec![0x09, 0x09, 0x01, 0x09, 0x0f, 0x01];
        b.extend_from_slice(&[0x0a, 0x33, 0x01, 0x03, b'a', 0x03, b'b', 0x03, b's']);
        b.extend_from_slice(&[0x04, 0x01, 0x09, 0x01, 0x01, 0x06, 0x05, b'h', b'i']);
        b.extend_from_slice(&[0x0a, 0x01, 0x04, 0x02, 0x09, 0x01, 0x01, 0x06, 0x06]);
        b.extend_from_slice(&[0x0a, 0x04, 0x09, 0x0a, 0x0a, 0x08]);
        b.extend_from_slice(&[0x09, 0x03, 0x01, 0x09, 0x06]);
        b.extend_from_slice(&[0x0a, 0x33, 0x03, b'C', 0x03, b'd', 0x03, b'n', 0x03, b't']);
        b.extend(double(1.5));
        b.extend_from_slice(&[0x01, 0x03]);
        b.extend_from_slice(&[0x0a, 0x04, 0x09, 0x0a, 0x0a, 0x0e]);
        b
    }

    #[test]
    fn flat_objects_decode_to_exact_values_and_share_their_nodes() {
        let bytes = flats();
        for v in [
            from_slice::<Value>(&bytes).unwrap(),
            from_reader_with::<_, Value>(&bytes[..], &Options::default()).unwrap(),
        ] {
            let t = arr(&v);
            assert_eq!(t.len(), 4);
            let a = arr(&t[0]);
            assert_eq!(a.len(), 7);
            let m = |v: &Value, k: &str| v.as_object().unwrap().get(k).unwrap().clone();
            assert_eq!(m(&a[0], "a"), Value::Integer(1));
            assert_eq!(m(&a[0], "s"), Value::String("hi".into()));
            assert_eq!(m(&a[1], "a"), Value::Integer(2));
            assert_eq!(m(&a[1], "s"), Value::String("hi".into()));
            assert_eq!(arr(&m(&a[1], "b")), [] as [Value; 0]);
            let f3 = a[6].as_object().unwrap();
            assert_eq!(f3.class, "C");
            assert_eq!(
                f3.members().cloned().collect::<Vec<_>>(),
                [
                    ("d".into(), Value::Double(1.5)),
                    ("n".into(), Value::Null),
                    ("t".into(), Value::Bool(true))
                ]
            );
            assert!(a[2].ptr_eq(&a[0]));
            assert!(a[3].ptr_eq(&m(&a[1], "b")));
            assert!(a[4].ptr_eq(&a[1]));
            assert!(arr(&a[5])[0].ptr_eq(&m(&a[0], "b")));
            assert!(!m(&a[0], "b").ptr_eq(&m(&a[1], "b")));
            assert!(t[1].ptr_eq(&a[0]));
            assert!(t[2].ptr_eq(&m(&a[1], "b")));
            assert!(t[3].ptr_eq(&a[6]));
            assert_eq!(crate::to_vec(&v).unwrap(), bytes);
        }
    }

    /// As `pairs_match_the_general_path_byte_for_byte`, for flat objects.
    #[test]
    fn flat_objects_match_the_general_path_byte_for_byte() {
        let changes = [
            0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x08, 0x09, 0x0a, 0x0e, 0x0f, 0x33, 0x85,
            0xff,
        ];
        same_for_every_variant(&flats(), &changes, false, (30, 5, 9));
    }

    /// As `pairs_match_the_general_path_byte_for_byte`, for empty arrays
    /// read as members of their object.
    #[test]
    fn empty_arrays_in_objects_match_the_general_path_byte_for_byte() {
        let changes = [
            0x00, 0x01, 0x02, 0x03, 0x04, 0x06, 0x08, 0x09, 0x0a, 0x0e, 0x10, 0x12, 0x85,
        ];
        same_for_every_variant(&empties(), &changes, false, (30, 5, 8));
    }

    /// A canada-like document: rings of many pairs, references to pairs of
    /// earlier rings, of the ring being read, and to whole rings.
    #[test]
    fn many_rings_of_pairs_match_the_general_path() {
        let rings = 4;
        let per = 12;
        let mut b = vec![0x09, (rings * 2 + 1) as u8 * 2 + 1, 0x01];
        let mut entry = 1usize;
        let mut first_pairs = Vec::new();
        for r in 0..rings {
            b.extend_from_slice(&[0x09, (per * 2 + 1) as u8, 0x01]);
            entry += 1;
            first_pairs.push(entry);
            for i in 0..per {
                if i == per - 1 && r > 0 {
                    // The first pair of the previous ring.
                    b.extend_from_slice(&[0x09, (first_pairs[r - 1] << 1) as u8]);
                } else if i == per - 2 {
                    // The first pair of this ring.
                    b.extend_from_slice(&[0x09, (first_pairs[r] << 1) as u8]);
                } else {
                    b.extend(pair(r as f64 + i as f64 / 64.0, -(i as f64)));
                    entry += 1;
                }
            }
        }
        // Then a reference to each ring, and one to the first pair.
        let mut ring_entries = Vec::new();
        let mut e = 1;
        for r in 0..rings {
            ring_entries.push(e);
            e += 1 + per - if r > 0 { 2 } else { 1 };
        }
        for re in ring_entries {
            b.extend_from_slice(&[0x09, (re << 1) as u8]);
        }
        b.extend_from_slice(&[0x09, 0x04]);
        assert!(entry < 64);
        let v = from_slice::<Value>(&b).unwrap();
        let o = arr(&v);
        assert_eq!(o.len(), 2 * rings + 1);
        for r in 0..rings {
            let ring = arr(&o[r]);
            assert_eq!(ring.len(), per);
            assert!(ring[per - 2].ptr_eq(&ring[0]));
            if r > 0 {
                assert!(ring[per - 1].ptr_eq(&arr(&o[r - 1])[0]));
            }
            assert!(o[rings + r].ptr_eq(&o[r]));
            assert_eq!(
                arr(&ring[3]),
                [Value::Double(r as f64 + 3.0 / 64.0), Value::Double(-3.0)]
            );
        }
        assert!(o[2 * rings].ptr_eq(&arr(&o[0])[0]));
        assert_eq!(crate::to_vec(&v).unwrap(), b);
        let opts = Options::default();
        same_on_every_path(&b, &opts, "rings");
        for w in 1..200 {
            same_on_every_path(
                &b,
                &Options::default().with_max_work(w),
                &format!("work {w}"),
            );
        }
    }

    /// The fuzz corpora of AMF3 inputs decode the same on every path (with
    /// the default limits and with small ones). (Not compared with a
    /// reader: on some malformed inputs a reader stops at another offset,
    /// which the fuzz targets allow.)
    #[test]
    fn fuzz_corpora_match_the_general_path() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
        let mut seen = 0;
        for dir in ["amf3_value", "amf3_typed", "roundtrip_amf3"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for e in entries.flatten() {
                let bytes = std::fs::read(e.path()).unwrap();
                let what = format!("{}", e.path().display());
                same_from_a_slice(&bytes, &Options::default(), &what);
                let small = Options::default().with_max_work(40).with_max_depth(4);
                same_from_a_slice(&bytes, &small, &what);
                seen += 1;
            }
        }
        assert!(seen > 100, "{seen} corpus files");
    }
}
