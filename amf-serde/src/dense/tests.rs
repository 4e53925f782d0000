//! Tests of [`Dense`] against `Vec`, and of the ways a `Value` gets one.

use super::*;
use crate::Value;
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// Checks that `d` holds what `v` holds, every way it can be read.
fn check(d: &Dense<u32>, v: &Vec<u32>) {
    assert_eq!(d.as_slice(), v.as_slice());
    assert_eq!(d.len(), v.len());
    assert_eq!(*d, *v);
    assert_eq!(*v, *d);
    assert_eq!(d, v.as_slice());
    assert!(d.capacity() >= d.len());
    assert_eq!(d.clone().into_vec(), *v);
    assert_eq!(d.clone().into_iter().collect::<Vec<_>>(), *v);
    let mut r = v.clone();
    r.reverse();
    assert_eq!(d.clone().into_iter().rev().collect::<Vec<_>>(), r);
    let mut it = d.clone().into_iter();
    assert_eq!(it.len(), v.len());
    if let Some(first) = it.next() {
        assert_eq!(first, v[0]);
        assert_eq!(it.as_slice(), &v[1..]);
        assert_eq!(format!("{it:?}"), format!("DenseIntoIter({:?})", &v[1..]));
    }
    assert_eq!(format!("{d:?}"), format!("{v:?}"));
    // Up to two values stay inline once inline.
    if let Repr::One(_) | Repr::Two(_) = d.0 {
        assert!(v.len() <= 2);
    }
}

/// Random operations on a `Dense` and on a `Vec` side by side, through
/// the inline and heap states and the changes between them.
#[test]
fn dense_behaves_like_a_vec() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut rand = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n.max(1)
    };
    let mut d = Dense::<u32>::new();
    let mut v = Vec::<u32>::new();
    for step in 0..20_000u32 {
        let len = v.len() as u64;
        match rand(18) {
            0..=3 => {
                d.push(step);
                v.push(step);
            }
            4 | 5 => assert_eq!(d.pop(), v.pop()),
            6 => {
                let i = rand(len + 1) as usize;
                d.insert(i, step);
                v.insert(i, step);
            }
            7 if len > 0 => {
                let i = rand(len) as usize;
                assert_eq!(d.remove(i), v.remove(i));
            }
            8 if len > 0 => {
                let i = rand(len) as usize;
                assert_eq!(d.swap_remove(i), v.swap_remove(i));
            }
            9 => {
                let n = rand(len + 2) as usize;
                d.truncate(n);
                v.truncate(n);
            }
            10 => {
                let m = rand(3) as u32 + 2;
                d.retain(|x| x % m != 0);
                v.retain(|x| x % m != 0);
            }
            11 => {
                let (i, j) = (rand(len + 1) as usize, rand(len + 1) as usize);
                let (i, j) = (i.min(j), i.max(j));
                assert!(d.drain(i..j).eq(v.drain(i..j)));
            }
            12 => {
                let more: Vec<u32> = (0..rand(4) as u32).map(|k| step + k).collect();
                if rand(2) == 0 {
                    d.extend(more.iter().copied());
                } else {
                    d.extend_from_slice(&more);
                }
                v.extend(more);
            }
            13 => {
                let n = rand(len + 3) as usize;
                d.resize(n, step);
                v.resize(n, step);
            }
            14 => {
                let at = rand(len + 1) as usize;
                let (dt, vt) = (d.split_off(at), v.split_off(at));
                check(&dt, &vt);
                let mut dt = dt;
                d.append(&mut dt);
                assert!(dt.is_empty());
                v.extend(vt);
            }
            15 => {
                d.shrink_to_fit();
                if v.len() <= 2 {
                    assert!(!matches!(d.0, Repr::Heap(_)) || v.is_empty());
                }
            }
            16 => {
                let n = rand(4) as usize;
                d.reserve(n);
                assert!(d.capacity() >= v.len() + n);
            }
            17 if len > 0 => {
                d[0] = 7;
                v[0] = 7;
                d.dedup();
                v.dedup();
            }
            _ => {
                d.clear();
                v.clear();
            }
        }
        check(&d, &v);
    }
}

