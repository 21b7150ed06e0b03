//! Merging the layers with the `config` crate: schema defaults as `config` defaults, each
//! layer as a `config::Source` (later sources win), flags as `config` overrides. `config`
//! decides which layer's value wins; this is the layering it is made for.
//!
//! **What is done by hand around it, and why.** A `config` value carries where it came from
//! only as an optional string (`Value::origin`), and the layers here are read by this crate,
//! not by `config` sources (TOML is parsed in `toml_file.rs` to keep line numbers, `.env` in
//! `dotenv.rs`). So each value is handed to `config` tagged with the position of its typed
//! [`Origin`] in a table this module owns, and the winner's `Origin` is taken back from that
//! table after the merge; the tag never leaves this module (printing the origin into the
//! string instead would lose paths that are not Unicode and need parsing back).

use config::{Config, Map, Source, Value as CValue};

use crate::error::{ConfigError, ErrorKind};
use crate::origin::Origin;
use crate::schema::Schema;
use crate::sources::Assignment;

/// One layer's values, keyed by lower-case key, as a `config` source.
#[derive(Clone, Debug)]
struct Layer(Map<String, CValue>);

impl Source for Layer {
    fn clone_into_box(&self) -> Box<dyn Source + Send + Sync> {
        Box::new(self.clone())
    }

    fn collect(&self) -> Result<Map<String, CValue>, config::ConfigError> {
        Ok(self.0.clone())
    }
}

/// The origins of all values, indexed by the tag stored as each `config` value's origin.
struct Origins(Vec<Origin>);

impl Origins {
    fn tag(&mut self, origin: &Origin) -> String {
        self.0.push(origin.clone());
        (self.0.len() - 1).to_string()
    }

    fn value(&mut self, a: &Assignment) -> CValue {
        let tag = self.tag(&a.origin);
        CValue::new(Some(&tag), a.text.clone())
    }
}

fn merge_error(e: &config::ConfigError) -> ConfigError {
    ConfigError::new(ErrorKind::Merge, format!("merging the configuration layers failed: {e}"))
}

/// The winning `(text, origin)` of every schema key, in schema order.
pub(crate) fn merge(
    schema: &Schema,
    layers: &[Vec<Assignment>],
    overrides: &[Assignment],
) -> Result<Vec<(String, Origin)>, ConfigError> {
    let mut origins = Origins(Vec::new());
    let mut builder = Config::builder();
    for spec in schema.specs() {
        let tag = origins.tag(&Origin::Default);
        builder = builder
            .set_default(spec.toml_key(), CValue::new(Some(&tag), spec.default.clone()))
            .map_err(|e| merge_error(&e))?;
    }
    for layer in layers {
        let mut map = Map::new();
        for a in layer {
            // Within a layer a later assignment wins, as in a shell.
            map.insert(a.key.to_ascii_lowercase(), origins.value(a));
        }
        builder = builder.add_source(Layer(map));
    }
    for a in overrides {
        let value = origins.value(a);
        builder = builder.set_override(a.key.to_ascii_lowercase(), value).map_err(|e| merge_error(&e))?;
    }
    let merged = builder.build().map_err(|e| merge_error(&e))?;
    let table = merged.cache.into_table().map_err(|e| merge_error(&e))?;
    schema
        .specs()
        .iter()
        .map(|spec| {
            let missing =
                || ConfigError::new(ErrorKind::Merge, "is missing after merging the layers").with_key(&spec.key);
            let value = table.get(&spec.toml_key()).ok_or_else(missing)?;
            let origin = value
                .origin()
                .and_then(|tag| tag.parse::<usize>().ok())
                .and_then(|i| origins.0.get(i))
                .cloned()
                .ok_or_else(missing)?;
            let text = value.clone().into_string().map_err(|e| merge_error(&e))?;
            Ok((text, origin))
        })
        .collect()
}
