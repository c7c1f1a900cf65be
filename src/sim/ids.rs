//! Stable ids of the world model (GAME.md §2): small integers assigned in
//! file order at load, used everywhere in the simulation instead of names.

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
