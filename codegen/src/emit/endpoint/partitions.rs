//! `src/endpoint/partitions.rs`: the partition table as static data, each
//! `regionRegex` compiled into `MatchSet` steps (no regex engine at run time).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::docs::doc_attrs;
use crate::emit::ident;
use crate::lower::endpoint::{PartitionIr, PartitionsIr, RegexIr};

pub(super) fn partitions_file(table: &PartitionsIr) -> TokenStream {
    let entries = table.partitions.iter().map(entry);
    let matchers = table.partitions.iter().map(matcher);
    quote! {
        //! The partitions `aws.partition` looks regions up in, in lookup order:
        //! compiled from the generator's partition data (`models/partitions.json`).

        /// Every partition: its outputs, the regions it names, and its region pattern.
        pub(super) static PARTITIONS: &[crate::runtime::endpoint::PartitionEntry] = &[
            #(#entries),*
        ];

        #(#matchers)*
    }
}

fn entry(partition: &PartitionIr) -> TokenStream {
    let outputs = &partition.outputs;
    let (id, name, dns_suffix, dual_stack_dns_suffix, implicit_global_region) = (
        &partition.id,
        &outputs.name,
        &outputs.dns_suffix,
        &outputs.dual_stack_dns_suffix,
        &outputs.implicit_global_region,
    );
    let (supports_fips, supports_dual_stack) = (outputs.supports_fips, outputs.supports_dual_stack);
    let regions = &partition.regions;
    let matcher = ident(&partition.matcher);
    quote! {
        crate::runtime::endpoint::PartitionEntry {
            id: #id,
            outputs: crate::runtime::endpoint::Partition {
                name: #name,
                dns_suffix: #dns_suffix,
                dual_stack_dns_suffix: #dual_stack_dns_suffix,
                supports_fips: #supports_fips,
                supports_dual_stack: #supports_dual_stack,
                implicit_global_region: #implicit_global_region,
            },
            regions: &[#(#regions),*],
            region_matches: #matcher,
        }
    }
}

fn matcher(partition: &PartitionIr) -> TokenStream {
    let docs = doc_attrs(&[format!(
        "Whether a region matches `{}`, the pattern of `{}`.",
        partition.region_regex, partition.id
    )]);
    let name = ident(&partition.matcher);
    let pattern = node(&partition.pattern);
    quote! {
        #docs
        fn #name(region: &str) -> bool {
            crate::runtime::endpoint::MatchSet::search(region, |set| #pattern)
        }
    }
}

/// The steps of a pattern node, as an expression of the positions reached
/// from those in `set`.
fn node(node: &RegexIr) -> TokenStream {
    match node {
        RegexIr::Empty => quote!(set.clone()),
        RegexIr::Literal(text) => quote!(set.literal(#text)),
        RegexIr::Class { ranges, negated } => {
            let test = class_test(ranges, *negated);
            quote!(set.class(|c| #test))
        }
        RegexIr::Start => quote!(set.at_start()),
        RegexIr::End => quote!(set.at_end()),
        RegexIr::Concat(items) => {
            let Some((last, first)) = items.split_last() else {
                return quote!(set.clone());
            };
            let first = first.iter().map(|item| {
                let step = self::node(item);
                quote!(let set = #step;)
            });
            let last = self::node(last);
            quote!({ #(#first)* #last })
        }
        RegexIr::Alternation(branches) => {
            let branches = branches.iter().map(self::node);
            quote!(crate::runtime::endpoint::MatchSet::any_of([#(#branches),*]))
        }
        RegexIr::Repeat { node, min, max } => {
            let step = self::node(node);
            match (min, max) {
                (0, None) => quote!(set.star(|set| #step)),
                (1, None) => quote!(set.plus(|set| #step)),
                (0, Some(1)) => quote!(set.optional(|set| #step)),
                (min, max) => {
                    let min = Literal::usize_unsuffixed(*min);
                    let max = match max {
                        Some(max) => {
                            let max = Literal::usize_unsuffixed(*max);
                            quote!(Some(#max))
                        }
                        None => quote!(None),
                    };
                    quote!(set.repeat(#min, #max, |set| #step))
                }
            }
        }
    }
}

/// A `bool` expression of the character `c`: the `char` methods where one
/// names the class exactly (clippy prefers them), else `matches!`.
fn class_test(ranges: &[(char, char)], negated: bool) -> TokenStream {
    let named = match ranges {
        [('0', '9')] => Some(quote!(c.is_ascii_digit())),
        [('a', 'z')] => Some(quote!(c.is_ascii_lowercase())),
        [('A', 'Z')] => Some(quote!(c.is_ascii_uppercase())),
        [('a', 'z'), ('A', 'Z')] => Some(quote!(c.is_ascii_alphabetic())),
        [('a', 'z'), ('A', 'Z'), ('0', '9')] => Some(quote!(c.is_ascii_alphanumeric())),
        [('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')] => {
            return if negated {
                quote!(!c.is_ascii_alphanumeric() && c != '_')
            } else {
                quote!(c.is_ascii_alphanumeric() || c == '_')
            };
        }
        [(low, high)] if low == high => {
            let c = Literal::character(*low);
            return if negated {
                quote!(c != #c)
            } else {
                quote!(c == #c)
            };
        }
        _ => None,
    };
    let test = named.unwrap_or_else(|| {
        let patterns = ranges.iter().map(|(low, high)| {
            let low_literal = Literal::character(*low);
            if low == high {
                quote!(#low_literal)
            } else {
                let high = Literal::character(*high);
                quote!(#low_literal..=#high)
            }
        });
        quote!(std::matches!(c, #(#patterns)|*))
    });
    if negated { quote!(!#test) } else { test }
}
