//! The mechanism's systems, one file per job: Circles (demurrage, issuance), members joining,
//! contributions, locking and redeeming, The Pie per use case, the books, the metrics.

pub mod books;
pub mod circles;
pub mod contributions;
pub mod joining;
pub mod locking;
pub mod metrics;
pub mod pie;
