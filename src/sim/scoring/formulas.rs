//! The formulas of the scoring model (GAME.md §4), each a pure function:
//! intimacy and intensity, the cost of moving and the room at a
//! destination, domination, Theil's index of sorting, the Gini of groups of
//! equal holders, and fragmentation.

/// Intimacy `ι(N) = 1 / (1 + log10(max(N, 100) / 100))` (§4): a closer
/// ruler reaches further into a life.
pub fn intimacy(people: f64) -> f64 {
    if people <= 100.0 {
        // The same value without the logarithm (log10(1) = 0).
        return 1.0;
    }
    1.0 / (1.0 + (people.max(100.0) / 100.0).log10())
}

/// Intensity `δ = α + λ · ι(N) · α · (1 − α)` of a tier of arbitrariness
/// `alpha` over a jurisdiction of `people` (§4).
pub fn intensity(alpha: f64, people: f64, lambda: f64) -> f64 {
    intensity_at(alpha, intimacy(people), lambda)
}

/// [`intensity`] where the intimacy of the jurisdiction is known.
pub fn intensity_at(alpha: f64, intimacy: f64, lambda: f64) -> f64 {
    alpha + lambda * intimacy * alpha * (1.0 - alpha)
}

/// The cost of reaching a place `hops` provinces away from a province with
/// `infrastructure`: `c = min(1, move_cost · hops · (1 − infrastructure))`.
pub fn moving_cost(hops: f64, infrastructure: f64, move_cost: f64) -> f64 {
    (move_cost * hops * (1.0 - infrastructure)).min(1.0)
}

/// Room at a destination (§4): 1 while its people are under 90 % of its
/// capacity, falling to 0 at capacity, so that a filling province closes
/// gradually rather than at a cliff.
pub fn room(people: f64, capacity: f64) -> f64 {
    if capacity <= 0.0 {
        return 0.0;
    }
    ((capacity - people) / (0.1 * capacity)).clamp(0.0, 1.0)
}

/// Domination exposure `Dom = P · (1 − 0.5 · X)` (§4): exit discipline
/// halves domination at most.
pub fn domination(power_exposure: f64, exit_discipline: f64) -> f64 {
    power_exposure * (1.0 - 0.5 * exit_discipline)
}

/// Theil's multigroup entropy index of cultures across units (§4): 0 when
/// every unit mirrors the whole, 1 when every unit holds one culture.
/// `units[u][c]` is the number of people of culture `c` in unit `u`.
pub fn theil_index<U: AsRef<[f64]>>(units: &[U]) -> f64 {
    let parts: Vec<(f64, f64)> = units.iter().map(|u| unit_entropy(u.as_ref())).collect();
    theil_of(units, &parts)
}

/// A unit's people and the entropy of its cultures (what
/// [`theil_of`] needs of each unit).
pub fn unit_entropy(unit: &[f64]) -> (f64, f64) {
    (unit.iter().sum(), entropy(unit))
}

/// [`theil_index`], given each unit's [`unit_entropy`] (worked out
/// elsewhere, in parallel for instance).
pub fn theil_of<U: AsRef<[f64]>>(units: &[U], parts: &[(f64, f64)]) -> f64 {
    let cultures = units.first().map_or(0, |u| u.as_ref().len());
    let mut totals = vec![0.0; cultures];
    for unit in units {
        for (c, n) in unit.as_ref().iter().enumerate() {
            totals[c] += n;
        }
    }
    let everyone: f64 = totals.iter().sum();
    let whole = entropy(&totals);
    if everyone <= 0.0 || whole <= 1e-12 {
        return 0.0;
    }
    let within: f64 = parts.iter().map(|&(n, e)| n / everyone * e).sum();
    (1.0 - within / whole).clamp(0.0, 1.0)
}

fn entropy(counts: &[f64]) -> f64 {
    let total: f64 = counts.iter().sum();
    if total <= 0.0 {
        return 0.0;
    }
    counts
        .iter()
        .filter(|&&n| n > 0.0)
        .map(|&n| {
            let share = n / total;
            -share * share.ln()
        })
        .sum()
}

/// Gini coefficient over groups of equal holders `(size, holding each)`
/// (§4: never person by person). Sorts `groups` in place.
pub fn gini(groups: &mut [(f64, f64)]) -> f64 {
    // Ties may fall in any order: equal holders add nothing to each other.
    // Holdings are never negative, and for values without a sign the order
    // of their bits is `total_cmp`'s: the same comparisons, made cheaper.
    if groups.iter().all(|g| g.1.is_sign_positive()) {
        groups.sort_unstable_by_key(|g| g.1.to_bits());
    } else {
        groups.sort_unstable_by(|a, b| a.1.total_cmp(&b.1));
    }
    let mut weight_below = 0.0;
    let mut held_below = 0.0;
    let mut pair_sum = 0.0;
    for &(w, x) in groups.iter() {
        pair_sum += w * (x * weight_below - held_below);
        weight_below += w;
        held_below += w * x;
    }
    if weight_below <= 0.0 || held_below <= 0.0 {
        0.0
    } else {
        (pair_sum / (weight_below * held_below)).clamp(0.0, 1.0)
    }
}

/// Fragmentation `F = 1 − Σ p_k²` and `N_eff = 1 / Σ p_k²` over the
/// populations of sovereign top-level units (§4).
pub fn fragmentation(unit_people: &[f64]) -> (f64, f64) {
    let total: f64 = unit_people.iter().sum();
    if total <= 0.0 {
        return (0.0, 0.0);
    }
    let concentration: f64 = unit_people.iter().map(|n| (n / total).powi(2)).sum();
    (1.0 - concentration, 1.0 / concentration)
}