#[test]
fn dense_converts_like_a_vec() {
    let d: Dense<u8> = (&[1u8, 2][..]).into();
    assert_eq!(<[u8; 2]>::try_from(d.clone()), Ok([1, 2]));
    assert_eq!(<[u8; 3]>::try_from(d.clone()), Err(d.clone()));
    assert_eq!(
        Dense::from(&[3u8, 4, 5]).into_boxed_slice(),
        vec![3, 4, 5].into_boxed_slice()
    );
    assert_eq!(Dense::from(vec![9u8].into_boxed_slice()), [9]);
    let (low, high) = (Dense::from([1u8, 2]), Dense::from([1u8, 3]));
    assert!(low < high);
    assert_eq!(low.partial_cmp(&high), Some(Ordering::Less));
    assert_eq!(
        Dense::from([2u8]).cmp(&Dense::from(vec![1u8, 5, 6])),
        Ordering::Greater
    );
    let borrowed: &[u8] = d.borrow();
    assert_eq!(borrowed, [1, 2]);
    let mut m = Dense::from([1u8, 2, 3]);
    m.retain_mut(|x| {
        *x *= 2;
        *x != 4
    });
    assert_eq!(m, [2, 6]);
    // Serde sees a sequence; short ones come back inline.
    let bytes = crate::to_vec(&Dense::from([1.5f64, 2.5])).unwrap();
    assert_eq!(bytes, crate::to_vec(&vec![1.5f64, 2.5]).unwrap());
    let back: Dense<f64> = crate::from_slice(&bytes).unwrap();
    assert!(matches!(back.0, Repr::Two([1.5, 2.5])));
    let json = serde_json::to_string(&Dense::from([1, 2, 3])).unwrap();
    assert_eq!(json, "[1,2,3]");
    let back: Dense<i32> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, [1, 2, 3]);
}

#[test]
fn short_dense_parts_stay_inline() {
    let d: Dense<u32> = [1, 2].into();
    assert!(matches!(d.0, Repr::Two([1, 2])));
    let d: Dense<u32> = [1].into();
    assert!(matches!(d.0, Repr::One(1)));
    let d: Dense<u32> = (1..=3).collect();
    assert!(matches!(&d.0, Repr::Heap(v) if v == &[1, 2, 3]));
    // A `Vec` keeps its allocation, even a short one.
    let v = Vec::with_capacity(8);
    let ptr = v.as_ptr();
    let mut d: Dense<u32> = v.into();
    d.push(1);
    assert!(matches!(&d.0, Repr::Heap(v) if v.as_ptr() == ptr));
    // Two inline values and their array node are one allocation.
    assert!(std::mem::size_of::<Dense<Value>>() <= 2 * std::mem::size_of::<Value>() + 8);
}

/// Every way of making a `Value` keeps a short array inline.
#[test]
fn short_arrays_decode_inline() {
    let pair = [1.5f64, -2.0];
    let values = [
        crate::from_slice::<Value>(&crate::to_vec(&pair).unwrap()).unwrap(),
        crate::amf0::from_slice::<Value>(&crate::amf0::to_vec(&pair).unwrap()).unwrap(),
        crate::to_value(&pair).unwrap(),
        crate::to_value(&vec![(1, 2)]).unwrap()[0].clone(),
    ];
    for v in &values {
        let Value::Array(a) = v else { panic!("{v:?}") };
        assert!(matches!(a.dense.0, Repr::Two(_)), "{v:?}");
    }
    assert_eq!(
        values[0].as_array().unwrap().dense,
        [Value::Double(1.5), Value::Double(-2.0)]
    );
    let one = crate::from_slice::<Value>(&crate::to_vec(&[7i32]).unwrap()).unwrap();
    assert!(matches!(
        &one.as_array().unwrap().dense.0,
        Repr::One(Value::Integer(7))
    ));
    let three = crate::from_slice::<Value>(&crate::to_vec(&[7i32; 3]).unwrap()).unwrap();
    assert!(matches!(&three.as_array().unwrap().dense.0, Repr::Heap(v) if v.len() == 3));
}

#[test]
fn dense_equality_and_hash_are_the_slices() {
    use std::collections::hash_map::DefaultHasher;
    let hash = |d: &Dense<u8>| {
        let mut h = DefaultHasher::new();
        d.hash(&mut h);
        h.finish()
    };
    let inline: Dense<u8> = [1, 2].into();
    let heap: Dense<u8> = vec![1, 2].into();
    assert_eq!(inline, heap);
    assert_eq!(hash(&inline), hash(&heap));
    assert_ne!(inline, Dense::from([1, 2, 3]));
}
