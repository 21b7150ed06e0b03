//! Newcomers' float balances start at their starting dDT, as the original's running balance.

use bevy_ecs::system::{Query, Res};
use grassroot_amm::Wad;
use grassroot_sim::{Newcomers, StartingBalance};

use crate::components::FloatBalance;

/// Moves each newcomer's float balance by its starting dDT (minted in the entry systems).
pub fn start_float_balances(newcomers: Res<Newcomers>, mut members: Query<(&StartingBalance, &mut FloatBalance)>) {
    for &entity in newcomers.iter() {
        if let Ok((start, mut float)) = members.get_mut(entity) {
            float.follow(Wad::ZERO, start.ddt);
        }
    }
}
