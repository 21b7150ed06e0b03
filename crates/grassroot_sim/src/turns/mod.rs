//! Agents' turns: the order a system walks its agents in, and the machinery that makes walking
//! many of them in random order fast. Any system may use it, a plugin's too.
//!
//! **The order** ([`Turns`], `order.rs`). `bevy_ecs` iterates a query archetype by archetype
//! (table by table), so its order changes when a plugin adds an unrelated component or
//! resource. A system whose result depends on the order it visits agents in — it draws from
//! [`SimRng`](crate::SimRng), logs a transaction or does order-dependent arithmetic per agent
//! — takes that order from a [`Turns`]: the acting agents in [`AgentId`](crate::AgentId)
//! order ([`Turns::by_id`]), or a shuffle of it by the run's `SimRng` for their turns
//! ([`Turns::shuffled`]). Sums of integers do not depend on the order and may iterate the query
//! directly. [`StepOrder`] picks one of the two for a system that serves both `TURN_ORDER`s.
//! Ids are dense, so the order is found by placing each agent into a table by its id rather
//! than by sorting; the last input and its order are kept, so a system whose agents did not
//! change since the step before (The Pie's members between two entries) gets its order back
//! by one comparison and one copy.
//!
//! **The plain way**, for a system that acts on a few agents or does much work per agent:
//! order `(AgentId, Entity)` pairs and reach each agent with `query.get_mut(entity)`:
//!
//! ```rust,ignore
//! fn sell(mut agents: Query<(Entity, &AgentId, &mut Wallet)>, mut turns: Local<Turns>, mut rng: ResMut<SimRng>) {
//!     for &(_, entity) in turns.shuffled(&mut rng, agents.iter().map(|(e, id, _)| (*id, e))) {
//!         let Ok((_, id, mut wallet)) = agents.get_mut(entity) else { continue };
//!         // ...
//!     }
//! }
//! ```
//!
//! **The gathered way** ([`Gathered`], [`take_turns`], `gathered.rs`), for a system that walks
//! many agents every step and does little per agent: The Pie's payout (every member), the
//! spenders and the sellers, where the profile shows the turns waiting on memory (see
//! `docs/speed.md` for the measurements). The system copies its acting agents' data from the
//! query into a dense buffer of small flat entries (walking the query with `for_each`, which is
//! bevy_ecs's tight per-table loop, never a `for` loop, `zip` or `extend`), orders indices
//! into it (`Turns<u32>`: the same agents give the same order and the same draws as with
//! entities), takes the turns over the buffer with [`take_turns`], which prefetches every
//! cache line of the entry [`PREFETCH_AHEAD`] turns ahead (`prefetch.rs`, the workspace's one
//! `unsafe` block, a cache hint), and writes the results back: [`write_back`] in one
//! sequential pass when it gathered every queried agent, [`store`] per gathered entity when it
//! gathered a few. Keep an entry small (flatten `Option`s of components into fields and
//! flags): a turn in random order touches one entry, and the fewer cache lines it spans the
//! fewer it waits for.

mod gathered;
mod order;
mod prefetch;

pub use gathered::{Gathered, PREFETCH_AHEAD, store, take_turns, write_back};
pub use order::{StepOrder, Turns};
