//! The one seeded randomness scheme of the simulation (GAME.md §3): every
//! draw is a pure function of `(level seed, turn, entity id, phase, k)`, so a
//! turn's result does not depend on thread count or iteration order.

/// The phase a draw belongs to; part of the key of every draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum DrawPhase {
    /// Orders phase (AI choices).
    Orders = 1,
    /// Authority phase (what follows a fall).
    Authority = 2,
    /// Voice phase.
    Voice = 4,
    /// Exit phase.
    Exit = 5,
    /// Reassociation phase.
    Reassociation = 6,
    /// Events phase.
    Events = 7,
    /// Level generation.
    Generate = 9,
}

/// SplitMix64 finaliser: a fast, well-mixed bijection on `u64`.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A uniform draw in `[0, 1)` for the given key; `k` separates several
/// draws of one entity in one phase.
pub fn unit(seed: u64, turn: u32, entity: u64, phase: DrawPhase, k: u32) -> f64 {
    TurnDraws::new(seed, turn).unit(entity, phase, k)
}

/// The draws of one turn: [`unit`] with the seed and the turn mixed in
/// once, for phases that draw for every citizen.
#[derive(Clone, Copy, Debug)]
pub struct TurnDraws(u64);

impl TurnDraws {
    /// The draws of `turn` under `seed`.
    pub fn new(seed: u64, turn: u32) -> TurnDraws {
        TurnDraws(mix(mix(seed) ^ u64::from(turn)))
    }

    /// The same draw as `unit(seed, turn, entity, phase, k)`.
    pub fn unit(self, entity: u64, phase: DrawPhase, k: u32) -> f64 {
        let h = mix(self.0 ^ entity);
        let h = mix(h ^ ((phase as u64) << 32 | u64::from(k)));
        // 53 random bits into the mantissa.
        (h >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_reproducible_and_keyed() {
        let a = unit(7, 3, 42, DrawPhase::Exit, 0);
        assert_eq!(a, unit(7, 3, 42, DrawPhase::Exit, 0));
        assert_ne!(a, unit(7, 3, 43, DrawPhase::Exit, 0));
        assert_ne!(a, unit(7, 4, 42, DrawPhase::Exit, 0));
        assert_ne!(a, unit(7, 3, 42, DrawPhase::Voice, 0));
        assert_ne!(a, unit(8, 3, 42, DrawPhase::Exit, 0));
        assert_eq!(a, TurnDraws::new(7, 3).unit(42, DrawPhase::Exit, 0));
    }

    #[test]
    fn draws_are_roughly_uniform() {
        let n = 20_000;
        let mean: f64 = (0..n)
            .map(|i| unit(1, 1, i, DrawPhase::Exit, 0))
            .sum::<f64>()
            / n as f64;
        assert!((mean - 0.5).abs() < 0.01, "mean {mean}");
        assert!((0..n).all(|i| (0.0..1.0).contains(&unit(1, 1, i, DrawPhase::Voice, 0))));
    }
}
