//! Monte Carlo runs and parameter sweeps of grassroot worlds (work in progress).

#[cfg(test)]
mod tests {
    fn is_send<T: Send>() {}

    #[test]
    fn simulation_is_send() {
        is_send::<grassroot_sim::Simulation>();
    }
}
