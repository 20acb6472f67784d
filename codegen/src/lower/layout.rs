//! Whether the crate is one package or several that build in parallel, and
//! which operations each package of operations holds.

use super::{LayoutIr, OperationIr, OperationsPackageIr, PackageIr, SplitIr, naming};

/// How to lay the crate out in packages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Packaging {
    /// One package for up to [`Packaging::AUTOMATIC_OPERATIONS_PER_PACKAGE`]
    /// operations; above that, split into packages of at most that many.
    #[default]
    Automatic,
    /// One package, however many operations (what a build script's one file needs).
    Single,
    /// Split, with at most this many operations in a package.
    OperationsPerPackage(usize),
}

impl Packaging {
    /// Small enough that a package of operations builds in a few seconds,
    /// large enough that a crate of a few services' worth of operations stays
    /// one package. The whole EC2 API (830 operations) gets three; on two
    /// cores three built as fast as two or five, with the least CPU.
    pub const AUTOMATIC_OPERATIONS_PER_PACKAGE: usize = 300;
}

pub(super) fn layout(
    package_name: &str,
    operations: &[OperationIr],
    packaging: Packaging,
) -> LayoutIr {
    let per_package = match packaging {
        Packaging::Single => return LayoutIr::Single,
        Packaging::Automatic if operations.len() <= Packaging::AUTOMATIC_OPERATIONS_PER_PACKAGE => {
            return LayoutIr::Single;
        }
        Packaging::Automatic => Packaging::AUTOMATIC_OPERATIONS_PER_PACKAGE,
        Packaging::OperationsPerPackage(count) => count.max(1),
    };
    let count = operations.len().div_ceil(per_package).max(1);
    let package = |suffix: &str| PackageIr {
        package_name: format!("{package_name}-{suffix}"),
        crate_name: naming::crate_name(&format!("{package_name}-{suffix}")),
        directory: format!("crates/{suffix}"),
    };
    let operations = balanced_ranges(operations, count)
        .into_iter()
        .enumerate()
        .map(|(index, operations)| OperationsPackageIr {
            package: package(&format!("operations-{}", index + 1)),
            operations,
        })
        .collect();
    LayoutIr::Split(Box::new(SplitIr {
        core: package("core"),
        types: package("types"),
        client: package("client"),
        operations,
    }))
}

/// `count` consecutive ranges of the operations (which are in name order, so
/// that a package holds neighbours) of about equal compile cost, estimated
/// as the members an operation's input and output have.
fn balanced_ranges(operations: &[OperationIr], count: usize) -> Vec<std::ops::Range<usize>> {
    let weight =
        |operation: &OperationIr| 1 + operation.input.fields.len() + operation.output.fields.len();
    let total: usize = operations.iter().map(weight).sum();
    let mut ranges = Vec::with_capacity(count);
    let (mut start, mut sum) = (0, 0);
    for (index, operation) in operations.iter().enumerate() {
        sum += weight(operation);
        let remaining_packages = count - ranges.len();
        let remaining_operations = operations.len() - index - 1;
        // Close a package once it has its share, or when each package left
        // needs one of the operations left.
        let share_reached = sum * count >= total * (ranges.len() + 1);
        if remaining_packages > 1 && (share_reached || remaining_operations < remaining_packages) {
            ranges.push(start..index + 1);
            start = index + 1;
        }
    }
    ranges.push(start..operations.len());
    ranges
}
