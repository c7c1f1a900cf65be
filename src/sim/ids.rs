//! Stable ids of the world model (GAME.md §2): small integers assigned in
//! file order at load, used everywhere in the simulation instead of names.
//! Data that arrives from files names things by their keys (`"bahavia"`)
//! and is resolved to ids once; [`Names`] says which of the two a type
//! holds, so that one definition serves both.

use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        pub struct $name(pub u32);

        impl $name {
            /// The id as an index into dense per-id tables.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// A province, in the order of the level's `provinces` list.
    ProvinceId
);
id_type!(
    /// A polity; polities founded during play get the next free id.
    PolityId
);
id_type!(
    /// A citizen agent.
    CitizenId
);
id_type!(
    /// A commune, numbered in the order they are founded.
    CommuneId
);
id_type!(
    /// A culture, in the order of the level's `cultures` list.
    CultureId
);
id_type!(
    /// A federation, numbered in the order they are formed.
    FederationId
);

/// What a mod's action is aimed at, resolved: one of the actor's provinces
/// or another polity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetId {
    /// A province.
    Province(ProvinceId),
    /// A polity.
    Polity(PolityId),
}

/// A value that can be written to and read from files.
pub trait Named: Clone + Debug + PartialEq + Serialize + DeserializeOwned {}

impl<T: Clone + Debug + PartialEq + Serialize + DeserializeOwned> Named for T {}

/// How orders and effects name what they act on: by the keys written in
/// files ([`Keys`]) or by the ids of a running world ([`Ids`]).
pub trait Names: Clone + Debug + PartialEq {
    /// A province.
    type Province: Named;
    /// A polity.
    type Polity: Named;
    /// A culture.
    type Culture: Named;
    /// The target of a mod's action (none, a province or a polity).
    type Target: Named + Default;
}

/// Names as written in level, orders and rules files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keys;

impl Names for Keys {
    type Province = String;
    type Polity = String;
    type Culture = String;
    type Target = Option<String>;
}

/// Names resolved to the ids of a running world.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ids;

impl Names for Ids {
    type Province = ProvinceId;
    type Polity = PolityId;
    type Culture = CultureId;
    type Target = Option<TargetId>;
}

/// Items sorted by their stable id: every rule iterates in id order, never
/// in query order.
pub fn sorted<T, K: Ord>(items: impl Iterator<Item = T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut list: Vec<T> = items.collect();
    // Queries mostly give them in id order already.
    if !list.is_sorted_by_key(&key) {
        list.sort_by_key(|item| key(item));
    }
    list
}
