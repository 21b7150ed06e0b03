//! Criterion benchmarks of the pool's hot operations on a realistic pool
//! (1 000 000 dDT / 50 000 xDAI, 0.3 % fee). Each iteration clones the pool (five `u128`s, a
//! `u32` and the fee model, about a nanosecond) so that every measured operation sees the same
//! state.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use grassroot_amm::{FeeModel, Pool, Side, Wad, math};

fn pool() -> Pool {
    let mut pool = Pool::new(3000).expect("valid fee");
    pool.add_liquidity(Wad::from_tokens(1_000_000), Wad::from_tokens(50_000), Wad::ZERO, Wad::ZERO)
        .expect("opens the pool");
    pool
}

fn benches(c: &mut Criterion) {
    let base = pool();
    let amount = Wad::parse("123.456789012345678901").expect("valid amount");

    c.bench_function("math::get_amount_out", |b| {
        b.iter(|| {
            math::get_amount_out(
                black_box(amount.raw()),
                black_box(base.reserve_ddt().raw()),
                black_box(base.reserve_xdai().raw()),
                black_box(3000),
            )
        });
    });
    c.bench_function("swap_exact_in", |b| {
        b.iter(|| {
            let mut p = black_box(&base).clone();
            p.swap_exact_in(black_box(Side::SellDdt), black_box(amount), Wad::ZERO)
        });
    });
    c.bench_function("swap_exact_out", |b| {
        b.iter(|| {
            let mut p = black_box(&base).clone();
            p.swap_exact_out(black_box(Side::BuyDdt), black_box(amount), Wad::MAX)
        });
    });
    let mut account = base.clone();
    account.set_fee_model(FeeModel::Account).expect("no fees yet");
    c.bench_function("swap_exact_in_fee_account", |b| {
        b.iter(|| {
            let mut p = black_box(&account).clone();
            p.swap_exact_in(black_box(Side::SellDdt), black_box(amount), Wad::ZERO)
        });
    });
    c.bench_function("swap_exact_out_fee_account", |b| {
        b.iter(|| {
            let mut p = black_box(&account).clone();
            p.swap_exact_out(black_box(Side::BuyDdt), black_box(amount), Wad::MAX)
        });
    });
    c.bench_function("add_liquidity+remove_liquidity", |b| {
        b.iter(|| {
            let mut p = black_box(&base).clone();
            let dep = p.add_liquidity(black_box(amount), black_box(amount), Wad::ZERO, Wad::ZERO)?;
            p.remove_liquidity(dep.lp)
        });
    });
}

criterion_group!(pool_benches, benches);
criterion_main!(pool_benches);
