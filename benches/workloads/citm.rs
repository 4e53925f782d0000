//! Typed model of `citm_catalog.json` (a concert-hall ticketing catalogue),
//! modelled like serde-rs/json-benchmark: id-keyed maps as `BTreeMap`s with
//! string keys, always-null fields as `()`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The id-keyed maps: keys are decimal ids, as the JSON has them.
pub type IdMap<V> = BTreeMap<String, V>;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CitmCatalog {
    pub area_names: IdMap<String>,
    pub audience_sub_category_names: IdMap<String>,
    pub block_names: IdMap<String>,
    pub events: IdMap<Event>,
    pub performances: Vec<Performance>,
    pub seat_category_names: IdMap<String>,
    pub sub_topic_names: IdMap<String>,
    pub subject_names: IdMap<String>,
    pub topic_names: IdMap<String>,
    pub topic_sub_topics: IdMap<Vec<u32>>,
    pub venue_names: BTreeMap<String, String>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub description: (),
    pub id: u32,
    pub logo: Option<String>,
    pub name: String,
    pub sub_topic_ids: Vec<u32>,
    pub subject_code: (),
    pub subtitle: (),
    pub topic_ids: Vec<u32>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Performance {
    pub event_id: u32,
    pub id: u32,
    pub logo: Option<String>,
    pub name: (),
    pub prices: Vec<Price>,
    pub seat_categories: Vec<SeatCategory>,
    pub seat_map_image: (),
    /// Milliseconds since the epoch (beyond 2^28: a double in AMF3).
    pub start: u64,
    pub venue_code: String,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Price {
    pub amount: u32,
    pub audience_sub_category_id: u32,
    pub seat_category_id: u32,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SeatCategory {
    pub areas: Vec<Area>,
    pub seat_category_id: u32,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Area {
    pub area_id: u32,
    /// Always empty in this document.
    pub block_ids: Vec<u32>,
}
