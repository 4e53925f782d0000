//! Colours for terminal output: on for a terminal, off in a pipe, as the
//! user asks (`--color`, `NO_COLOR`, `CLICOLOR_FORCE`).

use std::io::IsTerminal;

use anstyle::{AnsiColor, Style};

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set (or `CLICOLOR_FORCE` forces it).
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour what goes to standard output.
    pub fn for_stdout(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty() && v != "0");
                if set("CLICOLOR_FORCE") {
                    return true;
                }
                !set("NO_COLOR") && std::io::stdout().is_terminal()
            }
        }
    }
}

/// The styles of the annotated dump; every method returns plain text when
/// colours are off.
#[derive(Clone, Copy, Debug, Default)]
pub struct Styles {
    on: bool,
}

impl Styles {
    /// Styles that colour (`on`) or not.
    pub fn new(on: bool) -> Self {
        Styles { on }
    }

    /// Whether colours are on.
    pub fn on(&self) -> bool {
        self.on
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.on {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    /// Byte offsets.
    pub fn offset(&self, t: &str) -> String {
        self.paint(Style::new().dimmed(), t)
    }

    /// Raw bytes.
    pub fn bytes(&self, t: &str) -> String {
        self.paint(AnsiColor::Blue.on_default(), t)
    }

    /// Kinds of value and framing fields (`object`, `string`, `header`).
    pub fn kind(&self, t: &str) -> String {
        self.paint(AnsiColor::Cyan.on_default().bold(), t)
    }

    /// Member names, keys and labels.
    pub fn label(&self, t: &str) -> String {
        self.paint(Style::new().bold(), t)
    }

    /// Strings and class names.
    pub fn text(&self, t: &str) -> String {
        self.paint(AnsiColor::Green.on_default(), t)
    }

    /// Numbers, booleans, null.
    pub fn scalar(&self, t: &str) -> String {
        self.paint(AnsiColor::Yellow.on_default(), t)
    }

    /// References and table numbers.
    pub fn reference(&self, t: &str) -> String {
        self.paint(AnsiColor::Magenta.on_default(), t)
    }

    /// Errors.
    pub fn error(&self, t: &str) -> String {
        self.paint(AnsiColor::Red.on_default().bold(), t)
    }

    /// Headings and notes.
    pub fn note(&self, t: &str) -> String {
        self.paint(Style::new().italic(), t)
    }
}
