//! What was ever created or destroyed: the right-hand side of the books.
//!
//! dDT enters the economy by minting (starting balances, or a plugin's minting) and leaves it
//! by burning; xDAI enters as members' starting endowments. A plugin's own operation may
//! create or destroy tokens through another door (the original simulation's defects, say):
//! each such door is a [`Flow`], named and counted here, so the books still balance exactly
//! with it on one side. The books check that these totals equal what wallets, the pool and
//! The Pie hold, exactly, after every step.

use bevy_ecs::resource::Resource;
use grassroot_amm::{Token, Wad, WadError};

/// A door of a plugin's own through which one token enters or leaves the economy, counted in
/// [`Supply`] under its name (the name of its column, where the plugin reports it). Only
/// [`Economy`](crate::Economy)'s counted operations move it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Flow {
    name: &'static str,
    token: Token,
    creates: bool,
}

impl Flow {
    /// A flow through which `token` is created.
    pub const fn created(name: &'static str, token: Token) -> Flow {
        Flow { name, token, creates: true }
    }

    /// A flow through which `token` is destroyed.
    pub const fn destroyed(name: &'static str, token: Token) -> Flow {
        Flow { name, token, creates: false }
    }

    /// Its name.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The token it moves.
    pub const fn token(&self) -> Token {
        self.token
    }

    /// True if it creates its token, false if it destroys it.
    pub const fn creates(&self) -> bool {
        self.creates
    }
}

/// Running totals of issuance, checked against holdings after every step.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct Supply {
    /// dDT ever minted.
    pub ddt_minted: Wad,
    /// dDT ever burned.
    pub ddt_burned: Wad,
    /// xDAI ever given to members.
    pub xdai_endowed: Wad,
    /// What each plugin's flow moved, in the order the flows first moved.
    flows: Vec<(Flow, Wad)>,
}

impl Supply {
    /// Counts minted dDT.
    pub fn mint(&mut self, amount: Wad) -> Result<(), WadError> {
        self.ddt_minted = self.ddt_minted.checked_add(amount)?;
        Ok(())
    }

    /// Counts burned dDT.
    pub fn burn(&mut self, amount: Wad) -> Result<(), WadError> {
        self.ddt_burned = self.ddt_burned.checked_add(amount)?;
        Ok(())
    }

    /// Counts endowed xDAI.
    pub fn endow(&mut self, amount: Wad) -> Result<(), WadError> {
        self.xdai_endowed = self.xdai_endowed.checked_add(amount)?;
        Ok(())
    }

    /// What `flow` has moved so far (0 if it never moved).
    pub fn flow(&self, flow: Flow) -> Wad {
        self.flows.iter().find(|(f, _)| *f == flow).map_or(Wad::ZERO, |(_, w)| *w)
    }

    /// Every flow that has moved, with its total.
    pub fn flows(&self) -> &[(Flow, Wad)] {
        &self.flows
    }

    /// `flow`'s total after `amount` more, if it fits ([`Supply::count`] sets it).
    pub(crate) fn counted(&self, flow: Flow, amount: Wad) -> Result<Wad, WadError> {
        self.flow(flow).checked_add(amount)
    }

    /// Sets `flow`'s total (from [`Supply::counted`]).
    pub(crate) fn count(&mut self, flow: Flow, total: Wad) {
        match self.flows.iter_mut().find(|(f, _)| *f == flow) {
            Some((_, w)) => *w = total,
            None => self.flows.push((flow, total)),
        }
    }

    /// The total of the flows of `token` that create it, and of those that destroy it.
    fn flowed(&self, token: Token) -> Result<(Wad, Wad), WadError> {
        let (mut created, mut destroyed) = (Wad::ZERO, Wad::ZERO);
        for (flow, amount) in self.flows.iter().filter(|(f, _)| f.token == token) {
            let side = if flow.creates { &mut created } else { &mut destroyed };
            *side = side.checked_add(*amount)?;
        }
        Ok((created, destroyed))
    }

    /// dDT that should exist now: minted + created by flows - burned - destroyed by flows.
    pub fn ddt_outstanding(&self) -> Result<Wad, WadError> {
        let (created, destroyed) = self.flowed(Token::Ddt)?;
        self.ddt_minted.checked_add(created)?.checked_sub(self.ddt_burned)?.checked_sub(destroyed)
    }

    /// xDAI that should exist now: endowed + created by flows - destroyed by flows.
    pub fn xdai_outstanding(&self) -> Result<Wad, WadError> {
        let (created, destroyed) = self.flowed(Token::Xdai)?;
        self.xdai_endowed.checked_add(created)?.checked_sub(destroyed)
    }
}

/// What was spent on compute this step, and what could not be.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ComputeStats {
    /// dDT spent on compute (all of it went to The Pie).
    pub spent: Wad,
    /// dDT of compute wanted but not bought: no xDAI, price above a buyer's limit, or no market.
    pub unmet: Wad,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_count_on_their_side_of_the_books() {
        let (made, lost, spilled) = (
            Flow::created("made", Token::Ddt),
            Flow::destroyed("lost", Token::Ddt),
            Flow::destroyed("spilled", Token::Xdai),
        );
        let mut s = Supply::default();
        s.mint(Wad::from_tokens(100)).and_then(|()| s.endow(Wad::from_tokens(50))).unwrap_or_else(|e| panic!("{e}"));
        for (flow, tokens) in [(made, 7), (lost, 3), (made, 1), (spilled, 20)] {
            let total = s.counted(flow, Wad::from_tokens(tokens)).unwrap_or_else(|e| panic!("{e}"));
            s.count(flow, total);
        }
        assert_eq!(s.flow(made), Wad::from_tokens(8));
        assert_eq!(s.flow(Flow::created("never", Token::Ddt)), Wad::ZERO);
        // 100 + 8 - 3 dDT; 50 - 20 xDAI.
        assert_eq!(s.ddt_outstanding(), Ok(Wad::from_tokens(105)));
        assert_eq!(s.xdai_outstanding(), Ok(Wad::from_tokens(30)));
        assert_eq!(s.flows().iter().map(|(f, _)| f.name()).collect::<Vec<_>>(), ["made", "lost", "spilled"]);
    }
}
