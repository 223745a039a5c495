//! The interpreter: which table is what, in which language, how rows nest, what prose
//! constraints say; then pages of one service are merged into one OpenAPI document.

mod build;
mod constraints;
mod fields;
pub mod identity;
mod merge;
mod page;
mod rest;
mod split;

pub use build::build_spec;
pub use constraints::{constraints_of, Constraints};
pub use fields::{Field, FieldType};
pub use page::{interpret, interpret_named, ErrorRow, HttpLine, Page};
pub use rest::Component;
pub use split::split_operations;
