//! The flows through which the original's defects create and destroy tokens, each counted in
//! the engine's [`Supply`](grassroot_sim::Supply) under the name of its column.

use grassroot_amm::Token;
use grassroot_sim::Flow;

/// dDT created to pair with reinvested fees.
pub const CREATED_BY_REINVEST: Flow = Flow::created("ddt_created_by_reinvest", Token::Ddt);

/// dDT created when a member spent more than it held.
pub const CREATED_BY_OVERSPEND: Flow = Flow::created("ddt_created_by_overspend", Token::Ddt);

/// dDT of The Pie's payouts that reached no member.
pub const PIE_UNPAID: Flow = Flow::destroyed("ddt_pie_unpaid", Token::Ddt);

/// xDAI fees forfeited when a collector reset the fee account.
pub const FEES_FORFEITED: Flow = Flow::destroyed("xdai_fees_forfeited", Token::Xdai);

/// Every flow of the original, in the order of its columns.
pub const ALL: [Flow; 4] = [FEES_FORFEITED, CREATED_BY_REINVEST, CREATED_BY_OVERSPEND, PIE_UNPAID];
