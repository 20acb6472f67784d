//! `smithy.api#paginated`, lowered once every type is, so that the output
//! paths (`outputToken`, `items`, which may reach into nested structures)
//! are typed against the lowered fields they name.

use super::ir::*;
use super::values::Types;
use crate::model::{Model, ModelError, Paginated, ShapeId, trait_ids};

/// Fills in each paginated operation's paginator; every problem is reported,
/// each naming the operation and the trait member at fault.
pub(super) fn lower_paginators(
    model: &Model,
    service: Paginated<'_>,
    operations: &mut [(ShapeId, OperationIr)],
    shared_types: &[TypeIr],
) -> Vec<ModelError> {
    let types = Types::new(shared_types);
    let mut errors = Vec::new();
    for (id, operation) in operations.iter_mut() {
        let Some(paginated) = model.shape(id).and_then(|shape| shape.traits.paginated()) else {
            continue;
        };
        match paginator(paginated.or(service), operation, &types) {
            Ok(paginator) => operation.paginator = Some(paginator),
            Err(problems) => errors.extend(
                problems
                    .into_iter()
                    .map(|problem| ModelError::at(id, problem)),
            ),
        }
    }
    errors
}

fn paginator(
    paginated: Paginated<'_>,
    operation: &OperationIr,
    types: &Types<'_>,
) -> Result<PaginatorIr, Vec<String>> {
    let mut problems = Vec::new();
    let mut problem = |member: &str, path: &str, message: String| {
        problems.push(format!(
            "`{}` {member} `{path}`: {message}",
            trait_ids::PAGINATED
        ));
    };
    let missing = |member: &str| {
        format!(
            "`{}` has no `{member}`, on the operation or its service",
            trait_ids::PAGINATED
        )
    };
    let input = &operation.input;
    let input_token = match paginated.input_token {
        None => Err(missing("inputToken")),
        Some(name) => match input_token(input, name) {
            Ok(field) if field.ty == ValueType::String => Ok(field),
            Ok(_) => Err(format!("`{name}` must target a string")),
            Err(message) => Err(message),
        },
    }
    .map_err(|message| problem("inputToken", paginated.input_token.unwrap_or(""), message));

    let output_token = match paginated.output_token {
        None => Err(missing("outputToken")),
        Some(path) => match output_path(&operation.output, path, types) {
            Ok((steps, ValueType::String)) => Ok(steps),
            Ok(_) => Err(format!("`{path}` must end in a string")),
            Err(message) => Err(message),
        },
    }
    .map_err(|message| problem("outputToken", paginated.output_token.unwrap_or(""), message));

    let items = paginated
        .items
        .map(
            |path_text| match output_path(&operation.output, path_text, types) {
                Ok((path, ty @ (ValueType::List { .. } | ValueType::Map { .. }))) => {
                    Ok(PaginatedItemsIr {
                        path,
                        member_path: path_text.to_owned(),
                        ty: ty.clone(),
                    })
                }
                Ok(_) => Err(format!("`{path_text}` must end in a list or a map")),
                Err(message) => Err(message),
            },
        )
        .transpose()
        .map_err(|message| problem("items", paginated.items.unwrap_or(""), message));

    let page_size = paginated
        .page_size
        .map(|name| match member(input, name, "the input") {
            Ok(field) if is_integer(&field.ty) => Ok(PageSizeIr {
                field: field.name.clone(),
                member_name: field.member_name.clone(),
                ty: field.ty.clone(),
                optional: field.presence.is_option(),
            }),
            Ok(_) => Err(format!("`{name}` must target an integer")),
            Err(message) => Err(message),
        })
        .transpose()
        .map_err(|message| problem("pageSize", paginated.page_size.unwrap_or(""), message));

    match (input_token, output_token, items, page_size) {
        (Ok(input_token), Ok(output_token), Ok(items), Ok(page_size)) => Ok(PaginatorIr {
            input_token: input_token.name.clone(),
            input_token_member: input_token.member_name.clone(),
            output_token,
            items,
            page_size,
        }),
        _ => Err(problems),
    }
}

/// The input member the token goes in: an optional one, since the first
/// page is asked for without it (Smithy's rule; a page size may be required).
fn input_token<'i>(input: &'i StructureIr, name: &str) -> Result<&'i FieldIr, String> {
    let field = member(input, name, "the input")?;
    if field.presence == Presence::Optional {
        Ok(field)
    } else {
        Err(format!("`{name}` must not be required or have a default"))
    }
}

fn member<'s>(structure: &'s StructureIr, name: &str, what: &str) -> Result<&'s FieldIr, String> {
    structure
        .member(name)
        .ok_or_else(|| format!("`{name}` is not a member of {what}"))
}

/// The fields a dotted member path (`Page.NextToken`) goes through from the
/// output, and the type it ends in.
fn output_path<'t>(
    output: &'t StructureIr,
    path: &str,
    types: &Types<'t>,
) -> Result<(Vec<PathStepIr>, &'t ValueType), String> {
    let mut structure = output;
    let mut steps = Vec::new();
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let field = member(structure, segment, &format!("`{}`", structure.name))?;
        steps.push(PathStepIr {
            field: field.name.clone(),
            optional: field.presence.is_option(),
        });
        if segments.peek().is_none() {
            return Ok((steps, &field.ty));
        }
        structure = match &field.ty {
            ValueType::Structure { name, .. } => types
                .shared_structure(name)
                .ok_or_else(|| format!("`{name}` is not a generated structure"))?,
            _ => {
                return Err(format!(
                    "`{segment}` is not a structure, so it has no members"
                ));
            }
        };
    }
    Err("the path is empty".to_owned())
}

fn is_integer(ty: &ValueType) -> bool {
    matches!(
        ty,
        ValueType::Byte | ValueType::Short | ValueType::Integer | ValueType::Long
    )
}
