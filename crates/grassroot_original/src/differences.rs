//! Every difference between the original simulation and grassroot's default, as the keys
//! that switch it from the original's value (`--scenario original`) to grassroot's: the list
//! `docs/original.md` tabulates and the `original_to_grassroot` example walks, one at a time.

/// Whether the original's behaviour is a defect (against its own README, reproduced by
/// `--scenario original` only) or a modelling choice (an ordinary key of every scenario).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nature {
    /// The original's code contradicts its README or its own intent.
    Defect,
    /// A choice a modeller may make either way.
    Choice,
}

/// One difference: what it is, and the keys and grassroot's values that switch it off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Difference {
    /// A short label (the figure's legend).
    pub label: &'static str,
    /// Defect or choice.
    pub nature: Nature,
    /// The keys with grassroot's values; the original's are `--scenario original`'s defaults.
    pub grassroot: &'static [(&'static str, &'static str)],
}

/// The differences in the order the walk from the original to grassroot takes them: the
/// defects first, then the choices; after the last, `--scenario original` computes what
/// `--scenario seed` does.
pub const DIFFERENCES: [Difference; 12] = [
    Difference {
        label: "The Pie pays its members",
        nature: Nature::Defect,
        grassroot: &[("ORIGINAL_PIE_PAYS_NOBODY", "off")],
    },
    Difference { label: "fees kept for every LP", nature: Nature::Defect, grassroot: &[("ORIGINAL_FEE_RESET", "off")] },
    Difference {
        label: "reinvested fees paid in full",
        nature: Nature::Defect,
        grassroot: &[("ORIGINAL_REINVEST_CREATES_DDT", "off")],
    },
    Difference {
        label: "no spending beyond a balance",
        nature: Nature::Defect,
        grassroot: &[("POWER_USER_OVERSPENDS", "off")],
    },
    Difference { label: "exact balances", nature: Nature::Defect, grassroot: &[("ORIGINAL_FLOAT_BALANCES", "off")] },
    Difference { label: "Uniswap's LP mint", nature: Nature::Defect, grassroot: &[("ORIGINAL_LP_SHARES", "off")] },
    Difference {
        label: "fees stay in the reserves",
        nature: Nature::Choice,
        grassroot: &[("FEE_MODEL", "reserves"), ("DEGEN_USER_FEE_REINVEST", "0")],
    },
    Difference {
        label: "buy exactly the dDT needed",
        nature: Nature::Choice,
        grassroot: &[("ORGANIZATION_BUY", "exact_out"), ("POWER_USER_BUY", "exact_out")],
    },
    Difference {
        label: "spend and sell what is held",
        nature: Nature::Choice,
        grassroot: &[("POWER_USER_PARTIAL", "on"), ("ACTIVE_USER_PARTIAL", "on"), ("CASUAL_USER_PARTIAL", "on")],
    },
    Difference {
        label: "entry by quota, no founders",
        nature: Nature::Choice,
        grassroot: &[
            ("ENTRY_RULE", "quota"),
            ("DEGEN_USER_FOUNDERS", "0"),
            ("ORGANIZATION_FOUNDERS", "0"),
            ("POWER_USER_FOUNDERS", "0"),
            ("ACTIVE_USER_FOUNDERS", "0"),
            ("CASUAL_USER_FOUNDERS", "0"),
        ],
    },
    Difference { label: "an empty pool has no price", nature: Nature::Choice, grassroot: &[("EMPTY_POOL_PRICE", "0")] },
    Difference { label: "turns by phases, shuffled", nature: Nature::Choice, grassroot: &[("TURN_ORDER", "phases")] },
];
