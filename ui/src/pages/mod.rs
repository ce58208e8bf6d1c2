//! The pages of the window.

pub mod add_machine;
pub mod first_run;
pub mod forms;
pub mod machine;
pub mod maintenance;
pub mod plant;
pub mod reports;
pub mod sections;
pub mod settings;
pub mod stops;
pub mod tablet;
