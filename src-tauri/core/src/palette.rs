//! Colours of machine states, shared by the window and the PDF charts so a state looks the
//! same everywhere. From the Okabe-Ito palette, which stays distinguishable for the common
//! kinds of colour blindness; every state is also shown by its word, never by colour alone.

use crate::model::MachineState;

/// Running: bluish green.
pub const RUNNING: &str = "#009E73";
/// Down (unplanned stop): vermillion.
pub const DOWN: &str = "#D55E00";
/// Planned stop: sky blue.
pub const PLANNED: &str = "#56B4E9";
/// No data: grey.
pub const NO_DATA: &str = "#8C8C8C";
/// Not scheduled: light grey.
pub const NOT_SCHEDULED: &str = "#D9D9D9";
/// Small stops and warnings: yellow.
pub const WARNING: &str = "#F0E442";
/// Accent for figures and links: blue.
pub const ACCENT: &str = "#0072B2";
/// A second colour for lines and bars beside the state colours: orange.
pub const ORANGE: &str = "#E69F00";

/// The colour of a state.
pub fn state_colour(state: Option<MachineState>) -> &'static str {
    match state {
        Some(MachineState::Running) => RUNNING,
        Some(MachineState::Down) => DOWN,
        Some(MachineState::Planned) => PLANNED,
        Some(MachineState::NoData) | None => NO_DATA,
    }
}

/// The word for a state in the plant's language, as the window's tiles and timeline and
/// the terminal table show it beside its colour.
pub fn state_word(state: Option<MachineState>, l: crate::i18n::Locale) -> String {
    l.t(match state {
        Some(MachineState::Running) => "state-running",
        Some(MachineState::Down) => "state-down",
        Some(MachineState::Planned) => "state-planned",
        Some(MachineState::NoData) => "state-no-data",
        None => "state-waiting",
    })
}
