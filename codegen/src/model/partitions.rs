//! The AWS partitions `aws.partition` looks regions up in: SDK data in the
//! format of botocore's `partitions.json`, not part of any model. The
//! generator embeds the project's vendored copy (`models/partitions.json`,
//! see `models/README.md`) as the default.

use serde_json::{Map, Value};

use super::{ModelError, ModelErrors};

/// `models/partitions.json`, as vendored.
pub const EMBEDDED_PARTITIONS_JSON: &str = include_str!("../../../models/partitions.json");

/// Where problems with the partition data are reported.
const LOCATION: &str = "partitions.json";

/// Every partition, in file order (the order region patterns are tried in).
#[derive(Clone, Debug, PartialEq)]
pub struct Partitions {
    pub version: String,
    pub partitions: Vec<PartitionData>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PartitionData {
    /// `aws`, `aws-cn`, ...
    pub id: String,
    /// The pattern region names of the partition match.
    pub region_regex: String,
    /// The regions the partition names, in file order.
    pub regions: Vec<String>,
    pub outputs: PartitionOutputs,
}

/// What `aws.partition` returns for a region of the partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionOutputs {
    pub name: String,
    pub dns_suffix: String,
    pub dual_stack_dns_suffix: String,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
    pub implicit_global_region: String,
}

impl Partitions {
    /// The vendored partition data.
    pub fn embedded() -> Result<Partitions, ModelErrors> {
        Partitions::from_json(EMBEDDED_PARTITIONS_JSON)
    }

    /// Parses partition data, reporting every problem at once.
    pub fn from_json(text: &str) -> Result<Partitions, ModelErrors> {
        let document: Value = serde_json::from_str(text).map_err(|error| {
            ModelError::at_raw(
                LOCATION,
                format!("the partition data is not valid JSON: {error}"),
            )
        })?;
        let mut errors = Vec::new();
        let Some(object) = document.as_object() else {
            return Err(
                ModelError::at_raw(LOCATION, "the partition data must be an object").into(),
            );
        };
        let version = match object.get("version") {
            Some(Value::String(version)) => version.clone(),
            _ => {
                errors.push(ModelError::at_raw(LOCATION, "`version` must be a string"));
                String::new()
            }
        };
        let partitions = match object.get("partitions") {
            Some(Value::Array(partitions)) => partitions
                .iter()
                .enumerate()
                .filter_map(|(index, partition)| partition_data(index, partition, &mut errors))
                .collect(),
            _ => {
                errors.push(ModelError::at_raw(
                    LOCATION,
                    "`partitions` must be an array",
                ));
                Vec::new()
            }
        };
        ModelErrors::into_result(errors)?;
        Ok(Partitions {
            version,
            partitions,
        })
    }
}

fn partition_data(
    index: usize,
    value: &Value,
    errors: &mut Vec<ModelError>,
) -> Option<PartitionData> {
    let Some(object) = value.as_object() else {
        errors.push(ModelError::at_raw(
            LOCATION,
            format!("partitions[{index}] must be an object"),
        ));
        return None;
    };
    let id = object.get("id").and_then(Value::as_str);
    let name = match id {
        Some(id) => format!("partition `{id}`"),
        None => format!("partitions[{index}]"),
    };
    let mut problem = |message: String| {
        errors.push(ModelError::at_raw(LOCATION, format!("{name}: {message}")));
    };
    if id.is_none() {
        problem("needs a string `id`".to_owned());
    }
    let region_regex = object.get("regionRegex").and_then(Value::as_str);
    if region_regex.is_none() {
        problem("needs a string `regionRegex`".to_owned());
    }
    let regions = match object.get("regions") {
        Some(Value::Object(regions)) => Some(regions.keys().cloned().collect()),
        None => Some(Vec::new()),
        Some(_) => {
            problem("`regions` must be an object".to_owned());
            None
        }
    };
    let outputs = match object.get("outputs") {
        Some(Value::Object(outputs)) => partition_outputs(outputs, &mut problem),
        _ => {
            problem("needs an object `outputs`".to_owned());
            None
        }
    };
    Some(PartitionData {
        id: id?.to_owned(),
        region_regex: region_regex?.to_owned(),
        regions: regions?,
        outputs: outputs?,
    })
}

fn partition_outputs(
    outputs: &Map<String, Value>,
    problem: &mut impl FnMut(String),
) -> Option<PartitionOutputs> {
    let mut string = |key: &str| {
        let value = outputs.get(key).and_then(Value::as_str).map(str::to_owned);
        if value.is_none() {
            problem(format!("`outputs.{key}` must be a string"));
        }
        value
    };
    let (name, dns_suffix, dual_stack_dns_suffix, implicit_global_region) = (
        string("name"),
        string("dnsSuffix"),
        string("dualStackDnsSuffix"),
        string("implicitGlobalRegion"),
    );
    let mut flag = |key: &str| {
        let value = outputs.get(key).and_then(Value::as_bool);
        if value.is_none() {
            problem(format!("`outputs.{key}` must be a boolean"));
        }
        value
    };
    let (supports_fips, supports_dual_stack) = (flag("supportsFIPS"), flag("supportsDualStack"));
    Some(PartitionOutputs {
        name: name?,
        dns_suffix: dns_suffix?,
        dual_stack_dns_suffix: dual_stack_dns_suffix?,
        supports_fips: supports_fips?,
        supports_dual_stack: supports_dual_stack?,
        implicit_global_region: implicit_global_region?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_data_parses() {
        let partitions = Partitions::embedded().expect("the vendored partitions parse");
        let aws = &partitions.partitions[0];
        assert_eq!(aws.id, "aws");
        assert_eq!(aws.outputs.dns_suffix, "amazonaws.com");
        assert!(aws.regions.iter().any(|region| region == "us-east-1"));
        assert!(partitions.partitions.iter().any(|p| p.id == "aws-us-gov"));
    }

    #[test]
    fn reports_every_problem_by_partition() {
        let text = r#"{"version": "1.1", "partitions": [
            {"id": "a", "regionRegex": "^a$", "regions": {}, "outputs": {"name": "a"}},
            {"regionRegex": 3, "outputs": {}},
            7
        ]}"#;
        let errors = Partitions::from_json(text).expect_err("broken data");
        let messages: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
        assert!(
            messages.contains(
                &"`partitions.json`: partition `a`: `outputs.dnsSuffix` must be a string"
                    .to_owned()
            ),
            "{messages:#?}"
        );
        assert!(
            messages.contains(&"`partitions.json`: partitions[1]: needs a string `id`".to_owned()),
            "{messages:#?}"
        );
        assert!(
            messages.contains(&"`partitions.json`: partitions[2] must be an object".to_owned()),
            "{messages:#?}"
        );
        assert!(Partitions::from_json("[").is_err());
    }
}
